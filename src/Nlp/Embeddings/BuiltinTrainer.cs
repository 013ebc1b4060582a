using System.Diagnostics;

namespace Synthesis.Nlp.Embeddings;

/// <summary>
/// Training of <see cref="BuiltinFrenchModel"/>: stems → windowed co-occurrence counts → shifted PPMI with context
/// smoothing → randomised truncated SVD (seeded) → unit word vectors, SIF weights from word frequencies, and the
/// common principal component(s) of the training passages. Deterministic: the same texts and options give the
/// same model, bit for bit, whatever the number of threads.
/// </summary>
internal static class BuiltinTrainer
{
    const int DocChunk = 256;

    public static BuiltinFrenchModel Train(IEnumerable<string> texts, BuiltinTrainingOptions o, Action<string>? log)
    {
        var clock = Stopwatch.StartNew();
        void Log(string what) => log?.Invoke($"{clock.Elapsed.TotalSeconds,6:F1}s {what}");
        var po = new ParallelOptions { MaxDegreeOfParallelism = o.MaxDegreeOfParallelism ?? Environment.ProcessorCount };

        var domain = texts.Where(t => !string.IsNullOrWhiteSpace(t)).ToArray();
        var background = o.BackgroundTexts?.Where(t => !string.IsNullOrWhiteSpace(t)).ToArray() ?? [];
        var analyzer = new FrenchTermAnalyzer(o.StopWords);

        // 1. stems of every text (fixed chunks, each with its own cache: the result does not depend on threads)
        var all = new string[domain.Length + background.Length][];
        Parallel.For(0, (all.Length + DocChunk - 1) / DocChunk, po, c =>
        {
            var cache = new Dictionary<string, string?>(StringComparer.Ordinal);
            var end = Math.Min(all.Length, (c + 1) * DocChunk);
            for (var i = c * DocChunk; i < end; i++)
                all[i] = analyzer.Analyze(i < domain.Length ? domain[i] : background[i - domain.Length], cache).ToArray();
        });
        Log($"tokenized {domain.Length} domain + {background.Length} background texts");

        // 2. counts and vocabulary
        var counts = new Dictionary<string, (long Domain, long Background)>(StringComparer.Ordinal);
        for (var i = 0; i < all.Length; i++)
        {
            var isDomain = i < domain.Length;
            foreach (var s in all[i])
            {
                ref var c = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, s, out _);
                if (isDomain) c.Domain++; else c.Background++;
            }
        }
        double Weighted((long Domain, long Background) c) => c.Domain + o.BackgroundWeight * c.Background;
        var vocab = counts.Where(kv => kv.Value.Domain + kv.Value.Background >= o.MinCount)
            .OrderByDescending(kv => Weighted(kv.Value)).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(o.MaxVocabulary).Select(kv => kv.Key).ToArray();
        var v = vocab.Length;
        var ids = new Dictionary<string, int>(v, StringComparer.Ordinal);
        for (var i = 0; i < v; i++) ids[vocab[i]] = i;
        var totalWeighted = counts.Values.Sum(Weighted);
        var weights = new float[v];
        for (var i = 0; i < v; i++)
            weights[i] = (float)(o.SifA / (o.SifA + Weighted(counts[vocab[i]]) / Math.Max(1, totalWeighted)));

        // document frequencies over the domain texts, for the lexical part
        var df = new int[v];
        var encoded = new int[all.Length][];
        for (var i = 0; i < all.Length; i++)
        {
            var list = new List<int>(all[i].Length);
            foreach (var s in all[i])
                if (ids.TryGetValue(s, out var id)) list.Add(id);
            encoded[i] = list.ToArray();
            if (i < domain.Length)
                foreach (var id in encoded[i].Distinct()) df[id]++;
        }
        var idf = new float[v];
        for (var i = 0; i < v; i++) idf[i] = (float)Math.Log((domain.Length + 1.0) / (df[i] + 1.0)) + 1f;
        var oovIdf = (float)Math.Log(domain.Length + 1.0) + 1f;
        Log($"vocabulary {v} stems of {counts.Count} ({all.Sum(d => (long)d.Length)} tokens)");

