using Synthesis.Ingest.Search;

namespace Synthesis.Ingest.Tests.Search;

/// <summary>
/// A deterministic latent semantic analysis model for tests: TF-IDF (sublinear tf, smooth idf, L2 rows) over the French
/// search analyser's terms, truncated SVD through the eigen-decomposition (cyclic Jacobi) of the document Gram matrix.
/// Documents are embedded as U_k S_k, queries folded in as q V_k = (q X^T) U_k; both L2-normalised.
/// </summary>
sealed class Lsa
{
    readonly Dictionary<string, int> _vocab = new(StringComparer.Ordinal);
    readonly double[] _idf;
    readonly List<Dictionary<int, double>> _docs;
    readonly double[][] _u; // n x k
    readonly FrenchSearchAnalyzer _analyzer = new();

    public int Dimensions { get; }
    public float[][] DocumentVectors { get; }

    public Lsa(IReadOnlyList<string> corpus, int dimensions)
    {
        var tokenised = corpus.Select(t => _analyzer.Terms(t)).ToList();
        foreach (var terms in tokenised)
            foreach (var t in terms)
                if (!_vocab.ContainsKey(t)) _vocab[t] = _vocab.Count;
        var df = new int[_vocab.Count];
        foreach (var terms in tokenised)
            foreach (var t in terms.Distinct()) df[_vocab[t]]++;
        var n = corpus.Count;
        _idf = df.Select(d => Math.Log((1.0 + n) / (1.0 + d)) + 1.0).ToArray();
        _docs = tokenised.Select(Weigh).ToList();

        var gram = new double[n, n];
        for (var i = 0; i < n; i++)
            for (var j = i; j < n; j++)
                gram[i, j] = gram[j, i] = Dot(_docs[i], _docs[j]);
        var (values, vectors) = Jacobi(gram);
        var order = Enumerable.Range(0, n).OrderByDescending(i => values[i]).Where(i => values[i] > 1e-9).Take(dimensions).ToArray();
        Dimensions = order.Length;
        _u = new double[n][];
        for (var i = 0; i < n; i++) _u[i] = order.Select(c => vectors[i, c]).ToArray();
        var sigma = order.Select(c => Math.Sqrt(values[c])).ToArray();
        DocumentVectors = Enumerable.Range(0, n)
            .Select(i => TestVectors.Normalise(Enumerable.Range(0, Dimensions).Select(c => (float)(_u[i][c] * sigma[c])).ToArray()))
            .ToArray();
    }

    Dictionary<int, double> Weigh(IReadOnlyList<string> terms)
    {
        var tf = new Dictionary<int, double>();
        foreach (var t in terms)
            if (_vocab.TryGetValue(t, out var id)) tf[id] = tf.GetValueOrDefault(id) + 1;
        var w = tf.ToDictionary(kv => kv.Key, kv => (1 + Math.Log(kv.Value)) * _idf[kv.Key]);
        var norm = Math.Sqrt(w.Values.Sum(x => x * x));
        return norm == 0 ? w : w.ToDictionary(kv => kv.Key, kv => kv.Value / norm);
    }

    static double Dot(Dictionary<int, double> a, Dictionary<int, double> b)
    {
        if (a.Count > b.Count) (a, b) = (b, a);
        double s = 0;
        foreach (var (k, v) in a) if (b.TryGetValue(k, out var w)) s += v * w;
        return s;
    }

    public float[] EmbedQuery(string text)
    {
        var q = Weigh(_analyzer.Terms(text));
        var sims = _docs.Select(d => Dot(q, d)).ToArray();
        var v = new float[Dimensions];
        for (var c = 0; c < Dimensions; c++)
        {
            double s = 0;
            for (var i = 0; i < sims.Length; i++) s += sims[i] * _u[i][c];
            v[c] = (float)s;
        }
        return TestVectors.Normalise(v);
    }

    /// <summary>Eigenvalues and column eigenvectors of a symmetric matrix (cyclic Jacobi rotations).</summary>
    static (double[] Values, double[,] Vectors) Jacobi(double[,] input)
    {
        var n = input.GetLength(0);
        var a = (double[,])input.Clone();
        var v = new double[n, n];
        for (var i = 0; i < n; i++) v[i, i] = 1;
        for (var sweep = 0; sweep < 100; sweep++)
        {
            double off = 0;
            for (var p = 0; p < n; p++) for (var q = p + 1; q < n; q++) off += a[p, q] * a[p, q];
            if (off < 1e-20) break;
            for (var p = 0; p < n - 1; p++)
            for (var q = p + 1; q < n; q++)
            {
                if (Math.Abs(a[p, q]) < 1e-15) continue;
                var theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                if (theta == 0) t = 1;
                var c = 1 / Math.Sqrt(t * t + 1);
                var s = t * c;
                for (var k = 0; k < n; k++)
                {
                    var akp = a[k, p]; var akq = a[k, q];
                    a[k, p] = c * akp - s * akq;
                    a[k, q] = s * akp + c * akq;
                }
                for (var k = 0; k < n; k++)
                {
                    var apk = a[p, k]; var aqk = a[q, k];
                    a[p, k] = c * apk - s * aqk;
                    a[q, k] = s * apk + c * aqk;
                }
                for (var k = 0; k < n; k++)
                {
                    var vkp = v[k, p]; var vkq = v[k, q];
                    v[k, p] = c * vkp - s * vkq;
                    v[k, q] = s * vkp + c * vkq;
                }
            }
        }
        return (Enumerable.Range(0, n).Select(i => a[i, i]).ToArray(), v);
    }
}
