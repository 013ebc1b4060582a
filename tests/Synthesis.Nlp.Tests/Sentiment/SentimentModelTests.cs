using System.Text.Json;
using Synthesis.Nlp.Sentiment;
using Xunit.Abstractions;

namespace Synthesis.Nlp.Tests.Sentiment;

public class SentimentModelTests(SentimentFixture fixture, ITestOutputHelper output) : IClassFixture<SentimentFixture>
{
    [Fact]
    public void Features_mark_negated_words_until_the_clause_ends_and_what_follows_a_contrast()
    {
        var f = SentimentFeatures.Normalise("Ce n'est pas bon, vraiment bon. Mais le service reste utile !").Split(' ');
        Assert.Contains("non_bon", f);
        Assert.Contains("bon", f); // after the comma the negation no longer holds
        Assert.Contains(f, x => x.StartsWith("apres_util"));
        Assert.Contains("_exclamation", f);
        Assert.DoesNotContain("non_servic", f); // a new sentence ends the negation
        Assert.Equal(SentimentFeatures.Normalise("Ecole FERMÉE"), SentimentFeatures.Normalise("école fermée"));
    }

    static IEnumerable<(string, Synthesis.Sentiment)> Labelled()
    {
        // a consultation's own vocabulary: "ludothèque" and "permanence" are unknown to the lexicons
        string[] good = ["La ludothèque du quartier est une réussite", "Merci pour la permanence du samedi", "La ludothèque accueille très bien les familles",
            "La permanence d'accès aux droits m'a beaucoup aidé", "Les ateliers de la ludothèque rassemblent les voisins", "La permanence sociale est précieuse",
            "Grâce à la ludothèque mes enfants se sont fait des amis", "La permanence répond vite et bien", "La ludothèque, un lieu chaleureux",
            "La permanence juridique gratuite est une chance"];
        string[] bad = ["La ludothèque est fermée depuis des mois", "La permanence a disparu sans prévenir", "Plus de ludothèque, plus rien pour les enfants",
            "La permanence est injoignable", "On attend toujours la réouverture de la ludothèque", "La permanence ne répond jamais",
            "La ludothèque a été supprimée", "Trois heures d'attente à la permanence", "La ludothèque manque de tout",
            "La permanence renvoie tout le monde ailleurs"];
        return good.Select(t => (t, Synthesis.Sentiment.Positive)).Concat(bad.Select(t => (t, Synthesis.Sentiment.Negative)));
    }

    [Fact]
    public void A_model_trained_on_reviewers_labels_learns_their_words_and_keeps_the_lexicon()
    {
        var model = SentimentModel.Train(Labelled(), fixture.Sentiment);
        Assert.Equal([Synthesis.Sentiment.Negative, Synthesis.Sentiment.Positive], model.Labels);
        Assert.Equal(Synthesis.Sentiment.Negative, model.Score("La ludothèque reste fermée").Label);
        Assert.Equal(Synthesis.Sentiment.Positive, model.Score("La ludothèque accueille les familles du quartier").Label);
        // the reviewers' word "fermée" weighs more than the lexicon alone gives it
        Assert.True(model.Score("La ludothèque reste fermée").Score < fixture.Sentiment.Score("La ludothèque reste fermée").Score);
        // the lexicon's evidence is a feature: words the reviewers never used still count
        Assert.True(model.Score("C'est catastrophique et honteux").Score < model.Score("C'est formidable et magnifique").Score);
        Assert.InRange(model.Score("La ludothèque").Score, -1, 1);
    }

    [Fact]
    public void Training_is_deterministic_and_needs_two_sentiments()
    {
        var a = SentimentModel.Train(Labelled(), fixture.Sentiment);
        var b = SentimentModel.Train(Labelled(), fixture.Sentiment);
        foreach (var text in new[] { "La ludothèque ferme", "Une permanence utile", "Rien à dire" })
            Assert.Equal(a.Score(text).Score, b.Score(text).Score);
        Assert.Throws<ArgumentException>(() => SentimentModel.Train(Labelled().Where(x => x.Item2 == Synthesis.Sentiment.Positive), fixture.Sentiment));
    }

