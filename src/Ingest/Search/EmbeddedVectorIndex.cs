using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Synthesis.Ingest.Search;

/// <summary>Which search the embedded index runs.</summary>
public enum VectorSearchMode
{
    /// <summary>Exact below <see cref="EmbeddedIndexOptions.HnswThreshold"/> live vectors, HNSW from there on.</summary>
    Auto,
    /// <summary>Always exact (brute-force dot products).</summary>
    Exact,
    /// <summary>Always HNSW (the graph is built whatever the size).</summary>
    Hnsw,
}

public sealed record EmbeddedIndexOptions
{
    /// <summary>
    /// Live vectors from which the HNSW graph is built and used. Measured on 2 shared cores, 384 dimensions:
    /// exact search costs about 0.04 ms per 1,000 vectors, so it stays under the 2 ms median target up to
    /// about 40,000 vectors (see bench/Synthesis.Bench.Search and the search README).
    /// </summary>
    public int HnswThreshold { get; init; } = 15_000;

    /// <summary>With HNSW on, a filter matching at most this many vectors is answered by exact search over them.</summary>
    public int ExactSubsetLimit { get; init; } = 15_000;

    public VectorSearchMode Mode { get; init; } = VectorSearchMode.Auto;

    /// <summary>HNSW graph degree (M).</summary>
    public int Connectivity { get; init; } = 16;
    /// <summary>Graph build breadth: 64 builds twice as fast as 128 for the same recall on clustered data (bench sweep).</summary>
    public int ExpansionAdd { get; init; } = 64;
    public int ExpansionSearch { get; init; } = 64;

    /// <summary>Store the graph's own vector copy in half precision (halves its memory; scores are recomputed exactly).</summary>
    public bool HnswHalfPrecision { get; init; } = true;

    /// <summary>Threads for building the graph (default: all cores).</summary>
    public int? BuildThreads { get; init; }
}

public enum IndexOpenStatus
{
    /// <summary>Loaded and matches the expected model.</summary>
    Ok,
    /// <summary>No index in the folder (first run, or deleted).</summary>
    Missing,
    /// <summary>Built with another model, version or dimension count.</summary>
    Stale,
    /// <summary>A file is unreadable, truncated or fails its checksum.</summary>
    Corrupt,
}

/// <summary>How opening went; when <see cref="NeedsRebuild"/> the index returned is empty and the caller re-adds every passage from the store.</summary>
public sealed record IndexOpenResult(IndexOpenStatus Status, string? Detail = null)
{
    public bool NeedsRebuild => Status != IndexOpenStatus.Ok;
}

/// <summary>
/// The default vector index: in memory, persisted to a folder (the data folder's index/ subfolder).
/// Vectors are kept unit-length in one contiguous slot-major float matrix with columnar payloads, so exact search is a
/// run of <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/> over rows with a k-sized heap, and
/// filters are checked on the columns inside that loop. From <see cref="EmbeddedIndexOptions.HnswThreshold"/> vectors a
/// USearch HNSW graph (keyed by slot) answers instead. A filter is then first sized on a ~2,000-row sample: when at most
/// <see cref="EmbeddedIndexOptions.ExactSubsetLimit"/> rows match, exact search over them; otherwise USearch's native
/// filtered search (usearch_filtered_search), which calls the filter on each node as it walks the graph (no over-fetching).
/// Save writes new files under a new generation name, then atomically swaps the manifest: a crash at any point leaves the
/// previous manifest and the files it names.
/// </summary>
public sealed class EmbeddedVectorIndex : IVectorIndex
{
    public const string ManifestName = "manifest.json";
    const int FormatVersion = 1;
    static readonly byte[] Magic = "SYNVEC01"u8.ToArray();

    readonly EmbeddedIndexOptions _options;
    readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    readonly int _dims;

