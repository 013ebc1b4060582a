using System.Numerics.Tensors;

namespace Synthesis.Nlp.Topics;

/// <summary>A small deterministic random generator (SplitMix64): the same seed gives the same sequence on every runtime.</summary>
internal sealed class DetRandom(ulong seed)
{
    ulong _state = seed;

    public ulong NextULong()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, n).</summary>
    public int Next(int n) => (int)(NextDouble() * n);

    public static ulong Mix(ulong a, ulong b)
    {
        var r = new DetRandom(a * 0x9E3779B97F4A7C15UL ^ b);
        return r.NextULong();
    }

    /// <summary>A deterministic sample of <paramref name="m"/> distinct indices of <paramref name="items"/>, in their original order.</summary>
    public int[] Sample(int[] items, int m)
    {
        if (m >= items.Length) return (int[])items.Clone();
        var copy = (int[])items.Clone();
        for (var i = 0; i < m; i++)
        {
            var j = i + Next(copy.Length - i);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }
        var result = copy[..m];
        Array.Sort(result);
        return result;
    }
}

internal static class VectorMath
{
    /// <summary>Modified Gram-Schmidt over column arrays, repeated <paramref name="passes"/> times for stability; a null column stays zero.</summary>
    public static void Orthonormalize(double[][] cols, int passes)
    {
        for (var pass = 0; pass < passes; pass++)
            for (var j = 0; j < cols.Length; j++)
            {
                var cj = cols[j];
                for (var i = 0; i < j; i++)
                {
                    var dot = TensorPrimitives.Dot<double>(cols[i], cj);
                    TensorPrimitives.MultiplyAdd<double>(cols[i], -dot, cj, cj);
                }
                var norm = TensorPrimitives.Norm<double>(cj);
                if (norm > 1e-12) TensorPrimitives.Divide<double>(cj, norm, cj);
                else Array.Clear(cj);
            }
    }

    /// <summary>Points per work chunk: fixed, so partial sums (and results) never depend on the number of threads.</summary>
    public const int Chunk = 2048;

    public static float Dot(float[] a, float[] b) => TensorPrimitives.Dot(a, b);

    public static void Normalize(float[] v)
    {
        var n = TensorPrimitives.Norm(v);
        if (n > 0) TensorPrimitives.Divide(v, n, v);
    }

    /// <summary>Runs <paramref name="body"/>(chunkIndex, start, end) over fixed chunks of [0, n), in parallel when worth it.</summary>
    public static void ForChunks(int n, Action<int, int, int> body, int chunk = Chunk)
    {
        var chunks = (n + chunk - 1) / chunk;
        if (chunks <= 1 || Environment.ProcessorCount <= 1)
        {
            for (var c = 0; c < chunks; c++) body(c, c * chunk, Math.Min(n, (c + 1) * chunk));
            return;
        }
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Math.Min(Environment.ProcessorCount, 8) },
            c => body(c, c * chunk, Math.Min(n, (c + 1) * chunk)));
    }

    /// <summary>Normalised mean of the given rows (a zero vector when they sum to zero).</summary>
    public static float[] Centroid(IReadOnlyList<float[]> vectors, IEnumerable<int> rows, int dim)
    {
        var c = new float[dim];
        foreach (var r in rows) TensorPrimitives.Add(c, vectors[r], c);
        Normalize(c);
        return c;
    }
}
