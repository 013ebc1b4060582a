using Synthesis.Nlp.Sentiment;
using Label = Synthesis.Sentiment;

namespace Synthesis.Nlp.Tests.Sentiment;

public class FrenchSentimentTests(SentimentFixture fixture) : IClassFixture<SentimentFixture>
{
    readonly FrenchSentiment _s = fixture.Sentiment;

    SentimentResult Score(string text) => _s.Score(text);

    [Theory]
    [InlineData("C'est bien.", Label.Positive)]
    [InlineData("Merci pour cette belle initiative !", Label.Positive)]
    [InlineData("Une série géniale, je recommande.", Label.Positive)]
    [InlineData("C'est nul.", Label.Negative)]
    [InlineData("Je suis isolée depuis le confinement, c'est la galère.", Label.Negative)]
    [InlineData("La précarité et l'isolement des personnes âgées sont inacceptables.", Label.Negative)]
    [InlineData("La réunion a lieu mardi à la mairie.", Label.Neutral)]
    public void Labels_plain_sentences(string text, Label expected) => Assert.Equal(expected, Score(text).Label);

    [Fact]
    public void Negation_flips_a_positive_word()
    {
        Assert.Equal(Label.Negative, Score("ce n'est pas bien").Label);
        Assert.Equal(Label.Negative, Score("je n'aime pas du tout").Label);
        Assert.Equal(Label.Negative, Score("Ce n’est vraiment pas bon.").Label); // typographic apostrophe
        Assert.Equal(Label.Negative, Score("c'est pas terrible").Label);         // idiom, not a negated "terrible"
    }

    [Fact]
    public void Negation_of_a_negative_word_is_not_negative()
    {
        Assert.True(Score("pas mal du tout").Score > 0);
        Assert.NotEqual(Label.Negative, Score("sans aucun problème").Label);
        Assert.NotEqual(Label.Negative, Score("ce n'est pas mauvais").Label);
        Assert.Equal(Label.Positive, Score("il ne manque pas de charme").Label);
        Assert.Equal(Label.Positive, Score("une série à ne pas rater").Label);
    }

    [Fact]
    public void Ne_que_restricts_and_does_not_negate()
    {
        Assert.True(Score("je ne regarde que des séries géniales").Score > 0);
    }

    [Fact]
    public void A_negation_with_nothing_polar_reads_as_a_lack()
    {
        Assert.Equal(Label.Negative, Score("Il n'y a pas de bus le dimanche.").Label);
        Assert.True(Score("manque de respect envers les habitants").Score < 0);
    }

    [Fact]
    public void Intensifiers_strengthen_and_diminishers_weaken()
    {
        var plain = Score("c'est bien").Score;
        Assert.True(Score("c'est très bien").Score > plain);
        Assert.True(Score("c'est vraiment très bien").Score > Score("c'est très bien").Score);
        Assert.True(Score("c'est un peu mauvais").Score > Score("c'est mauvais").Score);
        Assert.True(Score("c'est extrêmement mauvais").Score < Score("c'est mauvais").Score);
        Assert.Equal(Label.Negative, Score("peu intéressant").Label);
        Assert.Equal(Label.Negative, Score("trop long").Label);
        Assert.Equal(Label.Positive, Score("trop bien").Label);
        Assert.True(Score("C'est NUL").Score < Score("c'est nul").Score); // capitals shout
    }

    [Fact]
    public void Contrast_weighs_the_clause_after_mais_more()
    {
        Assert.Equal(Label.Negative, Score("c'est joli mais trop cher").Label);
        Assert.Equal(Label.Positive, Score("c'est un peu cher mais vraiment très beau").Label);
        Assert.Equal(Label.Positive, Score("Malgré quelques longueurs ennuyeuses, une série excellente.").Label);
        // "non seulement ... mais aussi" adds instead of contrasting
        Assert.Equal(Label.Positive, Score("non seulement c'est beau mais aussi utile").Label);
    }

    [Fact]
    public void Exclamation_strengthens()
    {
        Assert.True(Score("c'est génial !").Score > Score("c'est génial.").Score);
    }

    [Fact]
    public void Accents_case_and_elongation_do_not_matter()
    {
        var reference = Score("c'est génial").Score;
        Assert.Equal(reference, Score("c est genial").Score, 6);
        Assert.True(Score("C'EST GÉNIAL").Score >= reference); // capitals add weight
        Assert.Equal(Label.Positive, Score("j'adoreee").Label);
    }

