using Synthesis.Nlp.Tests.French;
using Synthesis.Nlp.Topics;

namespace Synthesis.Nlp.Tests.Topics;

public class TopicNamerTests
{
    static readonly TopicNamer Namer = new(LemmatizerFixture.Instance);

    static string[] Keys(string text) => Namer.Phrases(text).Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public void Noun_groups_are_the_candidates_and_verbs_never_are()
    {
        var keys = Keys("Il faut développer les transports en commun et baisser l'impôt sur le revenu.");
        Assert.Contains("transport en commun", keys);
        Assert.Contains("impôt sur revenu", keys);
        Assert.Contains("impôt", keys);
        Assert.DoesNotContain(keys, k => k.StartsWith("développer", StringComparison.Ordinal) || k.StartsWith("baisser", StringComparison.Ordinal));
        // a phrase never crosses punctuation
        Assert.DoesNotContain(keys, k => k.Contains("commun et", StringComparison.Ordinal));
    }

    [Fact]
    public void Surfaces_keep_elisions_and_acronyms()
    {
        var phrases = Namer.Phrases("Baisser la TVA. Les économies d'énergie comptent.");
        Assert.Contains(phrases, p => p.Surface == "TVA");
        Assert.Contains(phrases, p => p.Surface == "économies d'énergie");
    }

    [Fact]
    public void Words_the_texts_use_as_adjectives_are_not_read_as_nouns()
    {
        // the Lefff prefers the noun for « sociale » and « courts »; in these texts they never follow a determiner
        var texts = Enumerable.Range(0, 6).SelectMany(i => new[]
        {
            $"Favoriser les circuits courts, vœu {i}.",
            $"Les aides sociales doivent suivre, cas {i}.",
        }).ToList();
        var corpus = Namer.Read(texts);
        var keys = Enumerable.Range(0, texts.Count).SelectMany(r => corpus[r]).Select(p => p.Key).ToHashSet();
        Assert.True(keys.Contains("circuit court"), string.Join(" | ", keys));
        Assert.True(keys.Contains("aide sociale"), string.Join(" | ", keys)); // the Lefff lemma of the noun « sociale »
        Assert.DoesNotContain("court", keys);
        Assert.DoesNotContain("sociale", keys);
    }

    static readonly string[] Food =
    [
        "Il faut favoriser les circuits courts et les producteurs locaux.",
        "Acheter en circuits courts aide les agriculteurs.",
        "Les circuits courts réduisent le transport des produits.",
        "Développer les circuits courts dans les cantines.",
        "Plus de marchés de producteurs locaux, en circuits courts.",
        "Les circuits courts et la vente directe à la ferme.",
    ];

    static readonly string[] Bikes =
    [
        "Il faut plus de pistes cyclables sécurisées.",
        "Des pistes cyclables continues entre les quartiers.",
        "Les pistes cyclables sont coupées par les voitures.",
        "Créer des pistes cyclables et des parkings à vélo.",
        "Je voudrais des pistes cyclables pour aller au travail.",
        "Élargir les pistes cyclables du centre.",
    ];

    [Fact]
    public void Each_sibling_gets_its_own_noun_phrase_counted_once_per_contribution()
    {
        var texts = Food.Concat(Bikes).ToList();
        var corpus = Namer.Read(texts);
        var names = corpus.Name([Enumerable.Range(0, 6).ToList(), Enumerable.Range(6, 6).ToList()], r => r);
        Assert.Equal("Circuits courts", names[0]?.Split(" et ")[0]);
        Assert.Equal("Pistes cyclables", names[1]?.Split(" et ")[0]);

        // one contribution repeating a phrase does not name a theme: the same texts as a single contribution
        var single = corpus.Name([Enumerable.Range(0, 6).ToList(), Enumerable.Range(6, 6).ToList()], r => r < 6 ? 1 : 2);
        Assert.All(single, Assert.Null);
    }

    [Fact]
    public void A_name_taken_by_the_parent_or_a_fixed_label_is_not_given_again()
    {
        var corpus = Namer.Read(Food.Concat(Bikes).ToList());
        var names = corpus.Name([Enumerable.Range(0, 6).ToList(), Enumerable.Range(6, 6).ToList()], r => r, new HashSet<string> { "Circuits courts", "Pistes cyclables" });
        Assert.DoesNotContain("Circuits courts", names);
        Assert.DoesNotContain("Pistes cyclables", names);
    }

    [Fact]
    public void A_parents_name_in_the_singular_or_without_accents_is_not_given_again()
    {
        // the demo's theme « Production et industrie » had a sub-theme « Production et industries »
        var corpus = Namer.Read(Food.Concat(Bikes).ToList());
        List<List<int>> siblings = [Enumerable.Range(0, 6).ToList(), Enumerable.Range(6, 6).ToList()];
        var free = corpus.Name(siblings, r => r);
        var avoid = free.Select(n => n!).Select(n => n.Replace("Circuits courts", "Circuit court").Replace("Pistes cyclables", "piste cyclable")).ToHashSet();
        Assert.DoesNotContain(free, avoid.Contains); // the same names, written otherwise
        var names = corpus.Name(siblings, r => r, avoid);
        Assert.NotEqual(free[0], names[0]);
        Assert.NotEqual(free[1], names[1]);
    }

    [Fact]
    public void A_name_keeps_its_accents_when_most_texts_typed_it_without()
    {
        // most contributions wrote the word without its accents; one wrote it properly
        var geo = Enumerable.Range(0, 5).Select(i => $"La geothermie pour chauffer les logements, idée {i}.")
            .Append("La géothermie pour chauffer les écoles.").ToList();
        var corpus = Namer.Read(geo.Concat(Bikes).ToList());
        var names = corpus.Name([Enumerable.Range(0, 6).ToList(), Enumerable.Range(6, 6).ToList()], r => r);
        Assert.Equal("Géothermie", names[0]?.Split(" et ")[0]);
    }

    [Fact]
    public void A_noun_that_starts_titles_is_still_a_noun()
    {
        // answers titled « Géothermie : … » (no determiner before a segment's first word), two more typed without accents
        List<string> geo = ["Géothermie : une chaleur propre.", "Géothermie : moins de factures.", "Géothermie : des forages profonds.",
            "Géothermie : pour l'hiver.", "Il faut la geothermie partout.", "Développer la geothermie dans les écoles."];
        var corpus = Namer.Read(geo.Concat(Bikes).ToList());
        var names = corpus.Name([Enumerable.Range(0, 6).ToList(), Enumerable.Range(6, 6).ToList()], r => r);
        Assert.Equal("Géothermie", names[0]?.Split(" et ")[0]);
    }
}
