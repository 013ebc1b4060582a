using System.Numerics.Tensors;

namespace Synthesis.Nlp.Topics;

/// <summary>A k-means result over a list of rows.</summary>
/// <param name="Centroids">Unit-length centroids.</param>
/// <param name="Labels">Cluster of each row, in the order of the rows given.</param>
/// <param name="Similarity">Cosine of each row to its centroid.</param>
/// <param name="Objective">Sum of <paramref name="Similarity"/> (higher is better).</param>
public sealed record KMeansResult(float[][] Centroids, int[] Labels, float[] Similarity, double Objective);

/// <summary>
/// Spherical k-means (cosine) for unit vectors: greedy k-means++ seeding, Lloyd iterations, several restarts and
/// the best objective kept (the first wins a tie). Above <see cref="SampleSize"/> rows the restarts run on a
/// deterministic sample, then the best solution is refined on all rows. Deterministic for a seed: work is split in
/// fixed chunks and partial sums are added in chunk order, whatever the number of threads.
/// </summary>
public sealed class SphericalKMeans
{
    public int Restarts { get; init; } = 4;
    public int MaxIterations { get; init; } = 60;
    public int SampleSize { get; init; } = 20_000;
    public int RefineIterations { get; init; } = 15;

    /// <summary>Most Lloyd iterations from given centroids (<c>initial</c> of <see cref="Fit"/>), run until no row moves.</summary>
    public int WarmIterations { get; init; } = 100;

    /// <summary>
    /// Lloyd stops when at most this share of the rows changed cluster in an iteration, in the restarts: a solution
    /// refined on all the rows after seeding runs until no row moves (or its iteration limit), so that it is a fixed point
    /// to warm-start from; the restarts' own best, returned when they ran on every row, may stop short of one (the topic
    /// model's settling passes finish it).
    /// </summary>
    public double Tolerance { get; init; } = 0.001;

    /// <summary>
    /// Seed with a spectral clustering of a sample (kNN graph, normalised affinity, k leading eigenvectors, k-means
    /// in that space) instead of k-means++: the Lloyd iterations that follow start from the graph's communities.
    /// On French consultation sets this finds partitions closer to the human ones (NMI +0.01 to +0.15).
    /// </summary>
    public bool SpectralInit { get; init; } = true;

    /// <summary>Rows of the spectral sample.</summary>
    public int SpectralSample { get; init; } = 2000;

    /// <summary>Neighbours per row in the spectral graph; 0 = half the square root of the sample size, within [5, 30].</summary>
    public int SpectralNeighbours { get; init; }

