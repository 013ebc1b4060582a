using System.Diagnostics;
using Microsoft.Extensions.AI;
using Synthesis.Nlp.Embeddings;
using Synthesis.Nlp.Tests.Sentiment;
using Xunit.Abstractions;

namespace Synthesis.Nlp.Tests.Embeddings;

/// <summary>The shipped model, loaded once.</summary>
public sealed class ShippedModelFixture
{
    public static string ModelPath => BuiltinFrenchModel.DefaultPath(SentimentFixture.RepoRoot);

    readonly Lazy<BuiltinFrenchModel> _model = new(() => BuiltinFrenchModel.Load(ModelPath));

    public BuiltinFrenchModel Model => _model.Value;
}

public class BuiltinFrenchModelTests(ShippedModelFixture fixture, ITestOutputHelper output) : IClassFixture<ShippedModelFixture>
{
    static float Cos(float[] a, float[] b) => EmbeddingEvaluation.Dot(a, b);

    static List<string> SmallCorpus()
    {
        var texts = Synthesis.Ingest.Models.TrainingCorpus.LoadDomainTexts(SentimentFixture.RepoRoot);
        // every 10th text: about 2,000 proposals and answers, enough for a real vocabulary in a few seconds
        return texts.Where((_, i) => i % 10 == 0).ToList();
    }

    [Fact]
    public void Training_is_deterministic_whatever_the_thread_count()
    {
        var corpus = SmallCorpus();
        var options = new BuiltinTrainingOptions { Dimensions = 64, MaxVocabulary = 3_000 };
        var a = BuiltinFrenchModel.Train(corpus, options with { MaxDegreeOfParallelism = 1 });
        var b = BuiltinFrenchModel.Train(corpus, options with { MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount) });
        Assert.True(a.VocabularySize > 500, $"vocabulary {a.VocabularySize}");
        Assert.Equal(a.Version, b.Version);
        Assert.True(a.Content.Span.SequenceEqual(b.Content.Span));

