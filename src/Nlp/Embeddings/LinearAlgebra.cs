using System.Numerics;

namespace Synthesis.Nlp.Embeddings;

/// <summary>SplitMix64: a tiny seeded generator whose sequence never depends on the runtime version.</summary>
internal struct SplitMix64(ulong seed)
{
    ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in (0, 1).</summary>
    public double NextDouble() => ((Next() >> 11) + 0.5) * (1.0 / (1UL << 53));

    /// <summary>Standard normal (Box-Muller, one value per call).</summary>
    public double NextGaussian() => Math.Sqrt(-2.0 * Math.Log(NextDouble())) * Math.Cos(2 * Math.PI * NextDouble());
}

/// <summary>A square sparse matrix in compressed sparse row form (float values).</summary>
internal sealed class SparseMatrix(int size, int[] rowStart, int[] columns, float[] values)
{
    public int Size { get; } = size;
    public int[] RowStart { get; } = rowStart;
    public int[] Columns { get; } = columns;
    public float[] Values { get; } = values;
    public long NonZeros => RowStart[Size];
}

/// <summary>
/// The dense linear algebra of the trainer. Everything is deterministic whatever the number of threads: work is cut
/// into fixed chunks, each output element is computed by one thread in one order, and partial sums are added in
/// chunk order. Vector&lt;T&gt; is only used lane-wise (no horizontal sums), so the SIMD width does not change results.
/// </summary>
internal static class LinearAlgebra
{
    const int RowChunk = 512;

    static int Chunks(int rows) => (rows + RowChunk - 1) / RowChunk;

    /// <summary>out (n×k) = M (n×n, sparse) × Y (n×k), row-major.</summary>
    public static double[] Multiply(SparseMatrix m, double[] y, int k, ParallelOptions po)
    {
        var n = m.Size;
        var result = new double[(long)n * k];
        Parallel.For(0, Chunks(n), po, c =>
        {
            var end = Math.Min(n, (c + 1) * RowChunk);
            for (var i = c * RowChunk; i < end; i++)
            {
                var dst = result.AsSpan(i * k, k);
                for (var p = m.RowStart[i]; p < m.RowStart[i + 1]; p++)
                    Axpy(m.Values[p], y.AsSpan(m.Columns[p] * k, k), dst);
            }
        });
        return result;
    }

