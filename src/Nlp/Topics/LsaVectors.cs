using System.Numerics.Tensors;

namespace Synthesis.Nlp.Topics;

/// <summary>How <see cref="LsaVectors"/> weights terms and how many dimensions it keeps.</summary>
/// <param name="Dimensions">Latent dimensions kept (fewer when the corpus is small).</param>
/// <param name="Bigrams">Also count pairs of adjacent content lemmas ("logement social").</param>
/// <param name="SublinearTf">1 + ln(tf) instead of tf.</param>
/// <param name="MinDf">A term must occur in at least this many documents.</param>
/// <param name="MaxDfRatio">A term in more than this share of the documents is dropped.</param>
/// <param name="Seed">Seed of the random projection (results are deterministic for a seed).</param>
/// <param name="PowerIterations">Subspace iterations of the randomized SVD (more = closer to the exact SVD).</param>
/// <param name="ScaleBySingularValues">Document vectors are U·Σ (true) or U (false) before L2 normalisation.</param>
public sealed record LsaOptions(
    int Dimensions = 200,
    bool Bigrams = true,
    bool SublinearTf = true,
    int MinDf = 2,
    double MaxDfRatio = 0.5,
    int Seed = 1,
    int PowerIterations = 2,
    bool ScaleBySingularValues = true);

/// <summary>
/// Latent semantic analysis: TF-IDF over content lemmas (and lemma bigrams), truncated by a deterministic randomized
/// SVD (Halko et al.), rows L2-normalised. A French passage-vector baseline that needs no model download, and a
/// fallback when no sentence-embedding model is installed. <see cref="Transform"/> folds new passages into the space.
/// </summary>
public sealed class LsaVectors
{
    readonly Dictionary<string, int> _vocabulary;
    readonly double[] _idf;
    readonly float[][] _termVectors; // per term: its row of V_r (scaled), length Dimensions
    readonly LsaOptions _options;

    /// <summary>The unit vector of each document given to <see cref="Fit"/>, in order.</summary>
    public float[][] DocumentVectors { get; }

    /// <summary>Number of latent dimensions.</summary>
    public int Dimensions { get; }

    /// <summary>Number of terms (lemmas and lemma pairs) kept.</summary>
    public int VocabularySize => _vocabulary.Count;

    /// <summary>The singular values kept, largest first.</summary>
    public IReadOnlyList<double> SingularValues { get; }

    LsaVectors(Dictionary<string, int> vocabulary, double[] idf, float[][] termVectors, float[][] documents, double[] singular, LsaOptions options)
    {
        _vocabulary = vocabulary;
        _idf = idf;
        _termVectors = termVectors;
        DocumentVectors = documents;
        Dimensions = singular.Length;
        SingularValues = singular;
        _options = options;
    }

    static IEnumerable<string> Terms(IReadOnlyList<string> lemmas, bool bigrams)
    {
        for (var i = 0; i < lemmas.Count; i++)
        {
            yield return lemmas[i];
            if (bigrams && i + 1 < lemmas.Count) yield return lemmas[i] + " " + lemmas[i + 1];
        }
    }

    (int[] Terms, double[] Weights) Row(IReadOnlyList<string> lemmas) => Row(lemmas, _vocabulary, _idf, _options);

    static (int[] Terms, double[] Weights) Row(IReadOnlyList<string> lemmas, Dictionary<string, int> vocabulary, double[] idf, LsaOptions o)
    {
        var counts = new Dictionary<int, int>();
        foreach (var t in Terms(lemmas, o.Bigrams))
            if (vocabulary.TryGetValue(t, out var id)) counts[id] = counts.GetValueOrDefault(id) + 1;
        var terms = counts.Keys.Order().ToArray();
        var weights = new double[terms.Length];
        double norm = 0;
        for (var i = 0; i < terms.Length; i++)
        {
            var tf = counts[terms[i]];
            var w = (o.SublinearTf ? 1 + Math.Log(tf) : tf) * idf[terms[i]];
            weights[i] = w;
            norm += w * w;
        }
        norm = Math.Sqrt(norm);
        if (norm > 0) for (var i = 0; i < weights.Length; i++) weights[i] /= norm;
        return (terms, weights);
    }

    /// <summary>Builds the space from the content lemmas of each document.</summary>
    public static LsaVectors Fit(IReadOnlyList<IReadOnlyList<string>> documents, LsaOptions? options = null)
    {
        var o = options ?? new LsaOptions();
        var n = documents.Count;
        // vocabulary: document frequency, then the kept terms in ordinal order (deterministic ids)
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var doc in documents)
            foreach (var t in Terms(doc, o.Bigrams).Distinct(StringComparer.Ordinal))
                df[t] = df.GetValueOrDefault(t) + 1;
        var maxDf = Math.Max(o.MinDf, (int)(o.MaxDfRatio * n));
        var kept = df.Where(kv => kv.Value >= o.MinDf && kv.Value <= maxDf).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToArray();
        var vocabulary = new Dictionary<string, int>(kept.Length, StringComparer.Ordinal);
        var idf = new double[kept.Length];
        for (var i = 0; i < kept.Length; i++)
        {
            vocabulary[kept[i]] = i;
            idf[i] = Math.Log((1.0 + n) / (1.0 + df[kept[i]])) + 1;
        }
        var rows = new (int[] Terms, double[] Weights)[n];
        for (var d = 0; d < n; d++) rows[d] = Row(documents[d], vocabulary, idf, o);

