namespace Synthesis.Ingest.Search;

/// <summary>The embedding model an index was built with; a different model or version means rebuild.</summary>
public sealed record IndexInfo(string Model, string Version, int Dimensions)
{
    public bool SameModel(IndexInfo other) =>
        string.Equals(Model, other.Model, StringComparison.Ordinal) &&
        string.Equals(Version, other.Version, StringComparison.Ordinal) &&
        Dimensions == other.Dimensions;

    public override string ToString() => $"{Model}@{Version} ({Dimensions}d)";

    /// <summary>The model key stored beside each vector: name@version.</summary>
    public string Key => $"{Model}@{Version}";
}

public sealed record VectorPoint(long PassageId, float[] Vector, PassagePayload Payload);

/// <summary>A vector neighbour: Score is the cosine similarity (higher is closer).</summary>
public sealed record VectorHit(long PassageId, float Score);

/// <summary>
/// Restricts a search. Each list is "any of" (null or empty = no restriction); the fields combine with AND.
/// A passage whose field is unknown (null) does not match a restriction on that field. From/To are inclusive.
/// ExcludeContributions / ExcludePassages remove passages (used by "more like this").
/// </summary>
public sealed record SearchFilter(
    IReadOnlyList<QuestionType>? Questions = null,
    IReadOnlyList<long>? Topics = null,
    IReadOnlyList<Sentiment>? Sentiments = null,
    IReadOnlyList<ParticipantProfile>? Profiles = null,
    IReadOnlyList<string>? Neighbourhoods = null,
    IReadOnlyList<Channel>? Channels = null,
    IReadOnlyList<PassageSource>? Sources = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    IReadOnlyList<long>? ExcludeContributions = null,
    IReadOnlyList<long>? ExcludePassages = null)
{
    /// <summary>True when the filter restricts nothing.</summary>
    public bool IsEmpty =>
        IsNullOrEmpty(Questions) && IsNullOrEmpty(Topics) && IsNullOrEmpty(Sentiments) && IsNullOrEmpty(Profiles) &&
        IsNullOrEmpty(Neighbourhoods) && IsNullOrEmpty(Channels) && IsNullOrEmpty(Sources) && From is null && To is null &&
        IsNullOrEmpty(ExcludeContributions) && IsNullOrEmpty(ExcludePassages);

    /// <summary>Whether a passage's payload passes (ExcludePassages is not checked here: it needs the passage id).</summary>
    public bool Matches(PassagePayload p)
    {
        if (!IsNullOrEmpty(Questions) && (p.Question is not { } q || !Questions!.Contains(q))) return false;
        if (!IsNullOrEmpty(Topics) && (p.TopicId is not { } t || !Topics!.Contains(t))) return false;
        if (!IsNullOrEmpty(Sentiments) && (p.Sentiment is not { } s || !Sentiments!.Contains(s))) return false;
        if (!IsNullOrEmpty(Profiles) && !Profiles!.Contains(p.Profile)) return false;
        if (!IsNullOrEmpty(Neighbourhoods))
        {
            var n = NormaliseNeighbourhood(p.Neighbourhood);
            if (n is null || !Neighbourhoods!.Any(x => NormaliseNeighbourhood(x) == n)) return false;
        }
        if (!IsNullOrEmpty(Channels) && !Channels!.Contains(p.Channel)) return false;
        if (!IsNullOrEmpty(Sources) && !Sources!.Contains(p.Source)) return false;
        if (From is not null || To is not null)
        {
            if (p.Date is not { } d) return false;
            if (From is { } f && d < f) return false;
            if (To is { } to && d > to) return false;
        }
        if (!IsNullOrEmpty(ExcludeContributions) && ExcludeContributions!.Contains(p.ContributionId)) return false;
        return true;
    }

    /// <summary>Whether a passage passes, its id included.</summary>
    public bool Matches(long passageId, PassagePayload p) =>
        (IsNullOrEmpty(ExcludePassages) || !ExcludePassages!.Contains(passageId)) && Matches(p);

    /// <summary>Neighbourhoods compare trimmed and case-insensitively (invariant lower case).</summary>
    public static string? NormaliseNeighbourhood(string? n) =>
        string.IsNullOrWhiteSpace(n) ? null : n.Trim().ToLowerInvariant();

    static bool IsNullOrEmpty<T>(IReadOnlyList<T>? list) => list is null || list.Count == 0;
}