    /// <summary>dst += a × x.</summary>
    public static void Axpy(double a, ReadOnlySpan<double> x, Span<double> dst)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var va = new Vector<double>(a);
            for (; i <= x.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var d = new Vector<double>(dst[i..]);
                (d + va * new Vector<double>(x[i..])).CopyTo(dst[i..]);
            }
        }
        for (; i < x.Length; i++) dst[i] += a * x[i];
    }

    /// <summary>Yᵀ Y (k×k) of a row-major n×k matrix.</summary>
    public static double[] Gram(double[] y, int n, int k, ParallelOptions po)
    {
        var chunks = Chunks(n);
        var partial = new double[chunks][];
        Parallel.For(0, chunks, po, c =>
        {
            var g = new double[k * k];
            var end = Math.Min(n, (c + 1) * RowChunk);
            for (var i = c * RowChunk; i < end; i++)
            {
                var row = y.AsSpan(i * k, k);
                for (var a = 0; a < k; a++)
                    if (row[a] != 0) Axpy(row[a], row[a..], g.AsSpan(a * k + a, k - a));
            }
            partial[c] = g;
        });
        var result = new double[k * k];
        foreach (var g in partial)
            for (var i = 0; i < g.Length; i++) result[i] += g[i];
        for (var a = 0; a < k; a++)
            for (var b = 0; b < a; b++) result[a * k + b] = result[b * k + a];
        return result;
    }

    /// <summary>out (n×m) = Y (n×k) × W (k×m).</summary>
    public static double[] MultiplySmall(double[] y, int n, int k, double[] w, int m, ParallelOptions po, bool upperTriangular = false)
    {
        var result = new double[(long)n * m];
        Parallel.For(0, Chunks(n), po, c =>
        {
            var end = Math.Min(n, (c + 1) * RowChunk);
            for (var i = c * RowChunk; i < end; i++)
            {
                var dst = result.AsSpan(i * m, m);
                for (var a = 0; a < k; a++)
                {
                    var v = y[i * k + a];
                    if (v == 0) continue;
                    if (upperTriangular) Axpy(v, w.AsSpan(a * m + a, m - a), dst[a..]);
                    else Axpy(v, w.AsSpan(a * m, m), dst);
                }
            }
        });
        return result;
    }

    /// <summary>
    /// Orthonormal basis of the columns of Y (n×k) by Cholesky QR, done twice for accuracy (CholeskyQR2), with a
    /// small diagonal shift when the Gram matrix is close to singular (one pass is enough between power iterations).
    /// </summary>
    public static double[] Orthonormalize(double[] y, int n, int k, ParallelOptions po, int passes = 2)
    {
        for (var pass = 0; pass < passes; pass++)
        {
            var g = Gram(y, n, k, po);
            double trace = 0;
            for (var i = 0; i < k; i++) trace += g[i * k + i];
            var shift = 0.0;
            double[]? rInv = null;
            for (var attempt = 0; attempt < 20 && rInv is null; attempt++)
            {
                rInv = InverseCholeskyFactor(g, k, shift);
                shift = shift == 0 ? 1e-14 * trace : shift * 100;
            }
            if (rInv is null) throw new InvalidOperationException("orthonormalisation failed");
            y = MultiplySmall(y, n, k, rInv, k, po, upperTriangular: true);
        }
        return y;
    }

    /// <summary>R⁻¹ (upper triangular, row-major) where (G + shift·I) = RᵀR, or null when not positive definite.</summary>
    static double[]? InverseCholeskyFactor(double[] g, int k, double shift)
    {
        var r = new double[k * k];
        for (var j = 0; j < k; j++)
        {
            var d = g[j * k + j] + shift;
            for (var p = 0; p < j; p++) d -= r[p * k + j] * r[p * k + j];
            if (!(d > 0)) return null;
            var rjj = Math.Sqrt(d);
            r[j * k + j] = rjj;
            for (var i = j + 1; i < k; i++)
            {
                var s = g[j * k + i];
                for (var p = 0; p < j; p++) s -= r[p * k + j] * r[p * k + i];
                r[j * k + i] = s / rjj;
            }
        }
        // invert the upper triangular R by back substitution, column by column
        var inv = new double[k * k];
        for (var c = 0; c < k; c++)
        {
            inv[c * k + c] = 1 / r[c * k + c];
            for (var i = c - 1; i >= 0; i--)
            {
                var s = 0.0;
                for (var p = i + 1; p <= c; p++) s += r[i * k + p] * inv[p * k + c];
                inv[i * k + c] = -s / r[i * k + i];
            }
        }
        return inv;
    }

    /// <summary>
    /// Eigen-decomposition of a symmetric k×k matrix by cyclic Jacobi rotations. Returns the eigenvalues in
    /// decreasing order and the eigenvectors as the columns of a row-major k×k matrix, each with its largest
    /// component positive.
    /// </summary>
    public static (double[] Values, double[] Vectors) SymmetricEigen(double[] matrix, int k)
    {
        var a = (double[])matrix.Clone();
        var v = new double[k * k];
        for (var i = 0; i < k; i++) v[i * k + i] = 1;
        for (var sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, diag = 0;
            for (var p = 0; p < k; p++)
            {
                diag += a[p * k + p] * a[p * k + p];
                for (var q = p + 1; q < k; q++) off += a[p * k + q] * a[p * k + q];
            }
            if (off <= 1e-30 * Math.Max(diag, 1e-300)) break;
            for (var p = 0; p < k - 1; p++)
                for (var q = p + 1; q < k; q++)
                {
                    var apq = a[p * k + q];
                    if (Math.Abs(apq) < 1e-300) continue;
                    var app = a[p * k + p];
                    var aqq = a[q * k + q];
                    var theta = (aqq - app) / (2 * apq);
                    var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    if (theta == 0) t = 1;
                    var c = 1 / Math.Sqrt(t * t + 1);
                    var s = t * c;
                    for (var r = 0; r < k; r++)
                    {
                        // columns p and q
                        var arp = a[r * k + p];
                        var arq = a[r * k + q];
                        a[r * k + p] = c * arp - s * arq;
                        a[r * k + q] = s * arp + c * arq;
                    }
                    for (var r = 0; r < k; r++)
                    {
                        // rows p and q
                        var apr = a[p * k + r];
                        var aqr = a[q * k + r];
                        a[p * k + r] = c * apr - s * aqr;
                        a[q * k + r] = s * apr + c * aqr;
                    }
                    for (var r = 0; r < k; r++)
                    {
                        var vrp = v[r * k + p];
                        var vrq = v[r * k + q];
                        v[r * k + p] = c * vrp - s * vrq;
                        v[r * k + q] = s * vrp + c * vrq;
                    }
                }
        }
        var order = Enumerable.Range(0, k).OrderByDescending(i => a[i * k + i]).ThenBy(i => i).ToArray();
        var values = new double[k];
        var vectors = new double[k * k];
        for (var j = 0; j < k; j++)
        {
            var src = order[j];
            values[j] = a[src * k + src];
            var best = 0;
            for (var r = 1; r < k; r++)
                if (Math.Abs(v[r * k + src]) > Math.Abs(v[best * k + src])) best = r;
            var sign = v[best * k + src] < 0 ? -1 : 1;
            for (var r = 0; r < k; r++) vectors[r * k + j] = sign * v[r * k + src];
        }
        return (values, vectors);
    }
}
