using Synthesis.Nlp;

namespace Synthesis.Nlp.Tests;

public class PassageSplitterTests
{
    static string[] Split(string text, int maxWords = 80) =>
        new PassageSplitter(maxWords).Split(text).Select(s => s.Of(text)).ToArray();

    [Fact]
    public void Splits_sentences_and_keeps_exact_ranges()
    {
        var text = "Les loyers augmentent. Les familles partent du quartier ! Que faire ?";
        var spans = PassageSplitter.Default.Split(text);
        Assert.Equal(["Les loyers augmentent.", "Les familles partent du quartier !", "Que faire ?"], spans.Select(s => s.Of(text)));
        Assert.Equal(0, spans[0].Start);
        Assert.Equal(text.Length, spans[^1].End);
    }

    [Fact]
    public void Abbreviations_initials_and_numbers_do_not_end_a_sentence()
    {
        Assert.Equal(
            ["M. Dupont et Mme Martin ont vu le Dr Leroy, cf. p. 12 du rapport.", "Le budget est de 3.5 millions, soit 12 % de plus."],
            Split("M. Dupont et Mme Martin ont vu le Dr Leroy, cf. p. 12 du rapport. Le budget est de 3.5 millions, soit 12 % de plus."));
        Assert.Single(Split("J. Ferry a fondé l'école publique en 1881."));
    }

    [Fact]
    public void An_ellipsis_followed_by_lower_case_continues_the_sentence()
    {
        Assert.Single(Split("On attend... et rien ne vient jamais pour nous."));
        Assert.Equal(2, Split("On attend... Rien ne vient.").Length);
    }

    [Fact]
    public void List_items_become_passages_without_their_markers()
    {
        var text = "Nos demandes :\n- plus de bancs publics\n- des horaires élargis pour la maison de quartier\n1. un accueil le soir\n2) des repas partagés";
        Assert.Equal(
            ["Nos demandes :", "plus de bancs publics", "des horaires élargis pour la maison de quartier", "un accueil le soir", "des repas partagés"],
            Split(text));
    }

    [Fact]
    public void Wrapped_lines_stay_together_and_unpunctuated_lines_split()
    {
        Assert.Single(Split("Il faudrait que la mairie\nouvre plus souvent le centre social."));
        Assert.Equal(["Manque de transports", "Solitude des personnes âgées"], Split("Manque de transports\nSolitude des personnes âgées"));
        Assert.Equal(2, Split("Premier paragraphe sans point\n\ndeuxième paragraphe").Length);
    }

    [Fact]
    public void Long_runs_without_punctuation_are_capped_at_natural_breaks()
    {
        // A transcript-like run of 200 words with commas and "mais" but no full stop.
        var words = string.Join(" ", Enumerable.Range(0, 20).Select(i =>
            i % 3 == 0 ? "on se retrouve au marché le samedi matin avec les voisins, mais" : "les jeunes du quartier viennent aider à porter les courses des anciens et"));
        var passages = Split(words, maxWords: 40);
        Assert.True(passages.Length >= 5);
        Assert.All(passages, p => Assert.InRange(p.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length, 1, 40));
        Assert.Equal(words.Split(' ').Length, passages.Sum(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length));
    }

    [Fact]
    public void Text_without_letters_yields_no_passage()
    {
        Assert.Empty(Split(""));
        Assert.Empty(Split("  \n - \n 12. "));
    }

    [Fact]
    public void Quotes_after_the_full_stop_stay_with_the_sentence()
    {
        Assert.Equal(["Elle a dit : « On est seuls. »", "Personne ne vient."], Split("Elle a dit : « On est seuls. » Personne ne vient."));
    }
}