    // Slot-major storage; a slot is free when _ids[slot] < 0.
    float[] _matrix = [];
    long[] _ids = [];
    long[] _contribution = [];
    byte[] _question = [];   // NullByte = unknown
    long[] _topic = [];      // NullLong = none
    byte[] _sentiment = [];
    byte[] _profile = [];
    int[] _neighbourhood = []; // -1 = none; index into _neighNames
    byte[] _channel = [];
    byte[] _source = [];
    long[] _dateTicks = [];   // UTC ticks; NullLong = none
    short[] _dateOffset = []; // minutes
    ulong[] _keys = [];       // one-hot enum fields packed per slot (see KeyOf), for one-load filter checks
    int _slotCount;
    readonly Stack<int> _free = new();
    readonly Dictionary<long, int> _slotOf = new();
    readonly List<string> _neighNames = new();
    readonly Dictionary<string, int> _neighIds = new(StringComparer.Ordinal);
    HnswGraph? _hnsw;
    bool _dirty;
    long _generation;
    bool _disposed;

    const byte NullByte = 255;
    const long NullLong = long.MinValue;

    /// <summary>For tests: called after the new data files are in place and before the manifest is swapped.</summary>
    internal static Action<string>? BeforeManifestSwap;

    public IndexInfo Info { get; }
    public string? Folder { get; }
    public EmbeddedIndexOptions Options => _options;

    /// <summary>With HNSW on, filters matching at most this many rows are answered exactly (starts at the option's value; tunable).</summary>
    public int ExactSubsetLimit { get; set; }

    /// <summary>Whether searches currently go through the HNSW graph.</summary>
    public bool UsesHnsw => _hnsw is not null && _options.Mode != VectorSearchMode.Exact;

    /// <summary>An index in memory only (Save needs a folder).</summary>
    public EmbeddedVectorIndex(IndexInfo info, EmbeddedIndexOptions? options = null) : this(info, null, options) { }

    EmbeddedVectorIndex(IndexInfo info, string? folder, EmbeddedIndexOptions? options)
    {
        if (info.Dimensions <= 0) throw new ArgumentOutOfRangeException(nameof(info), "dimensions must be positive");
        Info = info;
        Folder = folder;
        _options = options ?? new EmbeddedIndexOptions();
        _dims = info.Dimensions;
        ExactSubsetLimit = _options.ExactSubsetLimit;
    }

    /// <summary>A new, empty index that saves into <paramref name="folder"/> (whatever was there is replaced at the first Save).</summary>
    public static EmbeddedVectorIndex Create(string folder, IndexInfo info, EmbeddedIndexOptions? options = null)
    {
        Directory.CreateDirectory(folder);
        return new EmbeddedVectorIndex(info, Path.GetFullPath(folder), options);
    }

    /// <summary>Opens the index saved in <paramref name="folder"/>; <paramref name="needsRebuild"/> is true when it was missing, stale or corrupt.</summary>
    public static EmbeddedVectorIndex Open(string folder, IndexInfo expected, out bool needsRebuild, EmbeddedIndexOptions? options = null)
    {
        var index = Open(folder, expected, out IndexOpenResult result, options);
        needsRebuild = result.NeedsRebuild;
        return index;
    }

    /// <summary>
    /// Opens the index saved in <paramref name="folder"/>. A missing, stale (other model, version or dimensions) or corrupt
    /// index is reported in <paramref name="result"/> and an empty index for <paramref name="expected"/> is returned:
    /// the caller re-adds every passage from the store, then calls <see cref="Save"/>. A missing or damaged HNSW graph
    /// alone is rebuilt from the saved vectors and does not need the store.
    /// </summary>
    public static EmbeddedVectorIndex Open(string folder, IndexInfo expected, out IndexOpenResult result, EmbeddedIndexOptions? options = null)
    {
        var index = Create(folder, expected, options);
        result = index.Load();
        if (result.NeedsRebuild) index.Reset();
        return index;
    }

    // ---------------------------------------------------------------- writes

    public Task UpsertAsync(IReadOnlyList<VectorPoint> points, CancellationToken cancellationToken = default)
    {
        Upsert(points);
        return Task.CompletedTask;
    }

