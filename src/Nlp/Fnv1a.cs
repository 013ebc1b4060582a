namespace Synthesis.Nlp;

/// <summary>
/// 64-bit FNV-1a over UTF-16 code units: a fast, stable hash (the same on every machine and run, unlike
/// <see cref="string.GetHashCode()"/>) for hashed features, shingles and change digests.
/// </summary>
public static class Fnv1a
{
    const ulong Offset = 14695981039346656037UL, Prime = 1099511628211UL;

    public static ulong Hash(ReadOnlySpan<char> s)
    {
        var h = Offset;
        foreach (var c in s) h = (h ^ c) * Prime;
        return h;
    }
}
