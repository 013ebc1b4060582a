using Synthesis.Nlp.Summaries;

namespace Synthesis.Nlp.Tests.Summaries;

public class ThemeOverviewTests
{
    static OverviewPassage P(long id, long contribution, string text, string? question, string? sentiment, string? sub, double centrality = 0.5) =>
        new(id, contribution, text, question, sentiment, sub, centrality);

    static readonly OverviewPassage[] Passages =
    [
        P(1, 1, "Les personnes âgées restent seules tout l'hiver dans le quartier.", "problem", "negative", "Solitude", 0.9),
        P(2, 2, "Personne ne rend visite aux voisins âgés du quatrième étage.", "problem", "negative", "Solitude", 0.8),
        P(3, 3, "Nous organisons un goûter chaque mercredi avec les anciens.", "engagement", "positive", "Visites", 0.7),
        P(4, 4, "Il faut un service de visites à domicile financé par la ville.", "solution", "neutral", "Visites", 0.85),
        P(5, 5, "Le café solidaire du centre social marche très bien, merci.", "other", "positive", "Visites", 0.6),
        P(6, 5, "Non.", "other", "neutral", "Visites", 0.99),
    ];

    [Fact]
    public void Every_sentence_rests_on_passages_of_the_theme_and_quotes_their_own_words()
    {
        var overview = ThemeOverview.Write(Passages, totalContributions: 50);
        var byId = Passages.ToDictionary(p => p.PassageId);
        Assert.Equal(ThemeOverview.Method, overview.Method);
        Assert.All(overview.Sentences, s =>
        {
            Assert.True(s.Supported);
            Assert.NotEmpty(s.Citations);
            Assert.All(s.Citations, id => Assert.True(byId.ContainsKey(id)));
            // a quoted extract is the cited passage's own words
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(s.Text, "« ([^»]+) »"))
                if (!Passages.Any(p => p.SubTheme == m.Groups[1].Value))
                    Assert.Contains(s.Citations, id => byId[id].Text.StartsWith(m.Groups[1].Value.Replace(" […]", ""), StringComparison.Ordinal));
        });
        // what is said and by how many
        Assert.StartsWith("6 passages de 5 contributions (10 % des contributions), surtout sur « Visites » (4) et « Solitude » (2)", overview.Sentences[0].Text);
        Assert.Contains(overview.Sentences, s => s.Text.StartsWith("Problèmes signalés : 2 passages (33 %), surtout dans « Solitude »", StringComparison.Ordinal));
        Assert.Contains(overview.Sentences, s => s.Text.StartsWith("Engagement des habitants : 1 passage", StringComparison.Ordinal) && s.Citations.SequenceEqual([3L]));
        Assert.Contains(overview.Sentences, s => s.Text.StartsWith("Solutions proposées : 1 passage", StringComparison.Ordinal) && s.Citations.SequenceEqual([4L]));
        // two negative, two positive: the contributors are divided, one quote of each side
        var divided = Assert.Single(overview.Sentences, s => s.Text.StartsWith("Avis partagés", StringComparison.Ordinal));
        Assert.Equal([1L, 3L], divided.Citations);
        // a one-word answer is never quoted
        Assert.DoesNotContain(overview.Sentences, s => s.Citations.Contains(6L) && s.Text.Contains("« Non »", StringComparison.Ordinal));
    }

    [Fact]
    public void A_question_nobody_spoke_to_and_a_shared_tone_are_said_as_they_are()
    {
        var onlyProblems = Passages.Take(2).ToList();
        var overview = ThemeOverview.Write(onlyProblems, 0);
        Assert.DoesNotContain(overview.Sentences, s => s.Text.StartsWith("Engagement", StringComparison.Ordinal) || s.Text.StartsWith("Solutions", StringComparison.Ordinal));
        Assert.Contains(overview.Sentences, s => s.Text.StartsWith("Le ton est critique : aucun des 2 passages qui expriment un avis n'est favorable, par exemple « ", StringComparison.Ordinal));
        Assert.Empty(ThemeOverview.Write([], 10).Sentences);
    }

    [Fact]
    public void A_quote_is_cut_at_a_word_and_never_between_a_negations_two_words()
    {
        // the demo's « … n'y sont […] » said the opposite of the passage
        const string text = "Les entreprises françaises paient cette taxe alors que les entreprises étrangères exerçant une activité commerciale en France n'y sont pas soumises du tout.";
        var cut = ThemeOverview.Shorten(text, 134);
        Assert.EndsWith("n'y sont pas […]", cut);
        Assert.StartsWith(cut[..^4].TrimEnd(), text);
        // no second word within reach: the cut goes back before « ne »
        var far = ThemeOverview.Shorten("Le conseil municipal ne consulte les associations du quartier sur les projets de rénovation urbaine que très rarement.", 40);
        Assert.Equal("Le conseil municipal […]", far);
        // otherwise a plain cut at a word, never inside one
        var plain = ThemeOverview.Shorten("Contre le trafic d'armes, de drogues et d'êtres humains qui ruine les quartiers.", 40);
        Assert.Equal("Contre le trafic d'armes, de drogues […]", plain);
        Assert.Equal("Il faut rouvrir la piscine", ThemeOverview.Shorten("Il faut rouvrir la piscine.", 40));
        // on one line, single spaces, without a word processor's private-use bullet (the demo's « «  en évitant »)
        Assert.Equal("en évitant de jeter ses déchets", ThemeOverview.Shorten("\uf0fc en  évitant\nde jeter   ses déchets ", 80));
        // a multiple-choice answer as the Grand Débat exports it
        Assert.Equal("Le transport à la demande ; La téléportation", ThemeOverview.OneLine("Le transport à la demande|La téléportation"));
    }

    [Fact]
    public void A_multiple_choice_answers_choices_are_separated_and_offsets_follow_them()
    {
        const string text = "Les transports en commun|Le vélo | La marche\nà pied, a|b";
        var separated = ThemeOverview.SeparateChoices(text, out var at);
        Assert.Equal("Les transports en commun ; Le vélo ; La marche\nà pied, a ; b", separated); // the line break stays
        Assert.Equal(separated.Length, at[text.Length]);
        // a word found in the text is the same word in the result
        foreach (var word in new[] { "commun", "vélo", "marche", "pied", "b" })
        {
            var start = text.LastIndexOf(word, StringComparison.Ordinal);
            Assert.Equal(word, separated[at[start]..at[start + word.Length]]);
        }
        Assert.Equal("| début et fin |", ThemeOverview.SeparateChoices("| début et fin |")); // not between two choices: kept
    }

    [Fact]
    public void A_tone_is_claimed_on_enough_passages_and_divided_only_when_both_sides_weigh()
    {
        // the demo's themes: « Avis partagés : 17 passages négatifs et 3 positifs », « surtout favorable : 1 passage sur 1 »
        // in a theme of 339, « surtout dans » a sub-theme holding 1 of 2
        static OverviewPassage Q(long id, string? sentiment, string sub = "A", string question = "solution") =>
            P(id, id, $"Il faudrait une mesure numéro {id} pour le quartier.", question, sentiment, sub);
        var lopsided = Enumerable.Range(1, 17).Select(i => Q(i, "negative")).Concat(Enumerable.Range(18, 3).Select(i => Q(i, "positive"))).ToList();
        var overview = ThemeOverview.Write(lopsided, 0).Sentences;
        Assert.DoesNotContain(overview, s => s.Text.StartsWith("Avis partagés", StringComparison.Ordinal));
        Assert.Contains(overview, s => s.Text.StartsWith("Le ton est surtout critique : 17 passages sur 20 qui expriment un avis", StringComparison.Ordinal));
        var balanced = lopsided.Take(10).Concat(Enumerable.Range(30, 6).Select(i => Q(i, "positive"))).ToList();
        Assert.Contains(ThemeOverview.Write(balanced, 0).Sentences, s => s.Text.StartsWith("Avis partagés : 10 passages négatifs et 6 positifs", StringComparison.Ordinal));

        var quiet = Enumerable.Range(1, 40).Select(i => Q(i, i == 7 ? "positive" : "neutral")).ToList();
        var tone = Assert.Single(ThemeOverview.Write(quiet, 0).Sentences, s => s.Text.StartsWith("Le ton", StringComparison.Ordinal));
        Assert.Equal("Le ton est surtout neutre : seul 1 passage sur 40 exprime un avis.", tone.Text);
        Assert.Equal([7L], tone.Citations);
        // a single passage that is the whole theme still gives its tone, in the singular
        Assert.Contains(ThemeOverview.Write([Q(1, "negative")], 0).Sentences, s => s.Text.StartsWith("Le ton est surtout critique : 1 passage sur 1 qui exprime un avis", StringComparison.Ordinal));

        List<OverviewPassage> tie = [Q(1, "neutral", "A", "engagement"), Q(2, "neutral", "B", "engagement"), Q(3, "neutral", "A"), Q(4, "neutral", "B"), Q(5, "neutral", "B")];
        var engagement = Assert.Single(ThemeOverview.Write(tie, 0).Sentences, s => s.Text.StartsWith("Engagement", StringComparison.Ordinal));
        Assert.DoesNotContain("surtout dans", engagement.Text);
        Assert.Contains(ThemeOverview.Write(tie, 0).Sentences, s => s.Text.StartsWith("Solutions proposées : 3 passages (60 %), surtout dans « B »", StringComparison.Ordinal));
    }

    [Fact]
    public void A_questions_example_is_a_passage_the_machine_is_sure_of_and_reads_as_a_sentence()
    {
        OverviewPassage[] passages =
        [
            // the most central « problem » is one the machine doubts: a criticism it may have misread
            P(1, 1, "Sans revenir sur son inefficacité, je voudrais en souligner la profonde injustice.", "problem", "negative", null, 0.95) with { QuestionUncertain = true },
            // then a heading, a fragment and a shout
            P(2, 2, "II - Le deuxième sujet sur lequel nous devons prendre des décisions, c'est le logement.", "problem", "neutral", null, 0.94),
            P(3, 3, "(la plupart du temps les familles ne perçoivent pas les aides au logement)", "problem", "negative", null, 0.93),
            P(4, 4, "LES LOYERS SONT BEAUCOUP TROP CHERS POUR LES FAMILLES DU QUARTIER", "problem", "negative", null, 0.92),
            P(5, 5, "Les loyers du quartier sont devenus trop chers pour les familles modestes.", "problem", "negative", null, 0.80),
        ];
        var problems = Assert.Single(ThemeOverview.Write(passages, 0).Sentences, s => s.Text.StartsWith("Problèmes signalés", StringComparison.Ordinal));
        Assert.Equal([5L], problems.Citations);
        // all doubted: the most central is still quoted (the theme keeps its example)
        var doubted = passages.Select(p => p with { QuestionUncertain = true }).Take(1).ToList();
        Assert.Equal([1L], Assert.Single(ThemeOverview.Write(doubted, 0).Sentences, s => s.Text.StartsWith("Problèmes signalés", StringComparison.Ordinal)).Citations);
        Assert.Equal(1.0, Voices.Readability("Les loyers du quartier sont devenus trop chers."));
        Assert.True(Voices.Readability("puis mes premières phrases auraient été pour notre président") < 1);
        Assert.True(Voices.Readability("Mais c'est compliqué, un pays, une Europe et un monde.") < 1);
        Assert.True(Voices.Readability("Partant de là, il faut revoir la fiscalité.") < 1);
        Assert.Equal(1.0, Voices.Readability("Maison de quartier ouverte le dimanche."));
    }
}