    public void Upsert(IReadOnlyList<VectorPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        foreach (var p in points)
        {
            if (p.Vector is null || p.Vector.Length != _dims)
                throw new ArgumentException($"passage {p.PassageId}: vector has {p.Vector?.Length ?? 0} dimensions, the index {Info} expects {_dims}");
            if (p.PassageId < 0) throw new ArgumentException($"passage id {p.PassageId} is negative");
        }
        _lock.EnterWriteLock();
        try
        {
            ThrowIfDisposed();
            var touched = new List<int>(points.Count);
            var seen = new HashSet<int>();
            // Size the arrays once for a big batch (no doubling slack: 100,000 vectors take 100,000 rows).
            var needed = _slotCount + Math.Max(0, points.Count - _free.Count);
            if (needed > _ids.Length && points.Count > 1024) Grow(needed);
            foreach (var p in points)
            {
                var isNew = !_slotOf.TryGetValue(p.PassageId, out var slot);
                if (isNew)
                {
                    slot = _free.Count > 0 ? _free.Pop() : NewSlot();
                    _slotOf[p.PassageId] = slot;
                    _ids[slot] = p.PassageId;
                }
                else if (_hnsw is not null && !seen.Contains(slot))
                {
                    _hnsw.Remove(slot);
                }
                var row = _matrix.AsSpan(slot * _dims, _dims);
                p.Vector.CopyTo(row);
                VectorMath.NormaliseInPlace(row);
                WritePayload(slot, p.Payload);
                if (seen.Add(slot)) touched.Add(slot);
            }
            if (_hnsw is not null) _hnsw.AddRows(_matrix, touched);
            else if (WantsHnsw(_slotOf.Count)) BuildHnsw();
            _dirty = true;
        }
        finally { _lock.ExitWriteLock(); }
    }

    public Task DeleteAsync(IReadOnlyList<long> passageIds, CancellationToken cancellationToken = default)
    {
        Delete(passageIds);
        return Task.CompletedTask;
    }

    public void Delete(IReadOnlyList<long> passageIds)
    {
        ArgumentNullException.ThrowIfNull(passageIds);
        _lock.EnterWriteLock();
        try
        {
            ThrowIfDisposed();
            foreach (var id in passageIds)
            {
                if (!_slotOf.Remove(id, out var slot)) continue;
                _ids[slot] = -1;
                _matrix.AsSpan(slot * _dims, _dims).Clear();
                _hnsw?.Remove(slot);
                _free.Push(slot);
                _dirty = true;
            }
            // Hysteresis: drop the graph only well below the threshold.
            if (_hnsw is not null && _options.Mode == VectorSearchMode.Auto && _slotOf.Count < _options.HnswThreshold / 2)
            {
                _hnsw.Dispose();
                _hnsw = null;
            }
        }
        finally { _lock.ExitWriteLock(); }
    }

    bool WantsHnsw(int live) => _options.Mode switch
    {
        VectorSearchMode.Hnsw => live > 0,
        VectorSearchMode.Exact => false,
        _ => live >= _options.HnswThreshold,
    };

    void BuildHnsw()
    {
        _hnsw?.Dispose();
        _hnsw = HnswGraph.Create(_dims, _options);
        var slots = new List<int>(_slotOf.Count);
        for (var s = 0; s < _slotCount; s++) if (_ids[s] >= 0) slots.Add(s);
        _hnsw.AddRows(_matrix, slots);
    }

    int NewSlot()
    {
        if (_slotCount == _ids.Length) Grow(Math.Max(1024, _ids.Length + _ids.Length / 2));
        var slot = _slotCount++;
        return slot;
    }

    void Grow(int capacity)
    {
        if ((long)capacity * _dims > Array.MaxLength) throw new InvalidOperationException("vector index is full");
        Array.Resize(ref _matrix, capacity * _dims);
        var old = _ids.Length;
        Array.Resize(ref _ids, capacity);
        _ids.AsSpan(old).Fill(-1);
        Array.Resize(ref _contribution, capacity);
        Array.Resize(ref _question, capacity);
        Array.Resize(ref _topic, capacity);
        Array.Resize(ref _sentiment, capacity);
        Array.Resize(ref _profile, capacity);
        Array.Resize(ref _neighbourhood, capacity);
        Array.Resize(ref _channel, capacity);
        Array.Resize(ref _source, capacity);
        Array.Resize(ref _dateTicks, capacity);
        Array.Resize(ref _dateOffset, capacity);
        Array.Resize(ref _keys, capacity);
    }

