using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Synthesis.Ingest.Search;

/// <summary>Reads of the embedded index: exact and HNSW search, and filters compiled against its columns.</summary>
public sealed partial class EmbeddedVectorIndex
{
    // ---------------------------------------------------------------- reads

    public Task<long> CountAsync(CancellationToken cancellationToken = default) => Task.FromResult((long)Count);

    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try { return _slotOf.Count; }
            finally { _lock.ExitReadLock(); }
        }
    }

    public Task<VectorPoint?> GetAsync(long passageId, CancellationToken cancellationToken = default) => Task.FromResult(Get(passageId));

    public VectorPoint? Get(long passageId)
    {
        _lock.EnterReadLock();
        try
        {
            if (!_slotOf.TryGetValue(passageId, out var slot)) return null;
            return new VectorPoint(passageId, _matrix.AsSpan(slot * _dims, _dims).ToArray(), ReadPayload(slot));
        }
        finally { _lock.ExitReadLock(); }
    }

    public Task<IReadOnlyList<VectorHit>> SearchAsync(float[] query, int k, SearchFilter? filter = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Search(query, k, filter));

    public IReadOnlyList<VectorHit> Search(float[] query, int k, SearchFilter? filter = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Length != _dims) throw new ArgumentException($"query has {query.Length} dimensions, the index {Info} expects {_dims}");
        if (k <= 0) return [];
        var q = VectorMath.Normalised(query);
        _lock.EnterReadLock();
        try
        {
            ThrowIfDisposed();
            var live = _slotOf.Count;
            if (live == 0) return [];
            var compiled = filter is null || filter.IsEmpty ? null : CompileFilter(filter);
            if (!UsesHnsw)
                return compiled is null ? ExactAll(q, k) : ExactFiltered(q, k, compiled);
            if (compiled is null) return HnswSearch(q, Math.Min(k, live), null, k);
            // Few matching rows: exact search over them (one pass, the filter checked on packed keys before any dot
            // product). Many: the graph walk, with the filter checked on each node USearch visits.
            if (EstimateMatching(compiled, live) <= ExactSubsetLimit) return ExactFiltered(q, k, compiled);
            var hits = HnswSearch(q, k, compiled, k);
            // The graph can run dry under a narrow filter: then the exact answer (also complete when fewer match).
            return hits.Count >= k ? hits : ExactFiltered(q, k, compiled);
        }
        finally { _lock.ExitReadLock(); }
    }

    float Dot(float[] q, int slot) => TensorPrimitives.Dot(new ReadOnlySpan<float>(_matrix, slot * _dims, _dims), q);

    IReadOnlyList<VectorHit> ExactAll(float[] q, int k)
    {
        var top = new TopK(k);
        var dims = _dims;
        var m = _matrix;
        for (int s = 0, off = 0; s < _slotCount; s++, off += dims)
        {
            if (_ids[s] < 0) continue;
            var score = TensorPrimitives.Dot(new ReadOnlySpan<float>(m, off, dims), q);
            if (score >= top.Threshold) top.Add(_ids[s], score);
        }
        return ToHits(top);
    }

    IReadOnlyList<VectorHit> ExactFiltered(float[] q, int k, CompiledFilter f)
    {
        var top = new TopK(k);
        var ids = _ids;
        var keys = _keys;
        var (g0, g1, g2, g3, g4) = f.Groups; // unused groups are all ones
        var slow = f.NeedsSlowCheck;
        var n = Math.Min(_slotCount, Math.Min(ids.Length, keys.Length));
        for (var s = 0; s < n; s++)
        {
            if (ids[s] < 0) continue;
            var key = keys[s];
            if ((key & g0) == 0 || (key & g1) == 0 || (key & g2) == 0 || (key & g3) == 0 || (key & g4) == 0) continue;
            if (slow && !f.MatchesSlow(s)) continue;
            var score = Dot(q, s);
            if (score >= top.Threshold) top.Add(ids[s], score);
        }
        return ToHits(top);
    }

    /// <summary>Matching rows estimated from a fixed-stride sample of about 2,000 slots.</summary>
    int EstimateMatching(CompiledFilter f, int live)
    {
        if (_slotCount <= 2048)
        {
            var exact = 0;
            for (var s = 0; s < _slotCount; s++) if (_ids[s] >= 0 && f.Matches(s)) exact++;
            return exact;
        }
        var stride = _slotCount / 2048;
        int seen = 0, hit = 0;
        for (var s = stride / 2; s < _slotCount; s += stride)
        {
            if (_ids[s] < 0) continue;
            seen++;
            if (f.Matches(s)) hit++;
        }
        return seen == 0 ? 0 : (int)((long)hit * live / seen);
    }

    IReadOnlyList<VectorHit> HnswSearch(float[] q, int want, CompiledFilter? filter, int k)
    {
        // The graph ranks on its own (half-precision) copy: ask for a few more and re-rank on the full-precision rows,
        // so a quantisation near-tie at the k-th place does not drop the true k-th neighbour.
        var ask = _options.HnswHalfPrecision ? want + Math.Max(8, want / 4) : want;
        var found = _hnsw!.Search(q, ask, filter is null ? null : filter.Matches, out var keys, out _);
        // Scores are recomputed on the full-precision rows, so HNSW and exact search report the same cosine.
        var top = new TopK(k);
        for (var i = 0; i < found; i++)
        {
            var s = (int)keys[i];
            if (s >= _slotCount || _ids[s] < 0) continue;
            top.Add(_ids[s], Dot(q, s));
        }
        return ToHits(top);
    }

    static IReadOnlyList<VectorHit> ToHits(TopK top) => top.ToSortedList().Select(x => new VectorHit(x.Id, x.Score)).ToList();

    // ---------------------------------------------------------------- filters

    CompiledFilter CompileFilter(SearchFilter f)
    {
        HashSet<int>? neigh = null;
        if (f.Neighbourhoods is { Count: > 0 })
        {
            var wanted = f.Neighbourhoods.Select(SearchFilter.NormaliseNeighbourhood).Where(n => n is not null).ToHashSet();
            neigh = new HashSet<int>();
            for (var i = 0; i < _neighNames.Count; i++)
                if (wanted.Contains(SearchFilter.NormaliseNeighbourhood(_neighNames[i]))) neigh.Add(i);
        }
        HashSet<int>? excludedSlots = null;
        if (f.ExcludePassages is { Count: > 0 })
        {
            excludedSlots = new HashSet<int>();
            foreach (var id in f.ExcludePassages)
                if (_slotOf.TryGetValue(id, out var s)) excludedSlots.Add(s);
        }
        var groups = new List<ulong>(5);
        foreach (var m in new[]
                 {
                     MaskOf(f.Questions, QuestionShift), MaskOf(f.Sentiments, SentimentShift), MaskOf(f.Profiles, ProfileShift),
                     MaskOf(f.Channels, ChannelShift), MaskOf(f.Sources, SourceShift),
                 })
            if (m != 0) groups.Add(m);
        return new CompiledFilter(this, groups.ToArray(), f.Topics is { Count: > 0 } ? f.Topics.ToHashSet() : null, neigh,
            f.From?.UtcTicks ?? long.MinValue, f.To?.UtcTicks ?? long.MaxValue, f.From is not null || f.To is not null,
            f.ExcludeContributions is { Count: > 0 } ? f.ExcludeContributions.ToHashSet() : null, excludedSlots);
    }

    sealed class CompiledFilter(
        EmbeddedVectorIndex ix, ulong[] groups, HashSet<long>? topics, HashSet<int>? neighbourhoods,
        long from, long to, bool hasDate, HashSet<long>? excludeContributions, HashSet<int>? excludeSlots)
    {
        /// <summary>The enum-field masks, padded with all-ones: a row passes when its key meets every one.</summary>
        public (ulong, ulong, ulong, ulong, ulong) Groups { get; } =
            (At(groups, 0), At(groups, 1), At(groups, 2), At(groups, 3), At(groups, 4));

        static ulong At(ulong[] g, int i) => i < g.Length ? g[i] : ulong.MaxValue;

        /// <summary>Whether fields other than the packed enums are restricted.</summary>
        public bool NeedsSlowCheck { get; } = topics is not null || neighbourhoods is not null || hasDate ||
                                            excludeContributions is not null || excludeSlots is not null;

        public bool Matches(int s)
        {
            var key = ix._keys[s];
            foreach (var g in groups) if ((key & g) == 0) return false;
            return !NeedsSlowCheck || MatchesSlow(s);
        }

        public bool MatchesSlow(int s)
        {
            if (topics is not null && (ix._topic[s] == NullLong || !topics.Contains(ix._topic[s]))) return false;
            if (neighbourhoods is not null && !neighbourhoods.Contains(ix._neighbourhood[s])) return false;
            if (hasDate)
            {
                var t = ix._dateTicks[s];
                if (t == NullLong || t < from || t > to) return false;
            }
            if (excludeContributions is not null && excludeContributions.Contains(ix._contribution[s])) return false;
            if (excludeSlots is not null && excludeSlots.Contains(s)) return false;
            return true;
        }

        /// <summary>The predicate USearch calls on each graph node it visits (key = slot).</summary>
        public bool Matches(ulong key) => key < (ulong)ix._slotCount && ix._ids[key] >= 0 && Matches((int)key);
    }

}
