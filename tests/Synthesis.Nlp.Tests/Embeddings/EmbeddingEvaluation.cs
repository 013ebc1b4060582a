using System.Text.Json;
using Synthesis.Nlp.Embeddings;

namespace Synthesis.Nlp.Tests.Embeddings;

/// <summary>Retrieval and clustering measures for the embedding evaluations (also used by the scratch benchmarks).</summary>
public static class EmbeddingEvaluation
{
    public sealed record Doc(string Id, string Text, string? Label);
    public sealed record Query(string Id, string Text, string Target);
    public sealed record RetrievalScores(double Top1, double Mrr10, double Recall10);

    public static List<Doc> ReadDocs(string path)
    {
        var list = new List<Doc>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var j = JsonDocument.Parse(line);
            var r = j.RootElement;
            list.Add(new Doc(Str(r, "id"), Str(r, "text"), r.TryGetProperty("label", out var l) ? l.ToString() : null));
        }
        return list;
    }

    public static List<Query> ReadQueries(string path)
    {
        var list = new List<Query>();
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var j = JsonDocument.Parse(line);
            var r = j.RootElement;
            list.Add(new Query(Str(r, "id"), Str(r, "query"), Str(r, "target")));
        }
        return list;
    }

    static string Str(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.String ? e.GetProperty(name).GetString()! : e.GetProperty(name).ToString();

    public static float Dot(float[] a, float[] b)
    {
        var s = 0f;
        for (var i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>Cosine (dot of unit vectors) of each query with each document: scores[q][d].</summary>
    public static double[][] CosineScores(float[][] queries, float[][] docs) =>
        queries.Select(q => docs.Select(d => (double)Dot(q, d)).ToArray()).ToArray();

    /// <summary>Top-1, MRR@10 and recall@10 of ranking the documents by score (ties: lower index first).</summary>
    public static RetrievalScores Rank(double[][] scores, IReadOnlyList<Query> queries, IReadOnlyList<Doc> docs)
    {
        var index = docs.Select((d, i) => (d.Id, i)).ToDictionary(x => x.Id, x => x.i);
        double top1 = 0, mrr = 0, recall = 0;
        for (var q = 0; q < queries.Count; q++)
        {
            var target = index[queries[q].Target];
            var s = scores[q];
            var rank = 1;
            for (var d = 0; d < s.Length; d++)
                if (d != target && (s[d] > s[target] || (s[d] == s[target] && d < target))) rank++;
            if (rank == 1) top1++;
            if (rank <= 10) { mrr += 1.0 / rank; recall++; }
        }
        return new RetrievalScores(top1 / queries.Count, mrr / queries.Count, recall / queries.Count);
    }

    /// <summary>Okapi BM25 (k1 1.2, b 0.75) over the built-in model's stems: the lexical baseline.</summary>
    public static double[][] Bm25Scores(IReadOnlyList<string> queries, IReadOnlyList<string> docs)
    {
        var analyzer = new FrenchTermAnalyzer();
        var cache = new Dictionary<string, string?>(StringComparer.Ordinal);
        var docTerms = docs.Select(d => analyzer.Analyze(d, cache)).ToList();
        var avg = docTerms.Average(t => (double)t.Count);
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in docTerms)
            foreach (var s in t.Distinct()) df[s] = df.GetValueOrDefault(s) + 1;
        var tfs = docTerms.Select(t => t.GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count())).ToList();
        var n = docs.Count;
        return queries.Select(q =>
        {
            var terms = analyzer.Analyze(q, cache);
            var scores = new double[n];
            for (var d = 0; d < n; d++)
            {
                double s = 0;
                foreach (var t in terms)
                {
                    if (!tfs[d].TryGetValue(t, out var tf)) continue;
                    var idf = Math.Log(1 + (n - df[t] + 0.5) / (df[t] + 0.5));
                    s += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * docTerms[d].Count / avg));
                }
                scores[d] = s;
            }
            return scores;
        }).ToArray();
    }

    /// <summary>Reciprocal rank fusion (k = 60) of two score tables.</summary>
    public static double[][] Rrf(double[][] a, double[][] b, double k = 60)
    {
        static double[] Ranks(double[] s)
        {
            var order = Enumerable.Range(0, s.Length).OrderByDescending(i => s[i]).ThenBy(i => i).ToArray();
            var r = new double[s.Length];
            for (var i = 0; i < order.Length; i++) r[order[i]] = i + 1;
            return r;
        }
        return a.Select((row, q) =>
        {
            var ra = Ranks(row);
            var rb = Ranks(b[q]);
            return ra.Select((x, d) => 1 / (k + x) + 1 / (k + rb[d])).ToArray();
        }).ToArray();
    }

    /// <summary>Linear fusion of min-max normalised scores: w·a + (1 − w)·b.</summary>
    public static double[][] Linear(double[][] a, double[][] b, double w)
    {
        static double[] Norm(double[] s)
        {
            var min = s.Min();
            var max = s.Max();
            return s.Select(x => max > min ? (x - min) / (max - min) : 0).ToArray();
        }
        return a.Select((row, q) =>
        {
            var na = Norm(row);
            var nb = Norm(b[q]);
            return na.Select((x, d) => w * x + (1 - w) * nb[d]).ToArray();
        }).ToArray();
    }

    /// <summary>
    /// Deterministic k-means (k-means++ seeding from a fixed seed, Lloyd iterations, best of <paramref name="restarts"/>
    /// by inertia) on L2-normalised vectors. Returns the cluster of each vector.
    /// </summary>
    public static int[] KMeans(float[][] x, int k, int restarts = 5, ulong seed = 42, int maxIterations = 100)
    {
        var n = x.Length;
        var d = x[0].Length;
        int[]? best = null;
        var bestInertia = double.MaxValue;
        var rng = seed;
        double Next()
        {
            var z = rng += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return ((z ^ (z >> 31)) >> 11) * (1.0 / (1UL << 53));
        }
        static double Dist(float[] a, float[] b)
        {
            double s = 0;
            for (var i = 0; i < a.Length; i++) { var t = a[i] - b[i]; s += t * t; }
            return s;
        }
        for (var r = 0; r < restarts; r++)
        {
            var centers = new List<float[]> { (float[])x[(int)(Next() * n)].Clone() };
            var dist = x.Select(v => Dist(v, centers[0])).ToArray();
            while (centers.Count < k)
            {
                var total = dist.Sum();
                var pick = Next() * total;
                var c = 0;
                for (; c < n - 1; c++) { pick -= dist[c]; if (pick <= 0) break; }
                centers.Add((float[])x[c].Clone());
                for (var i = 0; i < n; i++) dist[i] = Math.Min(dist[i], Dist(x[i], centers[^1]));
            }
            var assign = new int[n];
            double inertia = 0;
            for (var it = 0; it < maxIterations; it++)
            {
                var changed = false;
                inertia = 0;
                for (var i = 0; i < n; i++)
                {
                    var bi = 0;
                    var bd = double.MaxValue;
                    for (var c = 0; c < k; c++)
                    {
                        var dd = Dist(x[i], centers[c]);
                        if (dd < bd) { bd = dd; bi = c; }
                    }
                    inertia += bd;
                    if (assign[i] != bi || it == 0) { changed |= assign[i] != bi; assign[i] = bi; }
                }
                if (!changed && it > 0) break;
                var sums = new double[k, d];
                var counts = new int[k];
                for (var i = 0; i < n; i++)
                {
                    counts[assign[i]]++;
                    for (var j = 0; j < d; j++) sums[assign[i], j] += x[i][j];
                }
                for (var c = 0; c < k; c++)
                    if (counts[c] > 0)
                        for (var j = 0; j < d; j++) centers[c][j] = (float)(sums[c, j] / counts[c]);
            }
            if (inertia < bestInertia) { bestInertia = inertia; best = (int[])assign.Clone(); }
        }
        return best!;
    }

    /// <summary>Normalised mutual information (arithmetic mean of the entropies, as scikit-learn's default).</summary>
    public static double Nmi(IReadOnlyList<string> labels, IReadOnlyList<int> clusters)
    {
        var n = (double)labels.Count;
        var joint = new Dictionary<(string, int), int>();
        var a = new Dictionary<string, int>();
        var b = new Dictionary<int, int>();
        for (var i = 0; i < labels.Count; i++)
        {
            joint[(labels[i], clusters[i])] = joint.GetValueOrDefault((labels[i], clusters[i])) + 1;
            a[labels[i]] = a.GetValueOrDefault(labels[i]) + 1;
            b[clusters[i]] = b.GetValueOrDefault(clusters[i]) + 1;
        }
        double mi = 0;
        foreach (var ((l, c), count) in joint)
            mi += count / n * Math.Log(count * n / ((double)a[l] * b[c]));
        double H(IEnumerable<int> counts) => -counts.Sum(c => c / n * Math.Log(c / n));
        var denom = (H(a.Values) + H(b.Values)) / 2;
        return denom > 0 ? mi / denom : 0;
    }
}