    void WritePayload(int slot, PassagePayload p)
    {
        ArgumentNullException.ThrowIfNull(p);
        _contribution[slot] = p.ContributionId;
        _question[slot] = p.Question is { } q ? (byte)q : NullByte;
        _topic[slot] = p.TopicId ?? NullLong;
        _sentiment[slot] = p.Sentiment is { } s ? (byte)s : NullByte;
        _profile[slot] = (byte)p.Profile;
        _neighbourhood[slot] = NeighbourhoodId(p.Neighbourhood, create: true);
        _channel[slot] = (byte)p.Channel;
        _source[slot] = (byte)p.Source;
        _dateTicks[slot] = p.Date is { } d ? d.UtcTicks : NullLong;
        _dateOffset[slot] = p.Date is { } d2 ? (short)d2.Offset.TotalMinutes : (short)0;
        _keys[slot] = KeyOf(slot);
    }

    // Packed one-hot layout: question bits 0-7 (unknown = bit 7), sentiment 8-15 (unknown = bit 15),
    // profile 16-31, channel 32-47, source 48-55. A filter on a field is then one AND against the slot's key.
    const int QuestionShift = 0, SentimentShift = 8, ProfileShift = 16, ChannelShift = 32, SourceShift = 48;

    ulong KeyOf(int slot) =>
        Bit(QuestionShift, _question[slot], 7) | Bit(SentimentShift, _sentiment[slot], 7) | Bit(ProfileShift, _profile[slot], 16) |
        Bit(ChannelShift, _channel[slot], 16) | Bit(SourceShift, _source[slot], 8);

    static ulong Bit(int shift, byte value, int width)
    {
        if (value == NullByte) return width == 7 ? 1UL << (shift + 7) : 0;
        if (value >= width) throw new ArgumentOutOfRangeException(nameof(value), $"enum value {value} does not fit the index's filter layout");
        return 1UL << (shift + value);
    }

    static ulong MaskOf<T>(IReadOnlyList<T>? values, int shift) where T : struct, Enum
    {
        if (values is null || values.Count == 0) return 0;
        ulong m = 0;
        foreach (var v in values) m |= 1UL << (shift + Convert.ToInt32(v));
        return m;
    }

    int NeighbourhoodId(string? name, bool create)
    {
        if (string.IsNullOrWhiteSpace(name)) return -1;
        var trimmed = name.Trim();
        if (_neighIds.TryGetValue(trimmed, out var id)) return id;
        if (!create) return -1;
        id = _neighNames.Count;
        _neighNames.Add(trimmed);
        _neighIds[trimmed] = id;
        return id;
    }

    PassagePayload ReadPayload(int slot) => new(
        _contribution[slot],
        _question[slot] == NullByte ? null : (QuestionType)_question[slot],
        _topic[slot] == NullLong ? null : _topic[slot],
        _sentiment[slot] == NullByte ? null : (Sentiment)_sentiment[slot],
        (ParticipantProfile)_profile[slot],
        _neighbourhood[slot] < 0 ? null : _neighNames[_neighbourhood[slot]],
        (Channel)_channel[slot],
        (PassageSource)_source[slot],
        _dateTicks[slot] == NullLong ? null
            : new DateTimeOffset(_dateTicks[slot], TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(_dateOffset[slot])));

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

    // ---------------------------------------------------------------- persistence

    sealed record FileEntry(string File, long Bytes, string Sha256);

    sealed record Manifest(
        int Format, string Model, string Version, int Dimensions, long Count, int Slots, long Generation,
        FileEntry Vectors, FileEntry? Hnsw, bool HnswHalfPrecision, DateTimeOffset SavedAt);

    static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Whether there are changes not yet saved.</summary>
    public bool IsDirty => _dirty;

