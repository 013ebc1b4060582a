using System.Security.Cryptography;
using Microsoft.Extensions.AI;
using Synthesis.Nlp.Embeddings;

namespace Synthesis.Ingest.Search;

/// <summary>
/// The embedding model on both sides of search: passages at indexing, queries at search time (some models, e5 for one,
/// embed the two differently). <see cref="Info"/> names the model and version the index records; <see cref="Generator"/>
/// is the same model for other stages (topics), passages side.
/// </summary>
public sealed class PassageEmbedder(IndexInfo info, Func<IReadOnlyList<string>, float[][]> embedPassages, Func<string, float[]> embedQuery,
    IEmbeddingGenerator<string, Embedding<float>>? generator = null)
{
    public IndexInfo Info { get; } = info;

    /// <summary>The model as a Microsoft.Extensions.AI generator (null for an embedder made from two functions).</summary>
    public IEmbeddingGenerator<string, Embedding<float>>? Generator { get; } = generator;

    public float[][] EmbedPassages(IReadOnlyList<string> texts) => texts.Count == 0 ? [] : embedPassages(texts);

    public float[] EmbedQuery(string query) => embedQuery(query);

    /// <summary>The built-in French model (models/builtin-fr, or a file made by <c>synthesis models train</c>).</summary>
    public static PassageEmbedder Builtin(BuiltinFrenchModel model) =>
        new(new IndexInfo("builtin-fr", model.Version, model.Dimensions), model.EmbedBatch, model.Embed, model);

    /// <summary>A sentence-transformers ONNX model; its version is the SHA-256 of the .onnx file (first 12 hex digits).</summary>
    public static PassageEmbedder Onnx(OnnxSentenceEmbedder embedder, string onnxFile)
    {
        string version;
        using (var fs = File.OpenRead(onnxFile)) version = Convert.ToHexStringLower(SHA256.HashData(fs))[..12];
        return new(new IndexInfo("onnx-" + embedder.ModelId, version, embedder.Dimensions),
            texts => embedder.EmbedBatch(texts, EmbeddingInputKind.Passage), q => embedder.Embed(q, EmbeddingInputKind.Query), embedder);
    }

    /// <summary>What <see cref="Open"/> reads: <c>builtin</c>, <c>builtin:FILE</c> or <c>onnx:FOLDER</c>.</summary>
    public const string Forms = "builtin (the shipped French model), builtin:FILE (a model made by `synthesis models train`) or onnx:FOLDER (a sentence-transformers ONNX export with its tokenizer)";

    /// <summary>
    /// The model a setting or an option names: <c>builtin</c> (<paramref name="shipped"/>), <c>builtin:FILE</c> or
    /// <c>onnx:FOLDER</c> (the first .onnx file below it, with its vocab.txt or SentencePiece model). A wrong form, a missing
    /// or unreadable file is an <see cref="ArgumentException"/> whose message names it and says what to give instead.
    /// </summary>
    public static PassageEmbedder Open(string spec, Func<BuiltinFrenchModel?> shipped)
    {
        spec = spec.Trim();
        if (spec.Length == 0 || spec.Equals("builtin", StringComparison.OrdinalIgnoreCase))
            return Builtin(shipped() ?? throw new ArgumentException("the shipped built-in French model is missing (models/builtin-fr): rebuild it with `synthesis models train`"));
        if (spec.StartsWith("builtin:", StringComparison.OrdinalIgnoreCase))
        {
            var file = spec["builtin:".Length..];
            if (!File.Exists(file)) throw new ArgumentException($"{spec}: no such model file (make one with `synthesis models train --out FILE`)");
            try
            {
                return Builtin(BuiltinFrenchModel.Load(file));
            }
            catch (Exception e) when (e is InvalidDataException or IOException or EndOfStreamException)
            {
                throw new ArgumentException($"{spec}: not a model file made by `synthesis models train` ({e.Message})");
            }
        }
        if (spec.StartsWith("onnx:", StringComparison.OrdinalIgnoreCase))
        {
            var folder = spec["onnx:".Length..];
            if (!Directory.Exists(folder)) throw new ArgumentException($"{spec}: no such folder (give the folder holding model.onnx and vocab.txt or a SentencePiece model)");
            var onnx = Directory.EnumerateFiles(folder, "*.onnx", SearchOption.AllDirectories).Order(StringComparer.Ordinal).FirstOrDefault()
                ?? throw new ArgumentException($"{spec}: no .onnx file in {folder}");
            try
            {
                return Onnx(OnnxSentenceEmbedder.Load(folder), onnx);
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
            {
                throw new ArgumentException($"{spec}: {e.Message}");
            }
        }
        throw new ArgumentException($"'{spec}' is not a model: give {Forms}");
    }
}
