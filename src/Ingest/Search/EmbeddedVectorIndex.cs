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
public sealed partial class EmbeddedVectorIndex : IVectorIndex
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
    internal Action<string>? BeforeManifestSwap { get; set; }

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
            var unit = new float[_dims];
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
                var row = _matrix.AsSpan(slot * _dims, _dims);
                if (!isNew && !seen.Contains(slot))
                {
                    // A re-upsert with the same vector (a payload change: new topic, reviewer's override) leaves the
                    // graph alone: re-adding 100,000 nodes after a topic run would cost as much as building it.
                    p.Vector.CopyTo(unit);
                    VectorMath.NormaliseInPlace(unit);
                    if (unit.AsSpan().SequenceEqual(row))
                    {
                        WritePayload(slot, p.Payload);
                        continue;
                    }
                    _hnsw?.Remove(slot);
                }
                p.Vector.CopyTo(row);
                VectorMath.NormaliseInPlace(row);
                WritePayload(slot, p.Payload);
                if (seen.Add(slot)) touched.Add(slot);
            }
            if (_hnsw is not null) { if (touched.Count > 0) _hnsw.AddRows(_matrix, touched); }
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

    /// <summary>Rewrites the payload of passages already indexed (unknown ids are ignored); vectors and graph stay.</summary>
    public void UpdatePayloads(IReadOnlyList<(long PassageId, PassagePayload Payload)> payloads)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        _lock.EnterWriteLock();
        try
        {
            ThrowIfDisposed();
            foreach (var (id, payload) in payloads)
                if (_slotOf.TryGetValue(id, out var slot)) { WritePayload(slot, payload); _dirty = true; }
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>The payload stored for a passage, or null when it is not indexed.</summary>
    public PassagePayload? PayloadOf(long passageId)
    {
        _lock.EnterReadLock();
        try { return _slotOf.TryGetValue(passageId, out var slot) ? ReadPayload(slot) : null; }
        finally { _lock.ExitReadLock(); }
    }

    long _watermark;

    /// <summary>
    /// The store's change number this index has caught up to (saved in the manifest): after a restart, changes after it
    /// are applied again, so a save that lags the store loses nothing.
    /// </summary>
    public long Watermark
    {
        get => Interlocked.Read(ref _watermark);
        set
        {
            if (Interlocked.Exchange(ref _watermark, value) != value) _dirty = true;
        }
    }

    long _floor;

    /// <summary>The floor that goes with <see cref="Watermark"/> (<see cref="ChangeMark"/>), saved with it.</summary>
    public long Floor
    {
        get => Interlocked.Read(ref _floor);
        set
        {
            if (Interlocked.Exchange(ref _floor, value) != value) _dirty = true;
        }
    }

    /// <summary>Both parts of the change mark this index has caught up to.</summary>
    public ChangeMark Mark
    {
        get => new(Watermark, Floor);
        set
        {
            Watermark = value.Seq;
            Floor = value.Floor;
        }
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
