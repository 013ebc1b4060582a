using Synthesis.Eval;
using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Synthesis.Ingest.Pipeline;
using Synthesis.Ingest.Search;
using Synthesis.Nlp;
using Synthesis.Nlp.Embeddings;

namespace Synthesis.Cli;

/// <summary>
/// <c>synthesis eval retrieval</c>: puts a corpus into a temporary data folder (each corpus line one contribution with
/// one passage, the retrieval unit), indexes it and asks each query through <see cref="PassageSearch"/>, the search the
/// product uses; prints top-1, MRR@10 and recall@10 over the queries that name a target. With <c>--baseline MODE</c> it
/// also ranks every query in that mode over the same index and prints the difference of each figure with its 95 %
/// paired-bootstrap interval and p-value (<see cref="RetrievalMetrics.Compare"/>).
/// </summary>
static class EvalRetrievalVerb
{
    public static Command Command(CliContext cli)
    {
        var corpus = new Option<string>("--corpus") { Description = "JSONL lines {\"id\",\"text\"}", Required = true };
        var queries = new Option<string>("--queries") { Description = "JSONL lines {\"id\",\"query\",\"target\"?}", Required = true };
        var output = new Option<string?>("--out") { Description = "Where to write {\"id\",\"ranked\":[corpus ids]} per query" };
        var mode = new Option<string>("--mode") { Description = "bm25, vector or hybrid", DefaultValueFactory = _ => "hybrid" };
        var embedder = new Option<string>("--embedder") { Description = "builtin (the shipped French model), builtin:FILE (one made by `models train`), or onnx:FOLDER (a sentence-transformers ONNX model and its tokenizer)", DefaultValueFactory = _ => "builtin" };
        var k = new Option<int>("--k") { Description = "How many corpus ids to rank per query", DefaultValueFactory = _ => 20 };
        var fusion = new Option<string?>("--fusion") { Description = "zscore (default) or rrf, to compare fusions" };
        var vectorWeight = new Option<double?>("--vector-weight") { Description = "The vectors' weight in the fusion (default 1)" };
        var baseline = new Option<string?>("--baseline") { Description = "bm25, vector or hybrid: also rank in this mode and print each figure's difference with its 95 % interval and p-value" };
        var command = new Command("retrieval", "Rank a corpus for each query through the product's search; top-1, MRR@10, recall@10 when targets are given")
            { corpus, queries, output, mode, embedder, k, fusion, vectorWeight, baseline };
        command.SetAction((result, ct) => Commands.Guard(async () =>
        {
            if (!SearchModes.TryParse(result.GetValue(mode), out var searchMode)) throw new UsageException($"--mode must be bm25, vector or hybrid, not '{result.GetValue(mode)}'");
            SearchMode? baselineMode = null;
            if (result.GetValue(baseline) is { } b)
                baselineMode = SearchModes.TryParse(b, out var parsed) ? parsed : throw new UsageException($"--baseline must be bm25, vector or hybrid, not '{b}'");
            if (result.GetValue(k) < 1) throw new UsageException("--k must be at least 1");
            var docs = EvalData.Read(result.GetValue(corpus)!);
            var asked = EvalData.Read(result.GetValue(queries)!, textField: "query", labelField: "target");
            if (baselineMode is not null && asked.All(q => q.Label is null))
                throw new UsageException($"{result.GetValue(queries)}: no query names a \"target\", so there is nothing to compare with --baseline");
            var duplicate = docs.GroupBy(d => d.Id).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null) throw new UsageException($"{result.GetValue(corpus)}: id \"{duplicate.Key}\" is used by {duplicate.Count()} lines; corpus ids must be unique");
            var known = docs.Select(d => d.Id).ToHashSet();
            var unknown = asked.FirstOrDefault(q => q.Label is not null && !known.Contains(q.Label));
            if (unknown is not null) throw new UsageException($"{result.GetValue(queries)}: query \"{unknown.Id}\" targets \"{unknown.Label}\", which is not a corpus id");
            var (passageEmbedder, disposable) = Embedder(result.GetValue(embedder)!, cli.Models);
            var clock = Stopwatch.StartNew();
            var folder = Path.Combine(Path.GetTempPath(), "synthesis-eval-retrieval", Guid.NewGuid().ToString("N"));
            var runs = new List<(string Id, List<string> Ranked, List<string>? Baseline, string? Target)>();
            try
            {
                var store = SynthesisStore.Open(folder);
                var idOf = Load(store, docs);
                using (var indexes = new IndexRegistry())
                using (var search = PassageSearch.Open(indexes, store, passageEmbedder, new SearchSettings(), cli.Models.Spelling))
                {
                    search.Options = Fusion(search.Options, result.GetValue(fusion), result.GetValue(vectorWeight));
                    foreach (var q in asked)
                    {
                        ct.ThrowIfCancellationRequested();
                        async Task<List<string>> Rank(SearchMode m) =>
                            (await search.SearchAsync(q.Text, result.GetValue(k), null, m, ct)).Select(h => idOf[h.ContributionId]).Distinct().ToList();
                        runs.Add((q.Id, await Rank(searchMode), baselineMode is { } bm ? await Rank(bm) : null, q.Label));
                    }
                }
            }
            finally
            {
                disposable?.Dispose();
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
            }
            static JsonArray Ids(List<string> ids) => new(ids.Select(id => (JsonNode)JsonValue.Create(id)).ToArray());
            EvalData.Write(result.GetValue(output), runs.Select(r =>
            {
                var line = new JsonObject { ["id"] = r.Id, ["ranked"] = Ids(r.Ranked) };
                if (r.Baseline is not null) line["baseline_ranked"] = Ids(r.Baseline);
                return line;
            }));
            var summary = new JsonObject
            {
                ["mode"] = SearchModes.Name(searchMode), ["embedder"] = passageEmbedder.Info.ToString(),
                ["corpus"] = docs.Count, ["queries"] = asked.Count,
            };
            var scored = runs.Where(r => r.Target is not null).ToList();
            static int RankOf(List<string> ranked, string target) => ranked.Take(RetrievalMetrics.Depth).ToList().IndexOf(target);
            var ranks = scored.Select(r => RankOf(r.Ranked, r.Target!)).ToList();
            RetrievalComparison? comparison = null;
            if (scored.Count > 0)
            {
                if (baselineMode is not null)
                    comparison = RetrievalMetrics.Compare(ranks, scored.Select(r => RankOf(r.Baseline!, r.Target!)).ToList());
                Figures(summary, comparison?.Run ?? RetrievalMetrics.Score(ranks));
                if (comparison is not null)
                {
                    summary["baseline"] = Figures(new JsonObject { ["mode"] = SearchModes.Name(baselineMode!.Value) }, comparison.Baseline);
                    summary["difference"] = new JsonObject
                    {
                        ["top1"] = Difference(comparison.Top1), ["mrr10"] = Difference(comparison.Mrr10), ["recall10"] = Difference(comparison.Recall10),
                        ["top1_won"] = comparison.Won, ["top1_lost"] = comparison.Lost, ["resamples"] = comparison.Resamples,
                    };
                }
            }
            summary["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 2);
            if (result.GetValue(Commands.Json)) Console.WriteLine(summary.ToJsonString());
            else
            {
                Console.WriteLine(string.Join("  ", summary.Where(kv => kv.Key is not ("baseline" or "difference")).Select(kv => $"{kv.Key}: {kv.Value}")));
                if (comparison is not null) Console.WriteLine(Describe(SearchModes.Name(baselineMode!.Value), comparison));
            }
            return 0;
        }));
        return command;
    }

