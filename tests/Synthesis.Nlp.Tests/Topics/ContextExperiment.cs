using Synthesis.Eval;
using System.Numerics.Tensors;
using Synthesis.Nlp.Tests.French;
using Synthesis.Nlp.Topics;
using Xunit.Abstractions;

namespace Synthesis.Nlp.Tests.Topics;

/// <summary>For information (SYNTHESIS_EXPERIMENTS=1, XVAR=name,name): context and seeding variants at passage level.</summary>
public class ContextExperiment(ITestOutputHelper output)
{
    sealed class Corpus
    {
        public int Texts;
        public string[] Labels = [];
        public List<(int Doc, string Text)> Passages = [];
        public List<IReadOnlyList<string>> Lemmas = [];
        public float[][] Embeddings = [];
        public float[][] Joined = []; // LSA + built-in, no context
    }

    static readonly Lazy<Synthesis.Nlp.Embeddings.BuiltinFrenchModel> Builtin = new(() =>
        Synthesis.Nlp.Embeddings.BuiltinFrenchModel.Load(Synthesis.Nlp.Embeddings.BuiltinFrenchModel.DefaultPath(Sentiment.SentimentFixture.RepoRoot)));

    static Corpus Prepare(string file)
    {
        var path = Sentiment.SentimentFixture.Shared("dev-sets", file)!;
        var docs = File.ReadLines(path).Where(l => l.Length > 0).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Select(e => (Text: e.GetProperty("text").GetString()!, Label: e.GetProperty("label").GetString()!)).ToList();
        var c = new Corpus { Texts = docs.Count, Labels = docs.Select(d => d.Label).ToArray() };
        for (var d = 0; d < docs.Count; d++)
            foreach (var span in PassageSplitter.Default.Split(docs[d].Text)) c.Passages.Add((d, span.Of(docs[d].Text)));
        c.Lemmas = c.Passages.Select(p => (IReadOnlyList<string>)LemmatizerFixture.Instance.ContentLemmas(p.Text)).ToList();
        c.Embeddings = Builtin.Value.EmbedBatch(c.Passages.Select(p => p.Text).ToList());
        c.Joined = TopicVectors.Build(c.Lemmas, c.Embeddings, new TopicVectorOptions(ContextShare: 0));
        return c;
    }

    /// <summary>own x passage + (1 - own) x weighted mean of its contribution, normalised.</summary>
    static float[][] Context(Corpus c, Func<int, int, double> ownWeight, Func<int, double>? meanWeight = null)
    {
        var dim = c.Joined[0].Length;
        var result = new float[c.Joined.Length][];
        foreach (var g in Enumerable.Range(0, c.Passages.Count).GroupBy(i => c.Passages[i].Doc))
        {
            var rows = g.ToList();
            if (rows.Count == 1) { result[rows[0]] = c.Joined[rows[0]]; continue; }
            var mean = new float[dim];
            foreach (var r in rows) TensorPrimitives.MultiplyAdd(c.Joined[r], (float)(meanWeight?.Invoke(r) ?? 1), mean, mean);
            VectorMath.Normalize(mean);
            foreach (var r in rows)
            {
                var own = (float)ownWeight(r, rows.Count);
                var v = new float[dim];
                for (var d = 0; d < dim; d++) v[d] = own * c.Joined[r][d] + (1 - own) * mean[d];
                VectorMath.Normalize(v);
                result[r] = v;
            }
        }
        return result;
    }

    static float[][] DocMeans(Corpus c, float[][] vectors)
    {
        var dim = vectors[0].Length;
        var means = Enumerable.Range(0, c.Texts).Select(_ => new float[dim]).ToArray();
        for (var i = 0; i < vectors.Length; i++) TensorPrimitives.Add(means[c.Passages[i].Doc], c.Joined[i], means[c.Passages[i].Doc]);
        foreach (var m in means) VectorMath.Normalize(m);
        return means;
    }

