using System.Diagnostics;
using System.Text.Json;
using Synthesis.Eval;
using Synthesis.Nlp.French;
using Synthesis.Nlp.Tests.Topics;
using Synthesis.Nlp.Topics;

namespace Synthesis.Bench;

/// <summary>
/// The topic model's fit on its own, outside the analyse stage: planted themes (<c>synthetic</c>: N passages of D
/// dimensions, 20 themes of 4 sub-themes, the vectors given) or the Make.org proposals (<c>makeorg</c>: lemmas and a
/// 200-dimension LSA space fitted first, timed apart). The median of several fits, with what the fit found (themes,
/// topics, passages left unassigned, and for planted themes the NMI with them).
/// </summary>
static class TopicsBench
{
    public static int Run(IReadOnlyDictionary<string, string> options)
    {
        var runs = int.Parse(options.GetValueOrDefault("runs", "3"));
        var corpus = options.GetValueOrDefault("corpus", "synthetic");
        List<TopicInput> inputs;
        int[]? planted = null;
        var prepare = new Dictionary<string, double>();
        switch (corpus)
        {
            case "synthetic":
                var n = int.Parse(options.GetValueOrDefault("passages", "100000"));
                var made = SyntheticCorpus.Make(n, themes: 20, subsPerTheme: 4, dim: int.Parse(options.GetValueOrDefault("dims", "300")), noise: 1.0, seed: 3);
                inputs = made.Inputs;
                planted = made.Theme;
                break;
            case "makeorg":
                var root = EmbedBench.RepoRoot();
                var texts = Synthesis.Ingest.Models.TrainingCorpus.ReadCsvColumn(Path.Combine(root, Synthesis.Ingest.Models.TrainingCorpus.MakeOrgCsv), "proposition")
                    .Where(t => t.Length > 0).ToList();
                var lemmatizer = FrenchLemmatizer.Load(Path.Combine(root, "models", "lefff"));
                var clock = Stopwatch.StartNew();
                var lemmas = texts.Select(t => lemmatizer.ContentLemmas(t)).ToArray();
                prepare["lemmas_s"] = Math.Round(clock.Elapsed.TotalSeconds, 2);
                clock.Restart();
                var lsa = LsaVectors.Fit(lemmas, new LsaOptions(Dimensions: 200));
                prepare["lsa_s"] = Math.Round(clock.Elapsed.TotalSeconds, 2);
                inputs = texts.Select((t, i) => new TopicInput(i + 1, lsa.DocumentVectors[i], lemmas[i], t, i + 1)).ToList();
                break;
            default:
                Console.Error.WriteLine($"unknown corpus {corpus} (synthetic or makeorg)");
                return 2;
        }
        var seconds = new List<double>();
        TopicResult? result = null;
        for (var r = 0; r < runs; r++)
        {
            var clock = Stopwatch.StartNew();
            result = new TopicModeler().Fit(inputs, new TopicOptions());
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        var sorted = seconds.Order().ToList();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            corpus,
            passages = inputs.Count,
            dims = inputs[0].Vector.Length,
            cores = Environment.ProcessorCount,
            prepare,
            fit_s_median = Math.Round(sorted[sorted.Count / 2], 2),
            fit_s_all = seconds.Select(s => Math.Round(s, 2)).ToArray(),
            themes = result!.Topics.Count(t => t.ParentId is null),
            topics = result.Topics.Count,
            unassigned = result.Assignment.Values.Count(v => v is null),
            theme_nmi = planted is null ? (double?)null : Math.Round(ClusterMetrics.NormalizedMutualInformation(planted, SyntheticCorpus.Roots(result, inputs)), 3),
        }));
        return 0;
    }
}
