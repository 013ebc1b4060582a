using Synthesis.Ingest.Search;

namespace Synthesis.Ingest.Tests.Search;

/// <summary>Deterministic vectors and payloads for the search tests.</summary>
static class TestVectors
{
    /// <summary>A unit vector from a seeded generator (normal components).</summary>
    public static float[] Random(Random rng, int dims)
    {
        var v = new float[dims];
        for (var i = 0; i < dims; i++)
        {
            // Box-Muller
            var u1 = 1.0 - rng.NextDouble();
            var u2 = rng.NextDouble();
            v[i] = (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return Normalise(v);
    }

    public static float[] Normalise(float[] v)
    {
        var n = Math.Sqrt(v.Sum(x => (double)x * x));
        if (n > 0) for (var i = 0; i < v.Length; i++) v[i] = (float)(v[i] / n);
        return v;
    }

    public static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }

    static readonly string[] Neighbourhoods = ["Moulins", "Fives", "Wazemmes", "Vieux-Lille"];

    /// <summary>A payload whose fields cycle with different periods, so filters cut the set in varied ways.</summary>
    public static PassagePayload Payload(long i) => new(
        ContributionId: i / 3,
        Question: i % 7 == 0 ? null : (QuestionType)(i % 4),
        TopicId: i % 5 == 0 ? null : i % 6,
        Sentiment: i % 11 == 0 ? null : (Sentiment)(i % 3),
        Profile: (ParticipantProfile)(i % 8),
        Neighbourhood: i % 9 == 0 ? null : Neighbourhoods[i % 4],
        Channel: (Channel)(i % 8),
        Source: (PassageSource)(i % 3),
        Date: i % 13 == 0 ? null : new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(1)).AddDays(i % 100));

    public static List<VectorPoint> Points(int count, int dims, int seed = 42, long firstId = 1)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, count).Select(i => new VectorPoint(firstId + i, Random(rng, dims), Payload(firstId + i))).ToList();
    }

    /// <summary>The exact answer: the k points that pass the filter, by cosine, best first.</summary>
    public static List<long> BruteForce(IEnumerable<VectorPoint> points, float[] query, int k, SearchFilter? filter = null) =>
        points.Where(p => filter is null || filter.Matches(p.PassageId, p.Payload))
            .Select(p => (p.PassageId, Score: Cosine(p.Vector, query)))
            .OrderByDescending(x => x.Score).ThenBy(x => x.PassageId)
            .Take(k).Select(x => x.PassageId).ToList();
}

/// <summary>A hashed bag-of-words embedding over the French search analyser's terms (signed feature hashing).</summary>
sealed class HashedBagOfWords(int dims = 256)
{
    readonly FrenchSearchAnalyzer _analyzer = new();
    public int Dimensions => dims;

    public float[] Embed(string text)
    {
        var v = new float[dims];
        foreach (var term in _analyzer.Terms(text))
        {
            var h = Fnv(term);
            v[(int)(h % (uint)dims)] += (h & 0x8000_0000) != 0 ? -1f : 1f;
        }
        return TestVectors.Normalise(v);
    }

    static uint Fnv(string s)
    {
        var h = 2166136261u;
        foreach (var c in s) { h ^= c; h *= 16777619u; }
        return h;
    }
}
