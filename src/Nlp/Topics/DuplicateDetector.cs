using System.Text;
using Synthesis.Nlp.French;

namespace Synthesis.Nlp.Topics;

/// <summary>
/// Finds passages sent several times: the same text once normalised (case, accents, punctuation, spaces), or the
/// same template with small edits (a campaign: a name, a street or a sentence changed). Templates are found with
/// MinHash over word 3-shingles and LSH banding, then checked with the exact shingle Jaccard; vectors, when given,
/// must also agree (cosine). Nothing is removed: groups are reported.
/// </summary>
public sealed class DuplicateDetector
{
    /// <summary>Texts with fewer words are ignored ("Oui.", "D'accord" sent twice is not a campaign).</summary>
    public int MinWords { get; init; } = 5;

    /// <summary>Shingle Jaccard at or above which two texts share a template.</summary>
    public double TemplateJaccard { get; init; } = 0.5;

    /// <summary>Cosine their vectors must reach as well (when vectors are given).</summary>
    public double TemplateCosine { get; init; } = 0.8;

    const int Hashes = 64;
    const int Bands = 16;
    const int Rows = Hashes / Bands;
    const int MaxBucketComparisons = 24;

    /// <summary>A group of item indices, and whether its texts differ (templated) or are all identical once normalised.</summary>
    public readonly record struct Group(int[] Items, bool Templated);

    /// <summary>Groups of at least two items; each item is in at most one group. Deterministic.</summary>
    public IReadOnlyList<Group> Find(IReadOnlyList<string> texts, IReadOnlyList<float[]>? vectors = null)
    {
        var n = texts.Count;
        var words = new string[n][];
        var normalized = new string[n];
        for (var i = 0; i < n; i++)
        {
            words[i] = Words(texts[i]);
            normalized[i] = string.Join(' ', words[i]);
        }
        var parent = Enumerable.Range(0, n).ToArray();
        int FindRoot(int x)
        {
            while (parent[x] != x) x = parent[x] = parent[parent[x]];
            return x;
        }
        void Union(int a, int b)
        {
            a = FindRoot(a);
            b = FindRoot(b);
            if (a == b) return;
            if (a < b) parent[b] = a; else parent[a] = b;
        }

        // 1. exact duplicates of the normalised text
        var firstOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            if (words[i].Length < MinWords) continue;
            if (firstOf.TryGetValue(normalized[i], out var first)) Union(first, i);
            else firstOf[normalized[i]] = i;
        }

        // 2. templates: MinHash + LSH over the distinct normalised texts
        var reps = firstOf.Values.Order().ToArray();
        var shingles = new ulong[reps.Length][];
        var signatures = new ulong[reps.Length][];
        VectorMath.ForChunks(reps.Length, (_, s, e) =>
        {
            for (var r = s; r < e; r++)
            {
                shingles[r] = Shingles(words[reps[r]]);
                signatures[r] = MinHash(shingles[r]);
            }
        }, 256);
        for (var band = 0; band < Bands; band++)
        {
            var buckets = new Dictionary<ulong, List<int>>();
            for (var r = 0; r < reps.Length; r++)
            {
                ulong key = 1469598103934665603UL ^ (ulong)band;
                for (var j = 0; j < Rows; j++) key = (key ^ signatures[r][band * Rows + j]) * 1099511628211UL;
                if (!buckets.TryGetValue(key, out var list)) buckets[key] = list = [];
                // compare with a bounded number of earlier members (campaign buckets can be huge)
                var compared = 0;
                foreach (var other in list)
                {
                    if (compared++ >= MaxBucketComparisons) break;
                    if (FindRoot(reps[other]) == FindRoot(reps[r])) continue;
                    if (Jaccard(shingles[other], shingles[r]) < TemplateJaccard) continue;
                    if (vectors is not null && VectorMath.Dot(vectors[reps[other]], vectors[reps[r]]) < TemplateCosine) continue;
                    Union(reps[other], reps[r]);
                }
                list.Add(r);
            }
        }

        var groups = new SortedDictionary<int, List<int>>();
        for (var i = 0; i < n; i++)
        {
            if (words[i].Length < MinWords) continue;
            var root = FindRoot(i);
            if (!groups.TryGetValue(root, out var g)) groups[root] = g = [];
            g.Add(i);
        }
        var result = new List<Group>();
        foreach (var (_, items) in groups)
        {
            if (items.Count < 2) continue;
            var templated = items.Any(i => !string.Equals(normalized[i], normalized[items[0]], StringComparison.Ordinal));
            result.Add(new Group(items.ToArray(), templated));
        }
        return result;
    }

    /// <summary>Folded words (lower case, no accents, no punctuation).</summary>
    internal static string[] Words(string text)
    {
        var list = new List<string>();
        var sb = new StringBuilder();
        Span<char> buf = stackalloc char[4];
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                var n = FrenchFold.Fold([c], buf);
                sb.Append(buf[..n]);
            }
            else if (sb.Length > 0)
            {
                list.Add(sb.ToString());
                sb.Clear();
            }
        }
        if (sb.Length > 0) list.Add(sb.ToString());
        return list.ToArray();
    }

    /// <summary>Sorted distinct hashes of the word 3-shingles (the words themselves for texts under 3 words).</summary>
    static ulong[] Shingles(string[] words)
    {
        var set = new HashSet<ulong>();
        if (words.Length < 3)
            foreach (var w in words) set.Add(Fnv1a.Hash(w));
        else
            for (var i = 0; i + 2 < words.Length; i++)
                set.Add(Fnv1a.Hash(words[i]) * 31 + Fnv1a.Hash(words[i + 1]) * 17 + Fnv1a.Hash(words[i + 2]));
        var arr = set.ToArray();
        Array.Sort(arr);
        return arr;
    }

    static readonly ulong[] Seeds = Enumerable.Range(0, Hashes).Select(i => DetRandom.Mix(0xD0B1E, (ulong)i) | 1).ToArray();

    static ulong[] MinHash(ulong[] shingles)
    {
        var sig = new ulong[Hashes];
        Array.Fill(sig, ulong.MaxValue);
        foreach (var s in shingles)
            for (var h = 0; h < Hashes; h++)
            {
                var x = (s ^ Seeds[h]) * 0x9E3779B97F4A7C15UL;
                x ^= x >> 29;
                if (x < sig[h]) sig[h] = x;
            }
        return sig;
    }

    static double Jaccard(ulong[] a, ulong[] b)
    {
        if (a.Length == 0 || b.Length == 0) return 0;
        int i = 0, j = 0, inter = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j]) { inter++; i++; j++; }
            else if (a[i] < b[j]) i++;
            else j++;
        }
        return (double)inter / (a.Length + b.Length - inter);
    }
}