    /// <summary>Clusters <paramref name="rows"/> (indices into <paramref name="vectors"/>) into <paramref name="k"/> groups.</summary>
    /// <param name="initial">Starting centroids (warm start from a previous run): used instead of seeding and restarts.</param>
    /// <param name="groups">
    /// The group of each row (in the order of <paramref name="rows"/>; for passages, their contribution). When there are
    /// more rows than <see cref="SpectralSample"/>, the spectral seeding reads the groups' mean vectors instead of a
    /// sample of rows: the same sample size then covers whole groups, all of them when they fit, rather than scattered
    /// rows. Lloyd iterations still run on the rows.
    /// </param>
    public KMeansResult Fit(IReadOnlyList<float[]> vectors, int[] rows, int k, ulong seed, float[][]? initial = null,
        IReadOnlyList<long>? groups = null)
    {
        if (rows.Length == 0) return new KMeansResult([], [], [], 0);
        k = Math.Max(1, Math.Min(k, rows.Length));
        // a warm start runs to a fixed point (no tolerance): the same rows from the centroids it converged to then give
        // the same clusters, so a run of the themes with nothing changed moves no passage
        if (initial is { Length: > 0 })
            return Lloyd(vectors, rows, initial.Select(c => (float[])c.Clone()).ToArray(), WarmIterations, 0);

        if (SpectralInit && k >= 2 && groups is not null && rows.Length > SpectralSample
            && GroupSeeds(vectors, rows, k, seed, groups) is { } groupSeeds)
            return Lloyd(vectors, rows, groupSeeds, rows.Length > SampleSize ? RefineIterations : MaxIterations, 0);

        if (SpectralInit && k >= 2 && rows.Length >= 3 * k + 10)
        {
            var sample = rows.Length > SpectralSample ? new DetRandom(DetRandom.Mix(seed, 0x5EC)).Sample(rows, SpectralSample) : rows;
            var labels = SpectralLabels(vectors, sample, k, seed);
            var dim = vectors[rows[0]].Length;
            var seeds = new float[k][];
            for (var c = 0; c < k; c++)
            {
                seeds[c] = new float[dim];
                for (var i = 0; i < sample.Length; i++)
                    if (labels[i] == c) TensorPrimitives.Add(seeds[c], vectors[sample[i]], seeds[c]);
                VectorMath.Normalize(seeds[c]);
            }
            return Lloyd(vectors, rows, seeds, rows.Length > SampleSize ? RefineIterations : MaxIterations, 0);
        }

        var fitRows = rows.Length > SampleSize ? new DetRandom(DetRandom.Mix(seed, 0xA11)).Sample(rows, SampleSize) : rows;
        KMeansResult? best = null;
        for (var r = 0; r < Math.Max(1, Restarts); r++)
        {
            var rng = new DetRandom(DetRandom.Mix(seed, (ulong)r + 1));
            var seeds = PlusPlus(vectors, fitRows, k, rng);
            var result = Lloyd(vectors, fitRows, seeds, MaxIterations, Tolerance);
            if (best is null || result.Objective > best.Objective + 1e-9) best = result;
        }
        return ReferenceEquals(fitRows, rows) ? best! : Lloyd(vectors, rows, best!.Centroids, RefineIterations, 0);
    }

    /// <summary>
    /// Seeds from a spectral clustering of the groups' unit mean vectors (a sample of them beyond
    /// <see cref="SpectralSample"/>): each seed is the normalised sum of the rows of its groups. Null when the groups
    /// are too few to cluster or no fewer than the rows (then rows are seeded as usual).
    /// </summary>
    float[][]? GroupSeeds(IReadOnlyList<float[]> vectors, int[] rows, int k, ulong seed, IReadOnlyList<long> groups)
    {
        if (groups.Count != rows.Length) throw new ArgumentException($"{groups.Count} groups for {rows.Length} rows");
        var dim = vectors[rows[0]].Length;
        var groupOf = new int[rows.Length];
        var index = new Dictionary<long, int>();
        var means = new List<float[]>();
        for (var i = 0; i < rows.Length; i++)
        {
            if (!index.TryGetValue(groups[i], out var g)) { index[groups[i]] = g = means.Count; means.Add(new float[dim]); }
            groupOf[i] = g;
            TensorPrimitives.Add(means[g], vectors[rows[i]], means[g]);
        }
        if (means.Count >= rows.Length || means.Count < 3 * k + 10) return null;
        foreach (var m in means) VectorMath.Normalize(m);
        var units = Enumerable.Range(0, means.Count).Where(g => TensorPrimitives.Norm(means[g]) > 0).ToArray();
        if (units.Length < 3 * k + 10) return null;
        var sample = units.Length > SpectralSample ? new DetRandom(DetRandom.Mix(seed, 0x6E0)).Sample(units, SpectralSample) : units;
        var labels = SpectralLabels(means, sample, k, seed);
        var labelOf = new int[means.Count];
        Array.Fill(labelOf, -1);
        for (var i = 0; i < sample.Length; i++) labelOf[sample[i]] = labels[i];
        var seeds = new float[k][];
        for (var c = 0; c < k; c++) seeds[c] = new float[dim];
        for (var i = 0; i < rows.Length; i++)
            if (labelOf[groupOf[i]] is var c and >= 0) TensorPrimitives.Add(seeds[c], vectors[rows[i]], seeds[c]);
        foreach (var sd in seeds) VectorMath.Normalize(sd);
        return seeds;
    }