    static double Nmi(Corpus c, float[][] vectors, int k, int seed, TopicModeler modeler, IReadOnlyList<PreviousTopic>? previous = null)
    {
        var inputs = c.Passages.Select((p, i) => new TopicInput(i, vectors[i], c.Lemmas[i], p.Text, p.Doc)).ToList();
        var result = modeler.Fit(inputs, new TopicOptions(K: k, Seed: seed, Previous: previous));
        var roots = SyntheticCorpus.Roots(result, inputs);
        var perDoc = Enumerable.Range(0, c.Texts).Select(_ => new Dictionary<long, int>()).ToArray();
        for (var i = 0; i < inputs.Count; i++)
            if (roots[i] >= 0) perDoc[c.Passages[i].Doc][roots[i]] = perDoc[c.Passages[i].Doc].GetValueOrDefault(roots[i]) + c.Passages[i].Text.Length;
        var predicted = perDoc.Select(d => d.Count == 0 ? -1L : d.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).First().Key).ToArray();
        return ClusterMetrics.NormalizedMutualInformation(c.Labels, predicted);
    }

    /// <summary>Themes found over contributions (their mean vectors), handed to the passage clustering as a warm start.</summary>
    static IReadOnlyList<PreviousTopic> DocSeeds(Corpus c, float[][] vectors, int k, int seed, SphericalKMeans? kmeans = null)
    {
        var means = DocMeans(c, vectors);
        var km = (kmeans ?? new SphericalKMeans()).Fit(means, Enumerable.Range(0, c.Texts).ToArray(), k, (ulong)seed);
        return Enumerable.Range(0, km.Centroids.Length).Select(t => new PreviousTopic(1000 + t, null,
            Enumerable.Range(0, c.Passages.Count).Where(i => km.Labels[c.Passages[i].Doc] == t).Select(i => (long)i).ToList(), "t" + t, false)).ToList();
    }

    /// <summary>Passage k-means from the passage spectral seeding and from the contribution one; the best objective's themes.</summary>
    static IReadOnlyList<PreviousTopic> BestOfTwo(Corpus c, float[][] vectors, int k, int seed, List<string> log)
    {
        var all = Enumerable.Range(0, c.Passages.Count).ToArray();
        var a = new SphericalKMeans().Fit(vectors, all, k, (ulong)seed);
        var docs = DocSeeds(c, vectors, k, seed);
        var seeds = docs.Select(d => VectorMath.Centroid(vectors, d.PassageIds.Select(x => (int)x).ToArray(), vectors[0].Length)).ToArray();
        var b = new SphericalKMeans().Fit(vectors, all, k, (ulong)seed, seeds);
        log.Add($"{a.Objective:F1} vs {b.Objective:F1}");
        var best = b.Objective > a.Objective ? b : a;
        return Enumerable.Range(0, best.Centroids.Length).Select(t => new PreviousTopic(1000 + t, null,
            all.Where(i => best.Labels[i] == t).Select(i => (long)i).ToList(), "t" + t, false)).ToList();
    }

    [SkippableFact]
    public void Variants()
    {
        Skip.If(Environment.GetEnvironmentVariable("SYNTHESIS_EXPERIMENTS") != "1", "set SYNTHESIS_EXPERIMENTS=1");
        var wanted = (Environment.GetEnvironmentVariable("XVAR") ?? "base").Split(',');
        var seeds = (Environment.GetEnvironmentVariable("XSEEDS") ?? "1,2,3").Split(',').Select(int.Parse).ToArray();
        foreach (var (file, k) in new[] { ("granddebat.questions.jsonl", 19), ("decidim.clusters.jsonl", 4) })
        {
            if (Environment.GetEnvironmentVariable("XSET") is { } only && !file.StartsWith(only)) continue;
            var c = Prepare(file);
            var log = new List<string>();
            var lemmaCount = c.Lemmas.Select(l => (double)Math.Max(1, l.Count)).ToArray();
            var meanLemmas = lemmaCount.Average();
            var variants = new Dictionary<string, Func<int, double>>
            {
                ["base"] = s => Nmi(c, Context(c, (_, _) => 0.5), k, s, new TopicModeler()),
                ["noout"] = s => Nmi(c, Context(c, (_, _) => 0.5), k, s, new TopicModeler { OutlierShare = 0 }),
                ["s0.6"] = s => Nmi(c, Context(c, (_, _) => 0.4), k, s, new TopicModeler()),
                ["s0.7"] = s => Nmi(c, Context(c, (_, _) => 0.3), k, s, new TopicModeler()),
                ["s0.8"] = s => Nmi(c, Context(c, (_, _) => 0.2), k, s, new TopicModeler()),
                ["s1.0"] = s => Nmi(c, Context(c, (_, _) => 0.0), k, s, new TopicModeler()),
                ["lenw"] = s => Nmi(c, Context(c, (_, _) => 0.5, r => lemmaCount[r]), k, s, new TopicModeler()),
                ["shrink"] = s => Nmi(c, Context(c, (r, _) => lemmaCount[r] / (lemmaCount[r] + meanLemmas)), k, s, new TopicModeler()),
                ["shrinklw"] = s => Nmi(c, Context(c, (r, _) => lemmaCount[r] / (lemmaCount[r] + meanLemmas), r => lemmaCount[r]), k, s, new TopicModeler()),
                ["sqrtm"] = s => Nmi(c, Context(c, (_, m) => 1 / Math.Sqrt(m)), k, s, new TopicModeler()),
                ["docseed"] = s => { var v = Context(c, (_, _) => 0.5); return Nmi(c, v, k, s, new TopicModeler(), DocSeeds(c, v, k, s)); },
                ["docseed_pp"] = s => { var v = Context(c, (_, _) => 0.5); return Nmi(c, v, k, s, new TopicModeler(), DocSeeds(c, v, k, s, new SphericalKMeans { SpectralInit = false, Restarts = 8 })); },
                ["docseed_s1k"] = s => { var v = Context(c, (_, _) => 0.5); return Nmi(c, v, k, s, new TopicModeler(), DocSeeds(c, v, k, s, new SphericalKMeans { SpectralSample = 1000 })); },
                ["docseed_s0.7"] = s => { var v = Context(c, (_, _) => 0.3); return Nmi(c, v, k, s, new TopicModeler(), DocSeeds(c, v, k, s)); },
                ["best2"] = s => { var v = Context(c, (_, _) => 0.5); return Nmi(c, v, k, s, new TopicModeler(), BestOfTwo(c, v, k, s, log)); },
                ["ds_shrink"] = s => { var v = Context(c, (r, _) => lemmaCount[r] / (lemmaCount[r] + meanLemmas)); return Nmi(c, v, k, s, new TopicModeler(), DocSeeds(c, v, k, s)); },
                ["ds_sqrtm"] = s => { var v = Context(c, (_, m) => 1 / Math.Sqrt(m)); return Nmi(c, v, k, s, new TopicModeler(), DocSeeds(c, v, k, s)); },
                ["ds_lenw"] = s => { var v = Context(c, (_, _) => 0.5, r => lemmaCount[r]); return Nmi(c, v, k, s, new TopicModeler(), DocSeeds(c, v, k, s)); },
                ["ds_noout"] = s => { var v = Context(c, (_, _) => 0.5); return Nmi(c, v, k, s, new TopicModeler { OutlierShare = 0 }, DocSeeds(c, v, k, s)); },
                ["spec5k"] = s => Nmi(c, Context(c, (_, _) => 0.5), k, s, new TopicModeler { SpectralSample = 6000 }),
            };
            foreach (var name in wanted)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var scores = seeds.Select(s => variants[name](s)).ToList();
                if (log.Count > 0) output.WriteLine(string.Join("; ", log));
                log.Clear();
                output.WriteLine($"{file} {name}: NMI {string.Join(" ", scores.Select(x => x.ToString("F3")))} mean {scores.Average():F3} ({clock.Elapsed.TotalSeconds / seeds.Length:F1} s/run)");
            }
        }
    }
}