        var d = Math.Min(o.Dimensions, Math.Max(0, v - 1));
        var vectors = new float[(long)v * o.Dimensions];
        if (d > 0)
        {
            var m = Cooccurrence(encoded, domain.Length, v, o, po);
            Log($"co-occurrence matrix {m.NonZeros} non-zeros");
            var (pmi, pmiT) = Ppmi(m, o);
            Log($"PPMI {pmi.NonZeros} + {pmiT.NonZeros} positive entries");
            var (u, sigma, k) = RandomizedSvd(pmi, pmiT, d, o, po, Log);
            Log($"SVD rank {d}, top singular values {string.Join(" ", sigma.Take(4).Select(x => x.ToString("F1")))}");
            for (var i = 0; i < v; i++)
            {
                double norm = 0;
                var row = new double[d];
                for (var j = 0; j < d; j++)
                {
                    row[j] = u[(long)i * k + j] * Math.Pow(Math.Max(sigma[j], 0), o.EigenvalueWeighting);
                    norm += row[j] * row[j];
                }
                norm = Math.Sqrt(norm);
                if (norm == 0) continue;
                for (var j = 0; j < d; j++) vectors[(long)i * o.Dimensions + j] = (float)(row[j] / norm);
            }
        }

        var header = new BuiltinFrenchModel.Header(o.Dimensions, o.LexicalDimensions, o.LexicalWeight, oovIdf,
            Describe(o, domain.Length, background.Length, v));
        var stops = analyzer.StopWords.ToArray();
        var quantized = BuiltinFrenchModel.Quantize(vectors, v, o.Dimensions);
        var model = new BuiltinFrenchModel(header, stops, vocab, weights, idf, quantized, []);

        // 3. common component(s) of the domain passages
        var pcs = Array.Empty<float>();
        if (o.RemovedComponents > 0 && d > 0)
        {
            var sample = domain.Length <= 20_000 ? domain : Enumerable.Range(0, 20_000).Select(i => domain[(long)i * domain.Length / 20_000]).ToArray();
            pcs = PrincipalComponents(model, sample, o.RemovedComponents, po);
            model = new BuiltinFrenchModel(header, stops, vocab, weights, idf, quantized, pcs);
            Log("common components");
        }