    /// <summary>Spectral clustering (Ng, Jordan, Weiss) of <paramref name="rows"/>: labels in row order.</summary>
    int[] SpectralLabels(IReadOnlyList<float[]> vectors, int[] rows, int k, ulong seed)
    {
        var n = rows.Length;
        var nn = Math.Min(SpectralNeighbours > 0 ? SpectralNeighbours : Math.Clamp((int)Math.Round(0.5 * Math.Sqrt(n)), 5, 30), n - 1);
        // symmetric kNN graph, cosine weights (negative similarities count as 0)
        var neighbours = new (int J, float S)[n][];
        VectorMath.ForChunks(n, (_, s, e) =>
        {
            var topJ = new int[nn];
            var topS = new float[nn];
            for (var i = s; i < e; i++)
            {
                var vi = vectors[rows[i]];
                var count = 0;
                for (var j = 0; j < n; j++)
                {
                    if (j == i) continue;
                    var sim = TensorPrimitives.Dot(vi, vectors[rows[j]]);
                    if (count == nn && sim <= topS[nn - 1]) continue; // ties keep the lower index
                    var pos = count < nn ? count++ : nn - 1;
                    while (pos > 0 && topS[pos - 1] < sim) { topS[pos] = topS[pos - 1]; topJ[pos] = topJ[pos - 1]; pos--; }
                    topS[pos] = sim;
                    topJ[pos] = j;
                }
                var list = new (int, float)[count];
                for (var t = 0; t < count; t++) list[t] = (topJ[t], Math.Max(0f, topS[t]));
                neighbours[i] = list;
            }
        }, 64);
        var weights = new Dictionary<int, float>[n];
        for (var i = 0; i < n; i++) weights[i] = [];
        for (var i = 0; i < n; i++)
            foreach (var (j, w) in neighbours[i])
            {
                if (w > weights[i].GetValueOrDefault(j)) weights[i][j] = w;
                if (w > weights[j].GetValueOrDefault(i)) weights[j][i] = w;
            }
        var degree = new double[n];
        for (var i = 0; i < n; i++) foreach (var w in weights[i].Values) degree[i] += w;
        var graph = new (int[] J, double[] W)[n];
        for (var i = 0; i < n; i++)
        {
            var js = weights[i].Keys.Order().ToArray();
            var ws = js.Select(j => degree[i] > 0 && degree[j] > 0 ? weights[i][j] / Math.Sqrt(degree[i] * degree[j]) : 0).ToArray();
            graph[i] = (js, ws);
        }
        // leading eigenvectors of I + D^-1/2 W D^-1/2 by subspace iteration
        var l = Math.Min(n, k + 8);
        var rng = new DetRandom(DetRandom.Mix(seed, 0xE16));
        var q = new double[l][];
        for (var c = 0; c < l; c++)
        {
            q[c] = new double[n];
            for (var i = 0; i < n; i++) q[c][i] = rng.NextDouble() - 0.5;
        }
        VectorMath.Orthonormalize(q, passes: 1);
        for (var it = 0; it < 80; it++)
        {
            var z = new double[l][];
            VectorMath.ForChunks(l, (_, s, e) =>
            {
                for (var c = s; c < e; c++)
                {
                    var zc = new double[n];
                    var qc = q[c];
                    for (var i = 0; i < n; i++)
                    {
                        var (js, ws) = graph[i];
                        var acc = qc[i];
                        for (var t = 0; t < js.Length; t++) acc += ws[t] * qc[js[t]];
                        zc[i] = acc;
                    }
                    z[c] = zc;
                }
            }, 1);
            q = z;
            VectorMath.Orthonormalize(q, passes: 1);
        }
        var embedding = new float[n][];
        for (var i = 0; i < n; i++)
        {
            var v = new float[k];
            for (var c = 0; c < k; c++) v[c] = (float)q[c][i];
            VectorMath.Normalize(v);
            embedding[i] = v;
        }
        var all = Enumerable.Range(0, n).ToArray();
        var inner = new SphericalKMeans { Restarts = Math.Max(Restarts, 8), MaxIterations = MaxIterations, SampleSize = int.MaxValue, SpectralInit = false };
        return inner.Fit(embedding, all, k, DetRandom.Mix(seed, 0x1AB)).Labels;
    }