    static JsonObject Figures(JsonObject into, RetrievalFigures f)
    {
        into["top1"] = Math.Round(f.Top1, 4);
        into["mrr10"] = Math.Round(f.Mrr10, 4);
        into["recall10"] = Math.Round(f.Recall10, 4);
        return into;
    }

    static JsonObject Difference(MetricDifference d) => new()
    {
        ["delta"] = Math.Round(d.Delta, 4),
        ["ci95"] = new JsonArray(Math.Round(d.Low95, 4), Math.Round(d.High95, 4)),
        ["p"] = Math.Round(d.P, 4),
    };

    /// <summary>"against bm25 (top1: 0.5459  mrr10: 0.6419  recall10: 0.8112): top1 +0.0051 [-0.0306, +0.0408] p 1.000; …"</summary>
    static string Describe(string baseline, RetrievalComparison c)
    {
        static string Signed(double x) => (x >= 0 ? "+" : "") + (x == 0 ? 0.0 : x).ToString("F4", System.Globalization.CultureInfo.InvariantCulture);
        static string One(string name, MetricDifference d) =>
            $"{name} {Signed(d.Delta)} [{Signed(d.Low95)}, {Signed(d.High95)}] p {(d.P < 0.001 ? "< 0.001" : d.P.ToString("F3", System.Globalization.CultureInfo.InvariantCulture))}";
        var b = c.Baseline;
        return FormattableString.Invariant($"against {baseline} (top1: {Math.Round(b.Top1, 4)}  mrr10: {Math.Round(b.Mrr10, 4)}  recall10: {Math.Round(b.Recall10, 4)}): ")
            + string.Join("; ", One("top1", c.Top1), One("mrr10", c.Mrr10), One("recall10", c.Recall10))
            + $"; first place won on {c.Won} queries, lost on {c.Lost} (95 % paired bootstrap, {c.Resamples} resamples)";
    }

    static HybridOptions Fusion(HybridOptions options, string? method, double? vectorWeight)
    {
        options = method?.ToLowerInvariant() switch
        {
            null => options,
            "zscore" => options with { Method = FusionMethod.ZScore },
            "rrf" => options with { Method = FusionMethod.Rrf },
            _ => throw new UsageException($"--fusion must be zscore or rrf, not '{method}'"),
        };
        return vectorWeight is { } w ? options with { VectorWeight = w } : options;
    }

    /// <summary>One contribution and one passage per corpus line; returns contribution id to corpus id.</summary>
    static Dictionary<long, string> Load(SynthesisStore store, List<EvalItem> docs)
    {
        var idOf = new Dictionary<long, string>(docs.Count);
        using var connection = store.Connect();
        using var tx = connection.BeginTransaction();
        using var writer = new StoreWriter(connection, tx);
        foreach (var d in docs)
        {
            var id = ContributionRows.AddForEvaluation(writer, d.Id, d.Text);
            PassageRows.Replace(writer, id, "text", [new NewPassage(d.Text, 0, d.Text.Length)]);
            idOf[id] = d.Id;
        }
        writer.Commit();
        return idOf;
    }

    static (PassageEmbedder, IDisposable?) Embedder(string spec, Ingest.Models.FrenchModels models)
    {
        // "builtin" is the shipped model whatever Synthesis:Embedder says: the eval compares named models
        try
        {
            var embedder = PassageEmbedder.Open(spec, models.BuiltinModel);
            // an ONNX session is this run's to close; the built-in models are shared and hold nothing to release
            return (embedder, embedder.Generator as OnnxSentenceEmbedder);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--embedder {e.Message}");
        }
    }
}
