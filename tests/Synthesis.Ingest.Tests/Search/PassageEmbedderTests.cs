using Synthesis.Ingest.Search;
using Synthesis.Nlp.Embeddings;

namespace Synthesis.Ingest.Tests.Search;

/// <summary>`PassageEmbedder.Open`: the forms of the Synthesis:Embedder setting and of the eval verbs' --embedder.</summary>
public class PassageEmbedderTests
{
    static readonly string[] Texts =
    [
        "Le vélo en ville, avec des pistes cyclables sûres.", "Des bus de nuit pour rentrer du travail.",
        "Moins de voitures en ville et plus de vélos.", "Une épicerie solidaire pour les familles du quartier.",
    ];

    static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "synthesis-embedder-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public void Builtin_is_the_shipped_model_and_a_trained_file_is_its_own_model()
    {
        var shipped = BuiltinFrenchModel.Train(Texts, new BuiltinTrainingOptions { Dimensions = 8, MinCount = 1 });
        foreach (var spec in new[] { "builtin", " BUILTIN ", "" })
        {
            var e = PassageEmbedder.Open(spec, () => shipped);
            Assert.Equal(new IndexInfo("builtin-fr", shipped.Version, 8), e.Info);
            Assert.Same(shipped, e.Generator);
        }

        var trained = BuiltinFrenchModel.Train(Texts.Append("Un jardin partagé au pied des immeubles."), new BuiltinTrainingOptions { Dimensions = 12, MinCount = 1 });
        var file = Path.Combine(TempDir(), "consultation.embeddings.gz");
        using (var f = File.Create(file)) trained.Save(f);
        var fromFile = PassageEmbedder.Open("builtin:" + file, () => throw new InvalidOperationException("the shipped model is not needed"));
        Assert.Equal(new IndexInfo("builtin-fr", trained.Version, 12), fromFile.Info);
        Assert.NotEqual(shipped.Version, fromFile.Info.Version);
        Assert.Equal(trained.Embed("vélo en ville"), fromFile.EmbedQuery("vélo en ville"));
        Assert.Equal(12, fromFile.EmbedPassages(["des bus de nuit"])[0].Length);
        Assert.NotNull(fromFile.Generator);
    }

    [Fact]
    public void A_wrong_setting_names_what_is_wrong_and_what_to_give()
    {
        var dir = TempDir();
        var e = Assert.Throws<ArgumentException>(() => PassageEmbedder.Open("builtin", () => null));
        Assert.Contains("models train", e.Message);

        var missing = Path.Combine(dir, "missing.gz");
        e = Assert.Throws<ArgumentException>(() => PassageEmbedder.Open("builtin:" + missing, () => null));
        Assert.Contains(missing, e.Message);
        Assert.Contains("models train --out FILE", e.Message);

        var garbage = Path.Combine(dir, "garbage.gz");
        File.WriteAllText(garbage, "not a model");
        e = Assert.Throws<ArgumentException>(() => PassageEmbedder.Open("builtin:" + garbage, () => null));
        Assert.Contains("not a model file", e.Message);

        e = Assert.Throws<ArgumentException>(() => PassageEmbedder.Open("onnx:" + Path.Combine(dir, "nowhere"), () => null));
        Assert.Contains("no such folder", e.Message);
        e = Assert.Throws<ArgumentException>(() => PassageEmbedder.Open("onnx:" + dir, () => null));
        Assert.Contains("no .onnx file", e.Message);

        e = Assert.Throws<ArgumentException>(() => PassageEmbedder.Open("fasttext", () => null));
        Assert.Contains("'fasttext' is not a model", e.Message);
        Assert.Contains("onnx:FOLDER", e.Message);
    }
}