    /// <summary>Greedy k-means++ (2 + ln k candidates per step, the one that lowers the potential most).</summary>
    internal static float[][] PlusPlus(IReadOnlyList<float[]> vectors, int[] rows, int k, DetRandom rng, IReadOnlyList<float[]>? fixedSeeds = null)
    {
        var n = rows.Length;
        var dim = vectors[rows[0]].Length;
        var centroids = new List<float[]>(k);
        var minDist = new double[n];
        Array.Fill(minDist, double.MaxValue);

        void Absorb(float[] c)
        {
            centroids.Add(c);
            VectorMath.ForChunks(n, (_, s, e) =>
            {
                for (var i = s; i < e; i++)
                {
                    var d = Math.Max(0, 1 - TensorPrimitives.Dot(vectors[rows[i]], c));
                    if (d < minDist[i]) minDist[i] = d;
                }
            });
        }

        if (fixedSeeds is not null) foreach (var f in fixedSeeds) if (centroids.Count < k) Absorb(f);
        if (centroids.Count == 0) Absorb((float[])vectors[rows[rng.Next(n)]].Clone());
        var trials = 2 + (int)Math.Log(k);
        var candidateDist = new double[n];
        while (centroids.Count < k)
        {
            double total = 0;
            for (var i = 0; i < n; i++) total += minDist[i];
            if (total <= 1e-12)
            {
                // every row sits on a centroid already: any row will do
                Absorb((float[])vectors[rows[rng.Next(n)]].Clone());
                continue;
            }
            var bestPotential = double.MaxValue;
            var bestRow = -1;
            for (var t = 0; t < trials; t++)
            {
                var target = rng.NextDouble() * total;
                var idx = 0;
                double acc = 0;
                for (; idx < n - 1; idx++)
                {
                    acc += minDist[idx];
                    if (acc > target) break;
                }
                var cand = vectors[rows[idx]];
                var partial = new double[(n + VectorMath.Chunk - 1) / VectorMath.Chunk];
                VectorMath.ForChunks(n, (ci, s, e) =>
                {
                    double sum = 0;
                    for (var i = s; i < e; i++) sum += Math.Min(minDist[i], Math.Max(0, 1 - TensorPrimitives.Dot(vectors[rows[i]], cand)));
                    partial[ci] = sum;
                });
                double potential = 0;
                foreach (var p in partial) potential += p;
                if (potential < bestPotential) { bestPotential = potential; bestRow = idx; }
            }
            Absorb((float[])vectors[rows[bestRow]].Clone());
        }
        _ = dim;
        return centroids.ToArray();
    }

    /// <summary>Assigns each row to its most similar centroid; returns the number of labels that changed.</summary>
    internal static int Assign(IReadOnlyList<float[]> vectors, int[] rows, float[][] centroids, int[] labels, float[] sims)
    {
        var changedPerChunk = new int[(rows.Length + VectorMath.Chunk - 1) / VectorMath.Chunk];
        VectorMath.ForChunks(rows.Length, (ci, s, e) =>
        {
            var changed = 0;
            for (var i = s; i < e; i++)
            {
                var v = vectors[rows[i]];
                var best = 0;
                var bestSim = float.NegativeInfinity;
                for (var c = 0; c < centroids.Length; c++)
                {
                    var sim = TensorPrimitives.Dot(v, centroids[c]);
                    if (sim > bestSim) { bestSim = sim; best = c; }
                }
                if (labels[i] != best) changed++;
                labels[i] = best;
                sims[i] = bestSim;
            }
            changedPerChunk[ci] = changed;
        });
        return changedPerChunk.Sum();
    }

