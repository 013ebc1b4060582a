using System.CommandLine;
using Microsoft.Extensions.AI;
using Synthesis.Ingest.Pipeline;
using Synthesis.Nlp.Embeddings;

namespace Synthesis.Cli;

/// <summary>
/// The <c>--embedder builtin|builtin:FILE|onnx:PATH|none</c> option of the eval verbs: which passage-embedding model to compare.
/// <c>none</c> leaves embeddings out where a verb can do without them (topics fall back to LSA alone).
/// </summary>
static class EvalEmbedder
{
    public static Option<string> Option() => new("--embedder")
    {
        Description = "builtin (the shipped French model), builtin:FILE (one made by `models train`), onnx:FOLDER (a sentence-transformers ONNX export with its tokenizer), or none",
        DefaultValueFactory = _ => "builtin",
    };

    /// <summary>The generator the option names (null for none); a wrong value or a missing model is a usage error.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>>? Create(string value)
    {
        if (value.Equals("none", StringComparison.OrdinalIgnoreCase)) return null;
        if (value.Equals("builtin", StringComparison.OrdinalIgnoreCase))
            return DefaultPipeline.BuiltinModel()
                ?? throw new UsageException($"the built-in model is missing from {Path.Combine(DefaultPipeline.ShippedModels, "builtin-fr")}: rebuild it with `synthesis models train`");
        if (value.StartsWith("builtin:", StringComparison.OrdinalIgnoreCase))
        {
            var file = value["builtin:".Length..];
            if (!File.Exists(file)) throw new UsageException($"--embedder {value}: no such model file (make one with `synthesis models train --out FILE`)");
            try
            {
                return BuiltinFrenchModel.Load(file);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                throw new UsageException($"--embedder {value}: not a built-in model file ({e.Message})");
            }
        }
        if (value.StartsWith("onnx:", StringComparison.OrdinalIgnoreCase))
        {
            var folder = value["onnx:".Length..];
            if (!Directory.Exists(folder))
                throw new UsageException($"--embedder {value}: no such folder (give the folder holding model.onnx and vocab.txt or a SentencePiece model)");
            try
            {
                return OnnxSentenceEmbedder.Load(folder);
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
            {
                throw new UsageException($"--embedder {value}: {e.Message}");
            }
        }
        throw new UsageException($"--embedder must be builtin, builtin:FILE, onnx:FOLDER or none, not '{value}'");
    }
}
