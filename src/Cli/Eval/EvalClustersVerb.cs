using Synthesis.Eval;
using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Synthesis.Ingest.Import;
using Synthesis.Ingest.Pipeline;
using Synthesis.Nlp.Topics;

namespace Synthesis.Cli;

/// <summary>
/// <c>synthesis eval clusters</c>: runs the product's own pipeline (import, passages, analysis, topics) on the texts of a
/// JSONL file in a temporary data folder, then gives each line the theme holding most of its passages' characters,
/// and scores those themes against the labels (NMI, ARI). Labels never reach the pipeline.
/// </summary>
static class EvalClustersVerb
{
    public static Command Command(CliContext cli)
    {
        var input = new Option<string>("--input") { Description = "JSONL lines {\"id\",\"text\",\"label\"?}", Required = true };
        var k = new Option<int?>("--k") { Description = "Number of themes (default: the number of labels, else automatic)" };
        var output = new Option<string?>("--out") { Description = "Where to write {\"id\",\"cluster\"} per input line (-1: unassigned)" };
        var embedder = EvalEmbedder.Option();
        var seed = new Option<int>("--seed") { Description = "Seed of the topic modelling (default 1)", DefaultValueFactory = _ => 1 };
        var keep = new Option<string?>("--keep-data") { Description = "Keep the data folder of the run here instead of a temporary one" };
        var command = new Command("clusters", "Cluster texts into themes with the product's topic modelling; NMI and ARI when labels are present")
            { input, k, output, embedder, seed, keep };
        command.SetAction((result, ct) => Commands.Guard(async () =>
        {
            var items = EvalData.Read(result.GetValue(input)!);
            var duplicateId = items.GroupBy(i => i.Id).FirstOrDefault(g => g.Count() > 1);
            if (duplicateId is not null) throw new UsageException($"{result.GetValue(input)}: id \"{duplicateId.Key}\" appears on several lines; ids must be unique");
            var labels = items.Where(i => i.Label is not null).Select(i => i.Label!).Distinct().Count();
            var themes = result.GetValue(k) ?? (labels >= 2 ? labels : null);
            if (themes is < 1) throw new UsageException("--k must be at least 1");
            var generator = EvalEmbedder.Create(result.GetValue(embedder)!, cli.Models);
            var dir = result.GetValue(keep) ?? Path.Combine(Path.GetTempPath(), "synthesis-eval-" + Guid.NewGuid().ToString("N"));
            if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
                throw new UsageException($"--keep-data {dir} is not empty: give a new or empty folder");
            var clock = Stopwatch.StartNew();
            try
            {
                var clusters = await Cluster(cli, dir, items, themes, generator, result.GetValue(seed), ct);
                EvalData.Write(result.GetValue(output), items.Select(i => new JsonObject { ["id"] = i.Id, ["cluster"] = clusters[i.Id] }));
                var summary = new JsonObject
                {
                    ["items"] = items.Count,
                    ["k"] = themes,
                    ["clusters"] = clusters.Values.Where(c => c >= 0).Distinct().Count(),
                    ["unassigned"] = clusters.Values.Count(c => c < 0),
                    ["embedder"] = result.GetValue(embedder),
                    ["seed"] = result.GetValue(seed),
                };
                var labelled = items.Where(i => i.Label is not null).ToList();
                if (labelled.Count > 0)
                {
                    var truth = labelled.Select(i => i.Label!).ToList();
                    var predicted = labelled.Select(i => clusters[i.Id]).ToList();
                    summary["nmi"] = Math.Round(ClusterMetrics.NormalizedMutualInformation(truth, predicted), 4);
                    summary["ari"] = Math.Round(ClusterMetrics.AdjustedRandIndex(truth, predicted), 4);
                }
                summary["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 2);
                Console.WriteLine(result.GetValue(Commands.Json) ? summary.ToJsonString()
                    : string.Join("  ", summary.Select(kv => $"{kv.Key}: {kv.Value}")));
                return 0;
            }
            finally
            {
                (generator as IDisposable)?.Dispose();
                if (result.GetValue(keep) is null && Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            }
        }));
        return command;
    }

    /// <summary>Each item's theme ID (-1 when its passages are unassigned or it was not imported).</summary>
    static async Task<Dictionary<string, long>> Cluster(CliContext cli, string dir, List<EvalItem> items, int? themes,
        Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>? generator, int seed, CancellationToken ct)
    {
        var store = SynthesisStore.Open(dir);
        var file = Path.Combine(dir, "eval-input.jsonl");
        await File.WriteAllLinesAsync(file, items.Select(i => new JsonObject { ["id"] = i.Id, ["text"] = i.Text }.ToJsonString()), ct);
        new Importer(store, new ImportOptions
        {
            Fields = new Dictionary<Target, string> { [Target.Text] = "text", [Target.Ref] = "id" },
        }).Import(file);
        var options = new PipelineOptions();
        // this run's own search indexes: their background writers are closed before the folder goes
        using (var indexes = new Ingest.Search.IndexRegistry())
        {
            var pipeline = new DefaultPipeline(cli.Settings, cli.Models, indexes);
            var stages = pipeline.Stages(store, options).Select(s => s.Name == Stages.Corpus
                ? new CorpusStage(pipeline.Models.Lemmatizer, () => themes, () => generator) { Seed = seed }
                : s).ToList();
            await new PipelineRunner(store, stages, options).RunUntilIdleAsync(cancellationToken: ct);
        }

        var clusters = items.ToDictionary(i => i.Id, _ => -1L);
        using var connection = store.Connect();
        // characters of each contribution under each theme (the root of its passages' topics)
        var weight = TopicRows.ThemeCharacters(connection);
        foreach (var (id, byTheme) in weight)
            if (clusters.ContainsKey(id))
                clusters[id] = byTheme.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).First().Key;
        return clusters;
    }
}