    internal static KMeansResult Lloyd(IReadOnlyList<float[]> vectors, int[] rows, float[][] centroids, int maxIterations, double tolerance = 0)
    {
        var n = rows.Length;
        var k = centroids.Length;
        var dim = centroids[0].Length;
        var labels = new int[n];
        Array.Fill(labels, -1);
        var sims = new float[n];
        var chunks = (n + VectorMath.Chunk - 1) / VectorMath.Chunk;
        var partialSums = new float[chunks][];
        var partialCounts = new int[chunks][];
        for (var it = 0; it < Math.Max(1, maxIterations); it++)
        {
            var changed = Assign(vectors, rows, centroids, labels, sims);
            if (it > 0 && changed <= tolerance * n) break;
            VectorMath.ForChunks(n, (ci, s, e) =>
            {
                var sums = partialSums[ci] ??= new float[k * dim];
                var counts = partialCounts[ci] ??= new int[k];
                Array.Clear(sums);
                Array.Clear(counts);
                for (var i = s; i < e; i++)
                {
                    var l = labels[i];
                    counts[l]++;
                    TensorPrimitives.Add(sums.AsSpan(l * dim, dim), vectors[rows[i]], sums.AsSpan(l * dim, dim));
                }
            });
            var total = new int[k];
            for (var c = 0; c < k; c++)
            {
                var cen = centroids[c];
                Array.Clear(cen);
                for (var ci = 0; ci < chunks; ci++)
                {
                    total[c] += partialCounts[ci][c];
                    TensorPrimitives.Add(cen, partialSums[ci].AsSpan(c * dim, dim), cen);
                }
            }
            // an empty cluster takes the row worst served by its centroid
            var taken = new HashSet<int>();
            for (var c = 0; c < k; c++)
            {
                if (total[c] > 0 && TensorPrimitives.Norm(centroids[c]) > 0) { VectorMath.Normalize(centroids[c]); continue; }
                var worst = -1;
                for (var i = 0; i < n; i++)
                    if (!taken.Contains(i) && (worst < 0 || sims[i] < sims[worst])) worst = i;
                if (worst < 0) continue;
                taken.Add(worst);
                vectors[rows[worst]].CopyTo(centroids[c], 0);
                VectorMath.Normalize(centroids[c]);
                sims[worst] = 1;
            }
        }
        Assign(vectors, rows, centroids, labels, sims);
        double objective = 0;
        for (var i = 0; i < n; i++) objective += sims[i];
        return new KMeansResult(centroids, labels, sims, objective);
    }

    /// <summary>
    /// Mean silhouette (cosine distance) of a labelling of <paramref name="rows"/>, using a precomputed similarity
    /// matrix (row-major, rows.Length squared). Singletons count 0.
    /// </summary>
    internal static double Silhouette(float[] simMatrix, int n, int[] labels, int k)
    {
        var sizes = new int[k];
        foreach (var l in labels) sizes[l]++;
        var scores = new double[n];
        VectorMath.ForChunks(n, (_, s, e) =>
        {
            var sumTo = new double[k];
            for (var i = s; i < e; i++)
            {
                Array.Clear(sumTo);
                var row = simMatrix.AsSpan(i * n, n);
                for (var j = 0; j < n; j++) sumTo[labels[j]] += 1 - row[j];
                var own = labels[i];
                if (sizes[own] <= 1) { scores[i] = 0; continue; }
                var a = (sumTo[own] - (1 - row[i])) / (sizes[own] - 1);
                var b = double.MaxValue;
                for (var c = 0; c < k; c++)
                    if (c != own && sizes[c] > 0) b = Math.Min(b, sumTo[c] / sizes[c]);
                if (b == double.MaxValue) { scores[i] = 0; continue; }
                var m = Math.Max(a, b);
                scores[i] = m > 0 ? (b - a) / m : 0;
            }
        }, 64);
        double total = 0;
        foreach (var sc in scores) total += sc;
        return total / n;
    }

    internal static float[] SimilarityMatrix(IReadOnlyList<float[]> vectors, int[] rows)
    {
        var n = rows.Length;
        var m = new float[n * n];
        VectorMath.ForChunks(n, (_, s, e) =>
        {
            for (var i = s; i < e; i++)
                for (var j = 0; j < n; j++)
                    m[i * n + j] = TensorPrimitives.Dot(vectors[rows[i]], vectors[rows[j]]);
        }, 64);
        return m;
    }
}