        var dir = Directory.CreateTempSubdirectory("synthesis-embed-");
        try
        {
            var pa = Path.Combine(dir.FullName, "a.gz");
            var pb = Path.Combine(dir.FullName, "b.gz");
            using (var f = File.Create(pa)) a.Save(f);
            using (var f = File.Create(pb)) b.Save(f);
            Assert.Equal(File.ReadAllBytes(pa), File.ReadAllBytes(pb));

            var loaded = BuiltinFrenchModel.Load(pa);
            Assert.Equal(a.Version, loaded.Version);
            Assert.Equal(a.Dimensions, loaded.Dimensions);
            const string text = "Il faut développer les pistes cyclables et les transports en commun dans les villes";
            Assert.Equal(a.Embed(text), loaded.Embed(text));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Different_texts_give_a_different_version()
    {
        var corpus = SmallCorpus();
        var options = new BuiltinTrainingOptions { Dimensions = 32, MaxVocabulary = 1_000 };
        var a = BuiltinFrenchModel.Train(corpus, options);
        var b = BuiltinFrenchModel.Train(corpus.Skip(1), options);
        Assert.NotEqual(a.Version, b.Version);
        Assert.StartsWith("builtin-fr-", a.Version);
    }

    [Fact]
    public void Tiny_corpus_still_gives_vectors_of_the_requested_size()
    {
        var model = BuiltinFrenchModel.Train(["Le vélo en ville.", "Des pistes cyclables pour le vélo.", "Moins de voitures en ville."],
            new BuiltinTrainingOptions { Dimensions = 16, MinCount = 1 });
        var v = model.Embed("vélo en ville");
        Assert.Equal(16, v.Length);
        Assert.Equal(1, Norm(v), 3);
    }

    static double Norm(float[] v) => Math.Sqrt(v.Sum(x => (double)x * x));

    [Fact]
    public void Optional_lexical_part_is_appended_with_its_share_of_the_norm()
    {
        var corpus = SmallCorpus();
        var model = BuiltinFrenchModel.Train(corpus, new BuiltinTrainingOptions { Dimensions = 48, LexicalDimensions = 128, LexicalWeight = 0.36f, MaxVocabulary = 2_000 });
        Assert.Equal(48 + 128, model.Dimensions);
        Assert.Equal(48, model.SemanticDimensions);
        var v = model.Embed("Il faut développer le covoiturage");
        Assert.Equal(1, Norm(v), 4);
        var lexical = Math.Sqrt(v.Skip(48).Sum(x => (double)x * x));
        Assert.Equal(0.6, lexical, 3); // sqrt(0.36)
        var path = SaveToTemp(model);
        try
        {
            Assert.Equal(v, BuiltinFrenchModel.Load(path).Embed("Il faut développer le covoiturage"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    static string SaveToTemp(BuiltinFrenchModel model)
    {
        var path = Path.Combine(Path.GetTempPath(), $"synthesis-embed-{Guid.NewGuid():N}.gz");
        using (var f = File.Create(path)) model.Save(f);
        return path;
    }

    [Fact]
    public void Shipped_model_gives_unit_vectors_of_its_dimensions()
    {
        var model = fixture.Model;
        Assert.Equal(256, model.Dimensions);
        Assert.True(model.VocabularySize > 5_000);
        var v = model.Embed("Il faut réduire les emballages plastiques");
        Assert.Equal(model.Dimensions, v.Length);
        Assert.Equal(1, Norm(v), 4);
        Assert.True(new FileInfo(ShippedModelFixture.ModelPath).Length < 20 * 1024 * 1024);
        output.WriteLine($"{model.Version}: {model.Description}");
    }

    [Fact]
    public void Text_without_known_words_gives_the_zero_vector()
    {
        Assert.All(fixture.Model.Embed(""), x => Assert.Equal(0f, x));
        Assert.All(fixture.Model.Embed("le la les de du et ... !!"), x => Assert.Equal(0f, x));
    }

    [Fact]
    public void Case_accents_and_elisions_do_not_change_the_vector()
    {
        var m = fixture.Model;
        Assert.Equal(m.Embed("la sécurité routière et l'écologie"), m.Embed("LA SECURITE ROUTIERE ET ECOLOGIE"));
    }

    [Fact]
    public void Related_passages_are_closer_than_unrelated_ones()
    {
        var m = fixture.Model;
        var transport = m.Embed("Développer les transports en commun et les pistes cyclables");
        var bus = m.Embed("Plus de bus et de trains pour aller travailler sans voiture");
        var tax = m.Embed("Baisser l'impôt sur le revenu des classes moyennes");
        var tax2 = m.Embed("Une fiscalité plus juste : supprimer des niches fiscales et taxer les plus riches");
        Assert.True(Cos(transport, bus) > Cos(transport, tax) + 0.1, $"{Cos(transport, bus)} vs {Cos(transport, tax)}");
        Assert.True(Cos(tax, tax2) > Cos(tax, bus) + 0.1, $"{Cos(tax, tax2)} vs {Cos(tax, bus)}");
        Assert.Equal(1, Cos(transport, m.Embed("Développer les transports en commun et les pistes cyclables")), 5);
    }

    [Fact]
    public void Unknown_words_get_a_vector_from_their_character_ngrams()
    {
        var m = fixture.Model;
        // misspelt and invented forms: not in the vocabulary, but close to their known relatives
        var unknown = m.Embed("écologiquissime");
        Assert.Equal(1, Norm(unknown), 4);
        var known = m.Embed("écologique");
        var other = m.Embed("retraite");
        Assert.True(Cos(unknown, known) > Cos(unknown, other), $"{Cos(unknown, known)} vs {Cos(unknown, other)}");
    }

    [Fact]
    public void Batch_equals_single_and_generator_interface_works()
    {
        var m = fixture.Model;
        string[] texts = ["Il faut planter des arbres en ville", "Il faut taxer le kérosène", "", "Rétablir l'ISF"];
        var batch = m.EmbedBatch(texts);
        for (var i = 0; i < texts.Length; i++) Assert.Equal(m.Embed(texts[i]), batch[i]);

        IEmbeddingGenerator<string, Embedding<float>> generator = m;
        var generated = generator.GenerateAsync(texts).GetAwaiter().GetResult();
        Assert.Equal(texts.Length, generated.Count);
        Assert.Equal(batch[0], generated[0].Vector.ToArray());
        Assert.Equal(m.Version, generated[0].ModelId);
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        Assert.NotNull(metadata);
        Assert.Equal(m.Dimensions, metadata!.DefaultModelDimensions);
        Assert.Equal(m.Version, metadata.DefaultModelId);
    }

    [Fact]
    public void Analyzer_folds_splits_elisions_removes_stop_words_and_stems()
    {
        var a = new FrenchTermAnalyzer();
        Assert.Equal(["ecolog", "transport", "commun"], a.Analyze("L'écologie et les transports en commun"));
        Assert.Equal(a.Analyze("sécurité"), a.Analyze("securite"));
        Assert.Equal(["2020"], a.Analyze("en 2020"));
    }
}

/// <summary>The command that rebuilds the shipped model.</summary>
public class BuiltinModelRebuild(ITestOutputHelper output)
{
    /// <summary>
    /// Rebuilds models/builtin-fr/builtin-fr.embeddings.gz from eval-data (run with SYNTHESIS_REBUILD_MODELS=1;
    /// models/builtin-fr/README.md gives the command).
    /// </summary>
    [SkippableFact]
    public void Rebuild_shipped_model()
    {
        Skip.If(Environment.GetEnvironmentVariable("SYNTHESIS_REBUILD_MODELS") != "1", "set SYNTHESIS_REBUILD_MODELS=1 to rebuild the shipped model");
        var sw = Stopwatch.StartNew();
        var model = Synthesis.Ingest.Models.TrainingCorpus.TrainBuiltin(SentimentFixture.RepoRoot, log: output.WriteLine);
        output.WriteLine($"trained in {sw.Elapsed.TotalSeconds:F1} s");
        using (var f = File.Create(ShippedModelFixture.ModelPath)) model.Save(f);
        var twice = Synthesis.Ingest.Models.TrainingCorpus.TrainBuiltin(SentimentFixture.RepoRoot);
        Assert.Equal(model.Version, twice.Version);
        output.WriteLine($"{model.Version}: {new FileInfo(ShippedModelFixture.ModelPath).Length} bytes; {model.Description}");
    }
}