        var v = kept.Length;
        var r = Math.Max(1, Math.Min(o.Dimensions, Math.Min(n, v) - 1));
        if (v == 0 || n < 2)
        {
            var empty = Enumerable.Range(0, n).Select(_ => new float[1]).ToArray();
            return new LsaVectors(vocabulary, idf, [], empty, [0], o);
        }
        var l = Math.Min(Math.Min(n, v), r + 10);

        // Y = A * Omega (n x l), columns stored as arrays
        var rng = new DetRandom((ulong)o.Seed * 0x51ED27UL + 7);
        var omega = new double[v * l]; // row-major v x l
        for (var i = 0; i < omega.Length; i++) omega[i] = Gaussian(rng);
        var y = MultiplyA(rows, n, omega, l);
        NormalizeColumns(y);
        // power scheme (A A^T)^q A Omega with column scaling only; one orthonormalisation at the end is enough in
        // double precision for a few iterations (singular value ratios stay far below 1e16)
        for (var q = 0; q < o.PowerIterations; q++)
        {
            var z = MultiplyAt(rows, v, y); // v x l (column arrays)
            NormalizeColumns(z);
            y = MultiplyA(rows, n, ToRowMajor(z, v), l);
            NormalizeColumns(y);
        }
        VectorMath.Orthonormalize(y, passes: 2);
        // B = Q^T A (l x v); C = B B^T (l x l)
        var b = MultiplyAt(rows, v, y); // column j = A^T q_j, so B = rows j of b
        var c = new double[l, l];
        for (var i = 0; i < l; i++)
            for (var j = i; j < l; j++)
                c[i, j] = c[j, i] = TensorPrimitives.Dot<double>(b[i], b[j]);
        var (values, vectors) = JacobiEigen(c);
        var order = Enumerable.Range(0, l).OrderByDescending(i => values[i]).ThenBy(i => i).Take(r).ToArray();
        var singular = order.Select(i => Math.Sqrt(Math.Max(0, values[i]))).ToArray();