    /// <summary>
    /// Persists the index: new data files (temp name, flushed to disk, renamed), then the manifest is replaced in one
    /// atomic rename, then older generations are deleted. Does nothing when nothing changed since the last Save.
    /// </summary>
    public void Save()
    {
        if (Folder is null) throw new InvalidOperationException("this index has no folder; use EmbeddedVectorIndex.Create or Open");
        lock (_saveLock) SaveLocked();
    }

    readonly object _saveLock = new();

    void SaveLocked()
    {
        _lock.EnterReadLock();
        try
        {
            ThrowIfDisposed();
            if (!_dirty && File.Exists(Path.Combine(Folder, ManifestName))) return;
            var gen = Math.Max(_generation + 1, DateTime.UtcNow.Ticks);
            var vectorsName = $"vectors-{gen}.bin";
            var vectors = WriteAtomically(vectorsName, WriteVectors);
            FileEntry? hnsw = null;
            if (_hnsw is not null)
            {
                var hnswName = $"hnsw-{gen}.usearch";
                var tmp = Path.Combine(Folder, hnswName + ".tmp");
                _hnsw.Save(tmp);
                FlushFile(tmp);
                File.Move(tmp, Path.Combine(Folder, hnswName), overwrite: true);
                hnsw = Describe(hnswName);
            }
            var manifest = new Manifest(FormatVersion, Info.Model, Info.Version, _dims, _slotOf.Count, _slotCount, gen,
                vectors, hnsw, _options.HnswHalfPrecision, DateTimeOffset.UtcNow);
            BeforeManifestSwap?.Invoke(Folder);
            var manifestTmp = Path.Combine(Folder, ManifestName + ".tmp");
            using (var fs = new FileStream(manifestTmp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(fs, manifest, Json);
                fs.Flush(flushToDisk: true);
            }
            File.Move(manifestTmp, Path.Combine(Folder, ManifestName), overwrite: true);
            _generation = gen;
            _dirty = false;
            DeleteOtherGenerations(vectorsName, hnsw?.File);
        }
        finally { _lock.ExitReadLock(); }
    }

    FileEntry WriteAtomically(string name, Action<Stream> write)
    {
        var tmp = Path.Combine(Folder!, name + ".tmp");
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            write(fs);
            fs.Flush(flushToDisk: true);
        }
        File.Move(tmp, Path.Combine(Folder!, name), overwrite: true);
        return Describe(name);
    }

    FileEntry Describe(string name)
    {
        var path = Path.Combine(Folder!, name);
        using var fs = File.OpenRead(path);
        return new FileEntry(name, fs.Length, Convert.ToHexStringLower(SHA256.HashData(fs)));
    }