/// <summary>A store of passage vectors searched by cosine similarity, with payload filters applied inside the search.</summary>
public interface IVectorIndex : IDisposable
{
    /// <summary>The model, version and dimensions this index holds vectors of.</summary>
    IndexInfo Info { get; }

    /// <summary>Adds or replaces points (by passage id).</summary>
    Task UpsertAsync(IReadOnlyList<VectorPoint> points, CancellationToken cancellationToken = default);

    /// <summary>Removes points by passage id; unknown ids are ignored.</summary>
    Task DeleteAsync(IReadOnlyList<long> passageIds, CancellationToken cancellationToken = default);

    /// <summary>The k nearest passages to <paramref name="query"/> (cosine, best first) among those the filter lets through.</summary>
    Task<IReadOnlyList<VectorHit>> SearchAsync(float[] query, int k, SearchFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>A stored point (its vector normalised to unit length), or null.</summary>
    Task<VectorPoint?> GetAsync(long passageId, CancellationToken cancellationToken = default);

    Task<long> CountAsync(CancellationToken cancellationToken = default);
}

static class VectorMath
{
    /// <summary>A unit-length copy (a zero vector stays zero).</summary>
    public static float[] Normalised(ReadOnlySpan<float> v)
    {
        var copy = v.ToArray();
        NormaliseInPlace(copy);
        return copy;
    }

    /// <summary>Whether a vector points anywhere: a zero (or broken) vector is as close to every passage as to any other.</summary>
    public static bool HasDirection(ReadOnlySpan<float> v)
    {
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(v);
        return norm > 0 && float.IsFinite(norm);
    }

    public static void NormaliseInPlace(Span<float> v)
    {
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(v);
        if (norm > 0 && float.IsFinite(norm) && MathF.Abs(norm - 1f) > 1e-6f)
            System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
    }
}

/// <summary>Keeps the k best (highest score) items seen: a min-heap on score, ties broken by lower id first.</summary>
sealed class TopK
{
    readonly int _k;
    readonly float[] _scores;
    readonly long[] _ids;
    int _count;

    public TopK(int k)
    {
        _k = Math.Max(0, k);
        _scores = new float[_k];
        _ids = new long[_k];
    }

    public int Count => _count;

    /// <summary>The score an item must beat to enter (negative infinity while not full).</summary>
    public float Threshold => _count < _k ? float.NegativeInfinity : _scores[0];

    // "a is worse than b": lower score, or equal score and higher id.
    static bool Worse(float sa, long ia, float sb, long ib) => sa < sb || (sa == sb && ia > ib);

    public void Add(long id, float score)
    {
        if (_k == 0 || float.IsNaN(score)) return;
        if (_count < _k)
        {
            var i = _count++;
            _scores[i] = score; _ids[i] = id;
            while (i > 0)
            {
                var parent = (i - 1) >> 1;
                if (!Worse(_scores[i], _ids[i], _scores[parent], _ids[parent])) break;
                Swap(i, parent); i = parent;
            }
            return;
        }
        if (!Worse(_scores[0], _ids[0], score, id)) return;
        _scores[0] = score; _ids[0] = id;
        var j = 0;
        while (true)
        {
            int l = 2 * j + 1, r = l + 1, w = j;
            if (l < _count && Worse(_scores[l], _ids[l], _scores[w], _ids[w])) w = l;
            if (r < _count && Worse(_scores[r], _ids[r], _scores[w], _ids[w])) w = r;
            if (w == j) break;
            Swap(j, w); j = w;
        }
    }

    void Swap(int a, int b)
    {
        (_scores[a], _scores[b]) = (_scores[b], _scores[a]);
        (_ids[a], _ids[b]) = (_ids[b], _ids[a]);
    }

    /// <summary>Best first.</summary>
    public List<(long Id, float Score)> ToSortedList()
    {
        var list = new List<(long Id, float Score)>(_count);
        for (var i = 0; i < _count; i++) list.Add((_ids[i], _scores[i]));
        list.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Id.CompareTo(b.Id));
        return list;
    }
}