        // documents: U_r Sigma_r = Q W_r Sigma_r; terms: V_r = B^T W_r Sigma_r^-1 (so x V_r = doc coordinates)
        var w = new double[l][]; // row j of W restricted to the kept eigenvectors
        for (var j = 0; j < l; j++)
        {
            w[j] = new double[r];
            for (var k = 0; k < r; k++) w[j][k] = vectors[j, order[k]];
        }
        var docScale = new double[r];
        var termScale = new double[r];
        for (var k = 0; k < r; k++)
        {
            docScale[k] = o.ScaleBySingularValues ? singular[k] : 1;
            // x V_r gives U Sigma; without the Sigma scaling divide once more
            termScale[k] = singular[k] > 1e-12 ? (o.ScaleBySingularValues ? 1 / singular[k] : 1 / (singular[k] * singular[k])) : 0;
        }
        var docs = new float[n][];
        VectorMath.ForChunks(n, (_, s0, e0) =>
        {
            var acc = new double[r];
            for (var d = s0; d < e0; d++)
            {
                Array.Clear(acc);
                for (var j = 0; j < l; j++) TensorPrimitives.MultiplyAdd<double>(w[j], y[j][d], acc, acc);
                TensorPrimitives.Multiply<double>(acc, docScale, acc);
                var vec = new float[r];
                for (var k = 0; k < r; k++) vec[k] = (float)acc[k];
                VectorMath.Normalize(vec);
                docs[d] = vec;
            }
        }, 256);
        var termVectors = new float[v][];
        VectorMath.ForChunks(v, (_, s0, e0) =>
        {
            var acc = new double[r];
            for (var t = s0; t < e0; t++)
            {
                Array.Clear(acc);
                for (var j = 0; j < l; j++) TensorPrimitives.MultiplyAdd<double>(w[j], b[j][t], acc, acc);
                TensorPrimitives.Multiply<double>(acc, termScale, acc);
                var vec = new float[r];
                for (var k = 0; k < r; k++) vec[k] = (float)acc[k];
                termVectors[t] = vec;
            }
        }, 256);
        return new LsaVectors(vocabulary, idf, termVectors, docs, singular, o);
    }

    /// <summary>The unit vector of a new document in this space (zero vector when none of its terms is known).</summary>
    public float[] Transform(IReadOnlyList<string> lemmas)
    {
        var vec = new float[Dimensions];
        var (terms, weights) = Row(lemmas);
        for (var i = 0; i < terms.Length; i++)
            TensorPrimitives.MultiplyAdd(_termVectors[terms[i]], (float)weights[i], vec, vec);
        VectorMath.Normalize(vec);
        return vec;
    }

    static double Gaussian(DetRandom rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A (n x v, sparse rows) times M (v x l, row-major): l column arrays of length n.</summary>
    static double[][] MultiplyA((int[] Terms, double[] Weights)[] rows, int n, double[] m, int l)
    {
        var cols = new double[l][];
        for (var j = 0; j < l; j++) cols[j] = new double[n];
        VectorMath.ForChunks(n, (_, s, e) =>
        {
            var acc = new double[l];
            for (var d = s; d < e; d++)
            {
                Array.Clear(acc);
                var (terms, weights) = rows[d];
                for (var i = 0; i < terms.Length; i++)
                    TensorPrimitives.MultiplyAdd<double>(m.AsSpan(terms[i] * l, l), weights[i], acc, acc);
                for (var j = 0; j < l; j++) cols[j][d] = acc[j];
            }
        }, 256);
        return cols;
    }

    /// <summary>A^T (v x n) times Y (n x l, column arrays): l column arrays of length v.</summary>
    static double[][] MultiplyAt((int[] Terms, double[] Weights)[] rows, int v, double[][] y)
    {
        var l = y.Length;
        var result = new double[l][];
        // one column at a time keeps the sums in document order (deterministic)
        VectorMath.ForChunks(l, (_, s, e) =>
        {
            for (var j = s; j < e; j++)
            {
                var col = new double[v];
                var yj = y[j];
                for (var d = 0; d < rows.Length; d++)
                {
                    var (terms, weights) = rows[d];
                    var f = yj[d];
                    if (f == 0) continue;
                    for (var i = 0; i < terms.Length; i++) col[terms[i]] += weights[i] * f;
                }
                result[j] = col;
            }
        }, 1);
        return result;
    }

    static double[] ToRowMajor(double[][] cols, int rows)
    {
        var l = cols.Length;
        var m = new double[rows * l];
        for (var j = 0; j < l; j++)
            for (var i = 0; i < rows; i++) m[i * l + j] = cols[j][i];
        return m;
    }

    static void NormalizeColumns(double[][] cols)
    {
        foreach (var c in cols)
        {
            var norm = TensorPrimitives.Norm<double>(c);
            if (norm > 1e-300) TensorPrimitives.Divide<double>(c, norm, c);
        }
    }

    /// <summary>Cyclic Jacobi eigen-decomposition of a symmetric matrix: eigenvalues and eigenvectors (columns).</summary>
    static (double[] Values, double[,] Vectors) JacobiEigen(double[,] input)
    {
        var n = input.GetLength(0);
        var a = new double[n][];
        for (var i = 0; i < n; i++)
        {
            a[i] = new double[n];
            for (var j = 0; j < n; j++) a[i][j] = input[i, j];
        }
        // vt holds the eigenvectors as rows (transposed), so rotations touch two rows
        var vt = new double[n][];
        for (var i = 0; i < n; i++) { vt[i] = new double[n]; vt[i][i] = 1; }
        for (var sweep = 0; sweep < 60; sweep++)
        {
            double off = 0, diag = 0;
            for (var i = 0; i < n; i++)
            {
                diag += a[i][i] * a[i][i];
                for (var j = i + 1; j < n; j++) off += a[i][j] * a[i][j];
            }
            if (off <= 1e-24 * Math.Max(diag, 1e-300)) break;
            for (var p = 0; p < n - 1; p++)
                for (var q = p + 1; q < n; q++)
                {
                    var apq = a[p][q];
                    if (Math.Abs(apq) < 1e-300) continue;
                    var theta = (a[q][q] - a[p][p]) / (2 * apq);
                    var t = theta == 0 ? 1 : Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    var c = 1 / Math.Sqrt(t * t + 1);
                    var s = t * c;
                    // A <- J^T A J with J the rotation in the (p, q) plane; A stays symmetric
                    var ap = a[p];
                    var aq = a[q];
                    for (var k = 0; k < n; k++)
                    {
                        var akp = ap[k];
                        var akq = aq[k];
                        ap[k] = c * akp - s * akq;
                        aq[k] = s * akp + c * akq;
                    }
                    for (var k = 0; k < n; k++)
                    {
                        var ak = a[k];
                        var akp = ak[p];
                        var akq = ak[q];
                        ak[p] = c * akp - s * akq;
                        ak[q] = s * akp + c * akq;
                    }
                    var vp = vt[p];
                    var vq = vt[q];
                    for (var k = 0; k < n; k++)
                    {
                        var vkp = vp[k];
                        var vkq = vq[k];
                        vp[k] = c * vkp - s * vkq;
                        vq[k] = s * vkp + c * vkq;
                    }
                }
        }
        var values = new double[n];
        var vectors = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            values[i] = a[i][i];
            for (var k = 0; k < n; k++) vectors[k, i] = vt[i][k];
        }
        return (values, vectors);
    }
}
