using System.CommandLine;
using Microsoft.Extensions.AI;
using Synthesis.Ingest.Search;

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
    public static IEmbeddingGenerator<string, Embedding<float>>? Create(string value, Ingest.Models.FrenchModels models)
    {
        if (value.Equals("none", StringComparison.OrdinalIgnoreCase)) return null;
        if (!value.Equals("builtin", StringComparison.OrdinalIgnoreCase) && !value.StartsWith("builtin:", StringComparison.OrdinalIgnoreCase)
            && !value.StartsWith("onnx:", StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"--embedder must be builtin, builtin:FILE, onnx:FOLDER or none, not '{value}'");
        try
        {
            return PassageEmbedder.Open(value, models.BuiltinModel).Generator;
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--embedder {e.Message}");
        }
    }
}
