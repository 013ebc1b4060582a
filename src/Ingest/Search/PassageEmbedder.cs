using System.Security.Cryptography;
using Synthesis.Nlp.Embeddings;

namespace Synthesis.Ingest.Search;

/// <summary>
/// The embedding model on both sides of search: passages at indexing, queries at search time (some models, e5 for one,
/// embed the two differently). <see cref="Info"/> names the model and version the index records.
/// </summary>
public sealed class PassageEmbedder(IndexInfo info, Func<IReadOnlyList<string>, float[][]> embedPassages, Func<string, float[]> embedQuery)
{
    public IndexInfo Info { get; } = info;

    public float[][] EmbedPassages(IReadOnlyList<string> texts) => texts.Count == 0 ? [] : embedPassages(texts);

    public float[] EmbedQuery(string query) => embedQuery(query);

    /// <summary>The built-in French model (models/builtin-fr), the default.</summary>
    public static PassageEmbedder Builtin(BuiltinFrenchModel model) =>
        new(new IndexInfo("builtin-fr", model.Version, model.Dimensions), model.EmbedBatch, model.Embed);

    /// <summary>A sentence-transformers ONNX model; its version is the SHA-256 of the .onnx file (first 12 hex digits).</summary>
    public static PassageEmbedder Onnx(OnnxSentenceEmbedder embedder, string onnxFile)
    {
        string version;
        using (var fs = File.OpenRead(onnxFile)) version = Convert.ToHexStringLower(SHA256.HashData(fs))[..12];
        return new(new IndexInfo("onnx-" + embedder.ModelId, version, embedder.Dimensions),
            texts => embedder.EmbedBatch(texts, EmbeddingInputKind.Passage), q => embedder.Embed(q, EmbeddingInputKind.Query));
    }
}