        Log("done");
        return model;
    }

    static string Describe(BuiltinTrainingOptions o, int domain, int background, int vocab) =>
        $"ppmi-svd dims={o.Dimensions} lexical={o.LexicalDimensions}x{o.LexicalWeight:R} window={o.Window} " +
        $"alpha={o.ContextSmoothing:R} shift={o.PmiShift:R} p={o.EigenvalueWeighting:R} sif={o.SifA:R} " +
        $"pc={o.RemovedComponents} minCount={o.MinCount} bgWeight={o.BackgroundWeight:R} seed={o.Seed} " +
        $"power={o.PowerIterations} oversampling={o.Oversampling}; texts={domain}+{background} background; vocabulary={vocab}";

    /// <summary>Symmetric windowed co-occurrence weights, as a sparse matrix without its diagonal.</summary>
    static SparseMatrix Cooccurrence(int[][] docs, int domainCount, int v, BuiltinTrainingOptions o, ParallelOptions po)
    {
        var w = Math.Max(1, o.Window);
        const int Buckets = 16;
        // keys: ((lo * v + hi) * w + (distance - 1)) * 2 + background, grouped by lo % Buckets
        var chunkCount = (docs.Length + DocChunk - 1) / DocChunk;
        var perChunk = new List<long>[chunkCount][];
        Parallel.For(0, chunkCount, po, c =>
        {
            var lists = new List<long>[Buckets];
            for (var b = 0; b < Buckets; b++) lists[b] = new List<long>();
            var end = Math.Min(docs.Length, (c + 1) * DocChunk);
            for (var di = c * DocChunk; di < end; di++)
            {
                var doc = docs[di];
                var bg = di >= domainCount ? 1L : 0L;
                for (var i = 0; i < doc.Length; i++)
                    for (var dist = 1; dist <= w && i + dist < doc.Length; dist++)
                    {
                        int a = doc[i], b = doc[i + dist];
                        if (a == b) continue;
                        var lo = Math.Min(a, b);
                        var hi = Math.Max(a, b);
                        lists[lo % Buckets].Add((((long)lo * v + hi) * w + (dist - 1)) * 2 + bg);
                    }
            }
            perChunk[c] = lists;
        });

        var entries = new (int Lo, int Hi, float Weight)[Buckets][];
        Parallel.For(0, Buckets, po, b =>
        {
            var keys = new long[perChunk.Sum(l => (long)l[b].Count)];
            var n = 0;
            foreach (var lists in perChunk)
            {
                lists[b].CopyTo(keys, n);
                n += lists[b].Count;
            }
            Array.Sort(keys);
            var result = new List<(int, int, float)>();
            var i = 0;
            while (i < keys.Length)
            {
                var pair = keys[i] / (2L * w);
                double sum = 0;
                while (i < keys.Length && keys[i] / (2L * w) == pair)
                {
                    var dist = (int)(keys[i] / 2 % w) + 1;
                    var bg = keys[i] % 2 == 1;
                    sum += (w + 1.0 - dist) / w * (bg ? o.BackgroundWeight : 1.0);
                    i++;
                }
                if (sum > 0) result.Add(((int)(pair / v), (int)(pair % v), (float)sum));
            }
            entries[b] = result.ToArray();
        });

        var rowCount = new int[v + 1];
        foreach (var list in entries)
            foreach (var (lo, hi, _) in list)
            {
                rowCount[lo + 1]++;
                rowCount[hi + 1]++;
            }
        for (var i = 0; i < v; i++) rowCount[i + 1] += rowCount[i];
        var columns = new int[rowCount[v]];
        var values = new float[rowCount[v]];
        var fill = (int[])rowCount.Clone();
        foreach (var list in entries)
            foreach (var (lo, hi, weight) in list)
            {
                columns[fill[lo]] = hi;
                values[fill[lo]++] = weight;
                columns[fill[hi]] = lo;
                values[fill[hi]++] = weight;
            }
        // columns in increasing order inside each row
        Parallel.For(0, v, po, r => Array.Sort(columns, values, rowCount[r], rowCount[r + 1] - rowCount[r]));
        return new SparseMatrix(v, rowCount, columns, values);
    }

    /// <summary>Shifted PPMI with context smoothing, and its transpose, keeping only positive entries.</summary>
    static (SparseMatrix Pmi, SparseMatrix PmiT) Ppmi(SparseMatrix x, BuiltinTrainingOptions o)
    {
        var v = x.Size;
        var rowSum = new double[v];
        for (var i = 0; i < v; i++)
            for (var p = x.RowStart[i]; p < x.RowStart[i + 1]; p++) rowSum[i] += x.Values[p];
        double z = 0;
        for (var i = 0; i < v; i++) z += Math.Pow(rowSum[i], o.ContextSmoothing);
        var logZ = Math.Log(z);
        var logShift = Math.Log(o.PmiShift);
        var logRow = rowSum.Select(s => s > 0 ? Math.Log(s) : 0).ToArray();

        SparseMatrix Build(bool transpose)
        {
            var start = new int[v + 1];
            var cols = new List<int>();
            var vals = new List<float>();
            for (var i = 0; i < v; i++)
            {
                for (var p = x.RowStart[i]; p < x.RowStart[i + 1]; p++)
                {
                    var j = x.Columns[p];
                    // M[i,j] = log X_ij - log r_i - α log r_j + log Z ; Mᵀ[i,j] = M[j,i]
                    var (word, context) = transpose ? (j, i) : (i, j);
                    var pmi = Math.Log(x.Values[p]) - logRow[word] - o.ContextSmoothing * logRow[context] + logZ - logShift;
                    if (pmi <= 0) continue;
                    cols.Add(j);
                    vals.Add((float)pmi);
                }
                start[i + 1] = cols.Count;
            }
            return new SparseMatrix(v, start, cols.ToArray(), vals.ToArray());
        }
        return (Build(false), Build(true));
    }

    /// <summary>Top-d left singular vectors (n×k row-major, first d columns meaningful) and singular values.</summary>
    static (double[] U, double[] Sigma, int K) RandomizedSvd(SparseMatrix m, SparseMatrix mt, int d, BuiltinTrainingOptions o, ParallelOptions po, Action<string> log)
    {
        var n = m.Size;
        var k = Math.Min(n, d + Math.Max(0, o.Oversampling));
        var rng = new SplitMix64(o.Seed);
        var omega = new double[(long)n * k];
        for (long i = 0; i < omega.Length; i++) omega[i] = rng.NextGaussian();
        log("omega");
        var y = LinearAlgebra.Multiply(m, omega, k, po);
        log("M omega");
        for (var it = 0; it < o.PowerIterations; it++)
        {
            y = LinearAlgebra.Orthonormalize(y, n, k, po, passes: 1);
            var zt = LinearAlgebra.Multiply(mt, y, k, po);
            zt = LinearAlgebra.Orthonormalize(zt, n, k, po, passes: 1);
            y = LinearAlgebra.Multiply(m, zt, k, po);
            log("power iteration");
        }
        var q = LinearAlgebra.Orthonormalize(y, n, k, po);
        var c = LinearAlgebra.Multiply(mt, q, k, po); // Bᵀ = Mᵀ Q
        log("Q, C");
        var g = LinearAlgebra.Gram(c, n, k, po);     // B Bᵀ
        log("gram");
        var (values, vectors) = LinearAlgebra.SymmetricEigen(g, k);
        log("eigen");
        var u = LinearAlgebra.MultiplySmall(q, n, k, vectors, k, po);
        return (u, values.Select(x => Math.Sqrt(Math.Max(0, x))).ToArray(), k);
    }

    /// <summary>Top principal directions (uncentred, as in SIF) of the unit passage vectors of <paramref name="texts"/>.</summary>
    static float[] PrincipalComponents(BuiltinFrenchModel model, string[] texts, int count, ParallelOptions po)
    {
        var d = model.SemanticDimensions;
        var rows = model.EmbedSemanticBatch(texts, po);
        var flat = new double[(long)rows.Length * d];
        for (var i = 0; i < rows.Length; i++)
            for (var j = 0; j < d; j++) flat[(long)i * d + j] = rows[i][j];
        var g = LinearAlgebra.Gram(flat, rows.Length, d, po);
        var result = new float[count * d];
        for (var c = 0; c < count; c++)
        {
            // power iteration on the Gram matrix, deflated by the components already found
            var x = new double[d];
            for (var j = 0; j < d; j++) x[j] = 1.0 / Math.Sqrt(d) + 1e-3 * j / d;
            for (var it = 0; it < 300; it++)
            {
                var y = new double[d];
                for (var a = 0; a < d; a++)
                {
                    double s = 0;
                    for (var b = 0; b < d; b++) s += g[a * d + b] * x[b];
                    y[a] = s;
                }
                for (var p = 0; p < c; p++)
                {
                    double dot = 0;
                    for (var j = 0; j < d; j++) dot += y[j] * result[p * d + j];
                    for (var j = 0; j < d; j++) y[j] -= dot * result[p * d + j];
                }
                var norm = Math.Sqrt(y.Sum(t => t * t));
                if (norm == 0) break;
                for (var j = 0; j < d; j++) x[j] = y[j] / norm;
            }
            for (var j = 0; j < d; j++) result[c * d + j] = (float)x[j];
        }
        return result;
    }
}
