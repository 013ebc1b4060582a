using Synthesis.Nlp.Summaries;

namespace Synthesis.Nlp.Tests.Summaries;

public class VoicesTests
{
    static float[] Unit(params float[] v)
    {
        var n = MathF.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / n).ToArray();
    }

    static Voices.Candidate C(long contribution, double centrality, string text, string? stratum = null, long? group = null, float angle = 0) =>
        new(Unit(1, angle), centrality, contribution, group, stratum is null ? [] : [stratum], text);

    [Fact]
    public void One_long_contribution_does_not_give_every_quote()
    {
        // contribution 1 has the five most central passages; three others are a little less central
        var candidates = Enumerable.Range(0, 5).Select(i => C(1, 0.95 - i * 0.001, $"Le premier avis développe son idée numéro {i} en détail."))
            .Concat(Enumerable.Range(0, 3).Select(i => C(10 + i, 0.8, $"Un autre habitant propose une idée numéro {i}.", angle: 0.1f * i)))
            .ToList();
        var chosen = Voices.Select(candidates, 5, []);
        var contributions = chosen.Select(i => candidates[i].Contribution).ToList();
        Assert.Equal(contributions.Count, contributions.Distinct().Count());
        Assert.Equal(4, contributions.Count);
    }

    [Fact]
    public void Short_answers_duplicates_and_campaign_copies_are_not_quoted_twice_or_at_all()
    {
        var candidates = new List<Voices.Candidate>
        {
            C(1, 0.99, "Non."),
            C(2, 0.98, "Aucun !"),
            C(3, 0.97, "Je signe la pétition pour sauver la piscine.", group: 7),
            C(4, 0.96, "Je signe la pétition pour sauver la piscine du quartier.", group: 7),
            C(5, 0.90, "Il faut rouvrir la piscine le dimanche matin."),
            C(6, 0.85, "Les horaires de la piscine ne conviennent pas aux familles."),
        };
        var chosen = Voices.Select(candidates, 5, []).Select(i => candidates[i].Contribution).ToList();
        Assert.DoesNotContain(1L, chosen);
        Assert.DoesNotContain(2L, chosen);
        Assert.Single(chosen, c => c is 3 or 4);
        Assert.Contains(5L, chosen);
        Assert.Contains(6L, chosen);
        Assert.All(chosen, c => Assert.True(Voices.Substantive(candidates.First(x => x.Contribution == c).Text)));
    }

    [Fact]
    public void A_forms_ticked_choices_are_not_quoted_as_if_someone_had_written_them()
    {
        // a Grand Débat multiple-choice answer, exported with its choices joined by « | »
        var candidates = new List<Voices.Candidate>
        {
            C(1, 0.99, "Les transports en commun|Le covoiturage|L'auto partage|Le transport à la demande"),
            C(2, 0.80, "Il faudrait des bus plus fréquents le soir dans les quartiers."),
        };
        Assert.False(Voices.Substantive(candidates[0].Text));
        Assert.True(Voices.Substantive("Il faut des pistes cyclables sûres, séparées des voitures."));
        Assert.Equal([1], Voices.Select(candidates, 1, []));
    }

    [Fact]
    public void Every_stratum_is_quoted_before_the_most_central_passages_fill_the_rest()
    {
        var candidates = Enumerable.Range(0, 6).Select(i => C(i, 0.9 - i * 0.01, $"Une solution proposée par la personne {i} ici.", "solution"))
            .Append(C(20, 0.3, "Les habitants du quartier animent un jardin partagé.", "engagement"))
            .Append(C(21, 0.2, "Les personnes âgées restent seules tout l'hiver.", "problem"))
            .ToList();
        var chosen = Voices.Select(candidates, 4, ["problem", "engagement", "solution"]);
        Assert.Contains(chosen, i => candidates[i].Strata.Contains("problem"));
        Assert.Contains(chosen, i => candidates[i].Strata.Contains("engagement"));
        Assert.Equal(4, chosen.Count);
    }

    [Fact]
    public void A_topic_of_two_contributions_still_gets_three_quotes()
    {
        var candidates = Enumerable.Range(0, 4).Select(i => C(1 + i % 2, 0.9 - i * 0.01, $"Une longue réponse dont voici la partie {i}.", angle: 0.2f * i)).ToList();
        var chosen = Voices.Select(candidates, 5, []);
        Assert.Equal(3, chosen.Count);
        Assert.Equal(2, chosen.Select(i => candidates[i].Contribution).Distinct().Count());
    }

    [Theory]
    [InlineData("Non.", 1)]
    [InlineData("Aucun !", 1)]
    [InlineData("Il faut plus de bus", 5)]
    [InlineData("  l'eau  -  c'est la vie ", 4)]
    public void Words_are_counted_as_a_reader_would(string text, int words) => Assert.Equal(words, Voices.WordCount(text));
}