    [Fact]
    public void Emotions_come_from_feel_and_respect_negation()
    {
        var fear = Score("J'ai peur de l'avenir.").Emotions;
        Assert.Equal(["joy", "fear", "sadness", "anger", "surprise", "disgust"], fear.Keys);
        Assert.True(fear["fear"] > 0);
        Assert.All(fear.Values, v => Assert.InRange(v, 0, 1));
        Assert.True(Score("Quelle joie de vous retrouver !").Emotions["joy"] > 0);
        Assert.True(Score("quel dégoût").Emotions["disgust"] > 0); // a FEEL line with broken accents, repaired at load
        Assert.Equal(0, Score("je n'ai pas peur").Emotions["fear"]);
        Assert.All(Score("La réunion a lieu mardi.").Emotions.Values, v => Assert.Equal(0, v));
    }

    [Fact]
    public void Scores_are_bounded_and_empty_text_is_neutral()
    {
        var empty = Score("");
        Assert.Equal(Label.Neutral, empty.Label);
        Assert.Equal(0, empty.Score);
        var rant = Score(string.Join(" ", Enumerable.Repeat("Horrible, nul, catastrophique, scandaleux !!!", 200)));
        Assert.InRange(rant.Score, -1, -0.5);
        var praise = Score(string.Join(" ", Enumerable.Repeat("Génial, parfait, magnifique, merci !", 200)));
        Assert.InRange(praise.Score, 0.5, 1);
        Assert.Equal(Label.Neutral, Score("... ; , !! ?").Label);
    }

    [Fact]
    public void Emoji_and_smileys_count()
    {
        Assert.Equal(Label.Positive, Score("😍😍").Label);
        Assert.True(Score("bof :(").Score < Score("bof").Score);
    }

    [Fact]
    public void Scoring_is_deterministic_and_thread_safe()
    {
        var texts = Enumerable.Range(0, 400).Select(i => (i % 4) switch
        {
            0 => $"Le projet {i} est très bien mais un peu cher.",
            1 => $"Je n'aime pas du tout la proposition {i}, c'est nul !",
            2 => $"Sans aucun problème pour le quartier {i}, merci.",
            _ => $"Les habitants du bâtiment {i}{new string('x', i % 7)} ont peur de l'isolement.",
        }).ToArray();
        var sequential = texts.Select(t => Score(t)).Select(r => (r.Label, r.Score, string.Join(",", r.Emotions.Values))).ToArray();
        var parallel = new (Label, double, string)[texts.Length];
        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var r = Score(texts[i]);
            parallel[i] = (r.Label, r.Score, string.Join(",", r.Emotions.Values));
        });
        Assert.Equal(sequential, parallel);
        var reloaded = FrenchSentiment.Load(SentimentFixture.LexiconDirectory);
        Assert.Equal(sequential.Select(s => s.Score), texts.Select(t => reloaded.Score(t).Score));
    }

    [Fact]
    public void Odd_input_never_throws_and_stays_in_range()
    {
        var alphabet = "aeéœŒ'’- .,;:!?…()«»\n\t😍❤️\u200D\u0301:)<3ne pas trop mais 0123ÆßİĲ\uD83D";
        var random = new Random(42);
        for (var i = 0; i < 2000; i++)
        {
            var chars = new char[random.Next(0, 300)];
            for (var c = 0; c < chars.Length; c++) chars[c] = alphabet[random.Next(alphabet.Length)];
            var r = Score(new string(chars));
            Assert.InRange(r.Score, -1, 1);
            Assert.All(r.Emotions.Values, v => Assert.InRange(v, 0, 1));
        }
        Assert.InRange(Score(new string('œ', 100_000)).Score, -1, 1);
        Assert.InRange(Score(string.Concat(Enumerable.Repeat("œ★", 50_000))).Score, -1, 1);
    }

    [Fact]
    public void Missing_lexicon_folder_is_a_clear_error()
    {
        var ex = Assert.Throws<DirectoryNotFoundException>(() => FrenchSentiment.Load(Path.Combine(Path.GetTempPath(), "no-such-lexicons-" + Guid.NewGuid())));
        Assert.Contains("Lexicon folder", ex.Message);
    }
}