    /// <summary>
    /// For information, with Allociné's own labels (eval only, nothing shipped): what the supervised mode reaches once
    /// reviewers have labelled a few hundred passages of a domain. The product's figure without training on Allociné
    /// is the lexicon's (AllocineEvaluationTests).
    /// </summary>
    [SkippableFact]
    public void Allocine_with_a_few_hundred_labels_of_its_domain()
    {
        var dev = SentimentFixture.Shared("dev-sets", "allocine.dev.jsonl");
        var test = SentimentFixture.Shared("dev-sets", "allocine.test.jsonl");
        Skip.If(dev is null || test is null, "Allociné dev sets are not present on this machine");
        static List<(string Text, Synthesis.Sentiment Label)> Read(string path) => File.ReadLines(path).Where(l => l.Length > 0).Select(l =>
        {
            using var d = JsonDocument.Parse(l);
            return (d.RootElement.GetProperty("text").GetString()!, d.RootElement.GetProperty("label").GetString() == "positive" ? Synthesis.Sentiment.Positive : Synthesis.Sentiment.Negative);
        }).ToList();
        var model = SentimentModel.Train(Read(dev!), fixture.Sentiment);
        var rows = Read(test!);
        var accuracy = rows.Count(r => (model.Score(r.Text).Score >= 0) == (r.Label == Synthesis.Sentiment.Positive)) / (double)rows.Count;
        var lexicon = rows.Count(r => (fixture.Sentiment.Score(r.Text).Score >= 0) == (r.Label == Synthesis.Sentiment.Positive)) / (double)rows.Count;
        output.WriteLine($"trained on allocine.dev ({Read(dev!).Count}): test accuracy {accuracy:F4}; lexicon alone {lexicon:F4}");
        Assert.True(accuracy > lexicon, $"{accuracy:F4} vs lexicon {lexicon:F4}");
    }

    [Fact]
    public void A_saved_model_loads_with_the_same_scores_and_its_examples_and_retraining_on_them_gives_the_same_bytes()
    {
        var model = SentimentModel.Train(Labelled(), fixture.Sentiment);
        var saved = new MemoryStream();
        model.Save(saved);
        var loaded = SentimentModel.Load(new MemoryStream(saved.ToArray()), fixture.Sentiment);
        foreach (var text in new[] { "La ludothèque reste fermée", "Merci pour la permanence", "" })
        {
            var (a, b) = (model.Score(text), loaded.Score(text));
            Assert.Equal(a.Label, b.Label);
            Assert.Equal(a.Score, b.Score, 6);
            Assert.Equal(a.Confidence!.Value, b.Confidence!.Value, 6);
        }
        Assert.Equal(Labelled().ToList(), loaded.Examples);
        // retrained on the same examples with nothing more: the same model, byte for byte (no time inside)
        var again = new MemoryStream();
        loaded.Retrain([]).Save(again);
        Assert.Equal(saved.ToArray(), again.ToArray());
        // more examples change it, and the new words count
        var more = loaded.Retrain(Enumerable.Repeat(("La ludothèque ferme le mercredi", Synthesis.Sentiment.Negative), 5));
        Assert.Equal(Labelled().Count() + 5, more.Examples.Count);
        Assert.Throws<InvalidDataException>(() => SentimentModel.Load(new MemoryStream("not a zip at all, just text"u8.ToArray()), fixture.Sentiment));
    }

    [Fact]
    public void A_tuned_model_keeps_its_decision_offsets_through_saving_and_retraining()
    {
        string[] measures = ["développer les pistes cyclables", "ouvrir une épicerie solidaire", "rénover les logements sociaux", "créer un jardin partagé", "étendre le tri des déchets"];
        var neutral = Enumerable.Range(0, 40).Select(i => ($"Il faut {measures[i % measures.Length]} dans le quartier {i}", Synthesis.Sentiment.Neutral));
        var examples = Labelled().Concat(neutral).ToList();
        var (model, report) = SentimentModel.TrainTuned(examples, fixture.Sentiment, folds: 5);
        Assert.Equal(["negative", "neutral", "positive"], report.Labels);
        Assert.Equal(0, report.Offsets[1]); // neutral is the reference
        Assert.Equal(examples.Count, report.Examples);
        Assert.True(report.MacroF1After >= report.MacroF1Before, $"{report.MacroF1Before} -> {report.MacroF1After}");
        var saved = new MemoryStream();
        model.Save(saved);
        var loaded = SentimentModel.Load(new MemoryStream(saved.ToArray()), fixture.Sentiment);
        foreach (var text in new[] { "La ludothèque reste fermée", "Il faut rénover la ludothèque", "Merci pour la permanence" })
        {
            Assert.Equal(model.Score(text).Label, loaded.Score(text).Label);
            Assert.Equal(model.Score(text).Confidence!.Value, loaded.Score(text).Confidence!.Value, 6);
        }
        var again = new MemoryStream();
        loaded.Retrain([]).Save(again);
        Assert.Equal(saved.ToArray(), again.ToArray()); // the offsets are kept: the same bytes
        // and they count: the same examples trained without them score differently where the offsets are not zero
        var plain = SentimentModel.Train(examples, fixture.Sentiment);
        if (report.Offsets.Any(o => o != 0))
            Assert.NotEqual(plain.Score("La ludothèque").Confidence!.Value, model.Score("La ludothèque").Confidence!.Value, 6);
    }

    [Fact]
    public void The_model_gives_the_probability_of_its_label_as_its_confidence()
    {
        var model = SentimentModel.Train(Labelled(), fixture.Sentiment);
        var clear = model.Score("La ludothèque est fermée, la permanence a disparu, on attend toujours");
        Assert.InRange(clear.Confidence!.Value, 0.5, 1);
        Assert.Null(fixture.Sentiment.Score("La ludothèque est fermée").Confidence); // the lexicon gives no probability
    }
}
