using Synthesis.Nlp.Tests.French;
using Synthesis.Nlp.Topics;

namespace Synthesis.Nlp.Tests.Topics;

public class KeywordFormsTests
{
    static readonly KeywordForms Forms = new(LemmatizerFixture.Instance);

    static IReadOnlyDictionary<string, string> Write(string[] texts, params string[] terms) =>
        Forms.Write(texts, terms.ToHashSet(StringComparer.Ordinal));

    [Fact]
    public void A_keyword_is_written_in_the_form_its_passages_use_most()
    {
        var written = Write(
        [
            "Il faut interdire l'obsolescence programmée.",
            "Obsolescence programmée : sanctionner les fabricants",
            "Lutter contre l'obsolescence programmée des appareils",
            "Je suis prêt à payer des impôts si les services publics suivent.",
            "Payer des impôts, oui, mais pour quoi ?",
            "Il faut payer ses impôts en France.",
            "Taxer les transactions financières",
            "Une taxe sur les transactions financières, enfin !",
            "Le train de vie de l'État doit baisser.",
        ], "obsolescence programmer", "programmer", "payer impôt", "transaction financier", "train vie", "impôt", "prêt payer");
        Assert.Equal("obsolescence programmée", written["obsolescence programmer"]);
        Assert.Equal("programmée", written["programmer"]);
        Assert.Equal("payer des impôts", written["payer impôt"]);
        Assert.Equal("transactions financières", written["transaction financier"]);
        Assert.Equal("train de vie", written["train vie"]);
        Assert.Equal("impôts", written["impôt"]);
        Assert.Equal("prêt à payer", written["prêt payer"]);
    }

    [Fact]
    public void Capitals_stay_where_sentences_write_them_and_accents_win()
    {
        var written = Write(
        [
            "Baisser la TVA sur les produits bio.",
            "TVA : la supprimer sur les produits de première nécessité.",
            "Réduire le train de vie de l'État.",
            "L'État doit montrer l'exemple.",
            "Impôts trop lourds.",
            "Les impôts sont trop lourds.",
            "Développer la geothermie",
            "la geothermie partout",
            "La géothermie dans les écoles",
            "Interdire l'élevage intensif",
            "L'élevage intensif, c'est fini",
            "Stop à l'élévage intensif",
        ], "tva", "TVA", "État", "impôt", "géothermie", "geothermie", "élevage");
        Assert.Equal("TVA", written.GetValueOrDefault("tva") ?? written["TVA"]);
        Assert.Equal("État", written["État"]);
        Assert.Equal("impôts", written["impôt"]);  // a capital at a sentence's start is not kept
        Assert.Equal("géothermie", written.GetValueOrDefault("géothermie") ?? written["geothermie"]);
        Assert.Equal("élevage", written["élevage"]); // a typo's extra accent does not win over the usual spelling
    }

    [Fact]
    public void A_pair_across_punctuation_or_far_apart_is_written_side_by_side()
    {
        var written = Write(
        [
            "Santé, éducation, justice",
            "Santé, éducation",
            "la santé et l'éducation avant tout",
        ], "santé éducation");
        Assert.Equal("santé éducation", written["santé éducation"]);
        Assert.Empty(Write(["rien de tout cela"], "santé éducation"));
    }
}