    static void FlushFile(string path)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        fs.Flush(flushToDisk: true);
    }

    void DeleteOtherGenerations(string keepVectors, string? keepHnsw)
    {
        foreach (var file in Directory.EnumerateFiles(Folder!))
        {
            var name = Path.GetFileName(file);
            var ours = name.StartsWith("vectors-", StringComparison.Ordinal) || name.StartsWith("hnsw-", StringComparison.Ordinal);
            if (!ours || name == keepVectors || name == keepHnsw) continue;
            try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    void WriteVectors(Stream s)
    {
        using var w = new BinaryWriter(s, System.Text.Encoding.UTF8, leaveOpen: true);
        w.Write(Magic);
        w.Write(_dims);
        w.Write(_slotCount);
        w.Write(_neighNames.Count);
        foreach (var n in _neighNames) w.Write(n);
        w.Flush();
        var n0 = _slotCount;
        s.Write(MemoryMarshal.AsBytes(_ids.AsSpan(0, n0)));
        s.Write(MemoryMarshal.AsBytes(_contribution.AsSpan(0, n0)));
        s.Write(_question.AsSpan(0, n0));
        s.Write(MemoryMarshal.AsBytes(_topic.AsSpan(0, n0)));
        s.Write(_sentiment.AsSpan(0, n0));
        s.Write(_profile.AsSpan(0, n0));
        s.Write(MemoryMarshal.AsBytes(_neighbourhood.AsSpan(0, n0)));
        s.Write(_channel.AsSpan(0, n0));
        s.Write(_source.AsSpan(0, n0));
        s.Write(MemoryMarshal.AsBytes(_dateTicks.AsSpan(0, n0)));
        s.Write(MemoryMarshal.AsBytes(_dateOffset.AsSpan(0, n0)));
        s.Write(MemoryMarshal.AsBytes(_matrix.AsSpan(0, n0 * _dims)));
    }

    void ReadVectors(Stream s)
    {
        using var r = new BinaryReader(s, System.Text.Encoding.UTF8, leaveOpen: true);
        if (!r.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic)) throw new InvalidDataException("not a vector file");
        if (r.ReadInt32() != _dims) throw new InvalidDataException("dimension mismatch");
        var n = r.ReadInt32();
        if (n < 0) throw new InvalidDataException("bad slot count");
        var names = r.ReadInt32();
        if (names < 0) throw new InvalidDataException("bad neighbourhood count");
        for (var i = 0; i < names; i++)
        {
            var name = r.ReadString();
            _neighIds[name] = _neighNames.Count;
            _neighNames.Add(name);
        }
        Grow(Math.Max(n, 1024));
        s.ReadExactly(MemoryMarshal.AsBytes(_ids.AsSpan(0, n)));
        s.ReadExactly(MemoryMarshal.AsBytes(_contribution.AsSpan(0, n)));
        s.ReadExactly(_question.AsSpan(0, n));
        s.ReadExactly(MemoryMarshal.AsBytes(_topic.AsSpan(0, n)));
        s.ReadExactly(_sentiment.AsSpan(0, n));
        s.ReadExactly(_profile.AsSpan(0, n));
        s.ReadExactly(MemoryMarshal.AsBytes(_neighbourhood.AsSpan(0, n)));
        s.ReadExactly(_channel.AsSpan(0, n));
        s.ReadExactly(_source.AsSpan(0, n));
        s.ReadExactly(MemoryMarshal.AsBytes(_dateTicks.AsSpan(0, n)));
        s.ReadExactly(MemoryMarshal.AsBytes(_dateOffset.AsSpan(0, n)));
        s.ReadExactly(MemoryMarshal.AsBytes(_matrix.AsSpan(0, n * _dims)));
        if (s.Position != s.Length) throw new InvalidDataException("trailing bytes");
        _slotCount = n;
        for (var slot = 0; slot < n; slot++)
        {
            _keys[slot] = KeyOf(slot);
            if (_ids[slot] >= 0)
            {
                if (!_slotOf.TryAdd(_ids[slot], slot)) throw new InvalidDataException($"passage {_ids[slot]} twice");
            }
            else _free.Push(slot);
        }
    }

    IndexOpenResult Load()
    {
        var manifestPath = Path.Combine(Folder!, ManifestName);
        if (!File.Exists(manifestPath)) return new(IndexOpenStatus.Missing, "no manifest");
        Manifest? m;
        try { m = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(manifestPath), Json); }
        catch (Exception e) when (e is JsonException or IOException or NotSupportedException)
        { return new(IndexOpenStatus.Corrupt, "manifest unreadable: " + e.Message); }
        if (m is null || m.Vectors is null || m.Model is null || m.Version is null) return new(IndexOpenStatus.Corrupt, "manifest incomplete");
        if (m.Format != FormatVersion) return new(IndexOpenStatus.Stale, $"index format {m.Format}, expected {FormatVersion}");
        var found = new IndexInfo(m.Model, m.Version, m.Dimensions);
        if (!found.SameModel(Info)) return new(IndexOpenStatus.Stale, $"index built with {found}, expected {Info}");

        var vectorsPath = Path.Combine(Folder!, Path.GetFileName(m.Vectors.File));
        if (!File.Exists(vectorsPath)) return new(IndexOpenStatus.Corrupt, $"{m.Vectors.File} is missing");
        try
        {
            using var fs = new FileStream(vectorsPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
            if (fs.Length != m.Vectors.Bytes) return new(IndexOpenStatus.Corrupt, $"{m.Vectors.File} has {fs.Length} bytes, manifest says {m.Vectors.Bytes}");
            var sha = Convert.ToHexStringLower(SHA256.HashData(fs));
            if (!string.Equals(sha, m.Vectors.Sha256, StringComparison.OrdinalIgnoreCase))
                return new(IndexOpenStatus.Corrupt, $"{m.Vectors.File} fails its checksum");
            fs.Position = 0;
            ReadVectors(fs);
            if (_slotOf.Count != m.Count) return new(IndexOpenStatus.Corrupt, $"{_slotOf.Count} vectors, manifest says {m.Count}");
        }
        catch (Exception e) when (e is IOException or InvalidDataException or EndOfStreamException or ArgumentException or OutOfMemoryException)
        {
            return new(IndexOpenStatus.Corrupt, $"{m.Vectors.File}: {e.Message}");
        }
        _generation = m.Generation;

        string? detail = null;
        if (WantsHnsw(_slotOf.Count))
        {
            var loaded = false;
            if (m.Hnsw is not null && m.HnswHalfPrecision == _options.HnswHalfPrecision)
            {
                var path = Path.Combine(Folder!, Path.GetFileName(m.Hnsw.File));
                try
                {
                    if (File.Exists(path) && new FileInfo(path).Length == m.Hnsw.Bytes &&
                        string.Equals(Describe(Path.GetFileName(path)).Sha256, m.Hnsw.Sha256, StringComparison.OrdinalIgnoreCase))
                    {
                        _hnsw = HnswGraph.Load(path, _dims, _options);
                        loaded = _hnsw.Count == _slotOf.Count;
                        if (!loaded) { _hnsw.Dispose(); _hnsw = null; }
                    }
                }
                catch (Exception e) when (e is IOException or Cloud.Unum.USearch.USearchException)
                {
                    _hnsw?.Dispose();
                    _hnsw = null;
                }
            }
            if (!loaded)
            {
                BuildHnsw();
                _dirty = true;
                detail = "HNSW graph missing or damaged: rebuilt from the saved vectors";
            }
        }
        return new(IndexOpenStatus.Ok, detail);
    }

    void Reset()
    {
        _hnsw?.Dispose();
        _hnsw = null;
        _slotOf.Clear();
        _free.Clear();
        _neighNames.Clear();
        _neighIds.Clear();
        _slotCount = 0;
        _matrix = []; _ids = []; _contribution = []; _question = []; _topic = []; _sentiment = []; _profile = [];
        _neighbourhood = []; _channel = []; _source = []; _dateTicks = []; _dateOffset = []; _keys = [];
        _dirty = true;
    }

    /// <summary>The SIMD kernel USearch uses for the graph (null without a graph).</summary>
    public string? HnswAcceleration
    {
        get
        {
            _lock.EnterReadLock();
            try { return _hnsw?.HardwareAcceleration; }
            finally { _lock.ExitReadLock(); }
        }
    }

    /// <summary>Changes the HNSW search breadth (ef) at run time: higher is slower and closer to exact.</summary>
    public void SetExpansionSearch(int expansion)
    {
        _lock.EnterWriteLock();
        try { _hnsw?.SetExpansionSearch(expansion); }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>Approximate memory held: the matrix, the payload columns, the id map and the graph.</summary>
    public long MemoryBytes
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                long cap = _ids.Length;
                var columns = cap * (8 + 8 + 1 + 8 + 1 + 1 + 4 + 1 + 1 + 8 + 2 + 8);
                var map = _slotOf.Count * 24L;
                return (long)_matrix.Length * sizeof(float) + columns + map + (_hnsw?.MemoryBytes ?? 0);
            }
            finally { _lock.ExitReadLock(); }
        }
    }

    void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    public void Dispose()
    {
        if (_disposed) return;
        _lock.EnterWriteLock();
        try
        {
            _disposed = true;
            _hnsw?.Dispose();
            _hnsw = null;
        }
        finally { _lock.ExitWriteLock(); }
    }
}
