using System.Runtime.InteropServices;
using Cloud.Unum.USearch;

namespace Synthesis.Ingest.Search;

/// <summary>
/// A USearch HNSW graph over unit vectors (inner-product metric), keyed by the embedded index's row slots.
/// Calls the native C library of Cloud.Unum.USearch 2.26.6 directly: the managed wrapper of that package has no
/// filtered search, no thread settings and no way to add a row of a larger matrix without a copy, while the
/// native library exports usearch_filtered_search, usearch_change_threads_* and takes any float pointer.
/// The options struct is the package's own <see cref="IndexOptions"/>, so its layout matches the native side.
/// </summary>
sealed class HnswGraph : IDisposable
{
    const string Lib = "libusearch_c";

    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    static extern IntPtr usearch_init(ref IndexOptions options, out IntPtr error);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    static extern void usearch_free(IntPtr index, out IntPtr error);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    static extern void usearch_save(IntPtr index, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, out IntPtr error);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    static extern void usearch_load(IntPtr index, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, out IntPtr error);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    static extern nuint usearch_size(IntPtr index, out IntPtr error);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    static extern nuint usearch_capacity(IntPtr index, out IntPtr error);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    static extern nuint usearch_dimensions(IntPtr index, out IntPtr error);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    static extern nuint usearch_memory_usage(IntPtr index, out IntPtr error);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    static extern IntPtr usearch_hardware_acceleration(IntPtr index, out IntPtr error);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    static extern void usearch_reserve(IntPtr index, nuint capacity, out IntPtr error);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    static extern void usearch_change_expansion_search(IntPtr index, nuint expansion, out IntPtr error);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    static extern void usearch_change_threads_add(IntPtr index, nuint threads, out IntPtr error);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    static extern void usearch_change_threads_search(IntPtr index, nuint threads, out IntPtr error);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    static extern void usearch_add(IntPtr index, ulong key, ref float vector, ScalarKind kind, out IntPtr error);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    static extern nuint usearch_remove(IntPtr index, ulong key, out IntPtr error);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    static extern nuint usearch_search(IntPtr index, float[] query, ScalarKind kind, nuint count,
        [Out] ulong[] keys, [Out] float[] distances, out IntPtr error);
    [DllImport(Lib, CallingConvention = CallingConvention.Cdecl)]
    static extern nuint usearch_filtered_search(IntPtr index, float[] query, ScalarKind kind, nuint count,
        IntPtr filter, IntPtr filterState, [Out] ulong[] keys, [Out] float[] distances, out IntPtr error);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    delegate int FilterCallback(ulong key, IntPtr state);

    // One static callback for every filtered search; the state is a GCHandle to the query's predicate on slots.
    static readonly FilterCallback s_filter = PredicateFilter;
    static readonly IntPtr s_filterPtr = Marshal.GetFunctionPointerForDelegate(s_filter);

    static int PredicateFilter(ulong key, IntPtr state)
    {
        try
        {
            var predicate = (Func<ulong, bool>)GCHandle.FromIntPtr(state).Target!;
            return predicate(key) ? 1 : 0;
        }
        catch
        {
            return 0; // never let an exception cross into native code
        }
    }

    IntPtr _handle;
    readonly int _threads;
    // USearch keeps one search context per thread slot (threads_search): never run more native searches at once.
    static readonly int SearchSlots = Math.Max(Environment.ProcessorCount, 4);
    readonly SemaphoreSlim _searchSlots = new(SearchSlots, SearchSlots);

    public int Dimensions { get; }
    public ScalarKind Quantization { get; }

    HnswGraph(IntPtr handle, int dimensions, ScalarKind quantization, int threads)
    {
        _handle = handle;
        Dimensions = dimensions;
        Quantization = quantization;
        _threads = threads;
    }

    public static HnswGraph Create(int dimensions, EmbeddedIndexOptions o)
    {
        var quant = o.HnswHalfPrecision ? ScalarKind.Float16 : ScalarKind.Float32;
        var options = new IndexOptions(MetricKind.Ip, IntPtr.Zero, quant, (ulong)dimensions,
            (ulong)o.Connectivity, (ulong)o.ExpansionAdd, (ulong)o.ExpansionSearch, false);
        var handle = usearch_init(ref options, out var error);
        Check(error, "init");
        var graph = new HnswGraph(handle, dimensions, quant, Math.Max(1, o.BuildThreads ?? Environment.ProcessorCount));
        graph.Configure(o.ExpansionSearch);
        return graph;
    }

    /// <summary>Loads a graph saved by <see cref="Save"/>; throws <see cref="USearchException"/> on a bad file.</summary>
    public static HnswGraph Load(string path, int dimensions, EmbeddedIndexOptions o)
    {
        var graph = Create(dimensions, o);
        try
        {
            usearch_load(graph._handle, path, out var error);
            Check(error, "load");
            var dims = (int)usearch_dimensions(graph._handle, out error);
            Check(error, "dimensions");
            if (dims != dimensions) throw new USearchException($"graph has {dims} dimensions, expected {dimensions}");
            graph.Configure(o.ExpansionSearch);
            return graph;
        }
        catch
        {
            graph.Dispose();
            throw;
        }
    }

    void Configure(int expansionSearch)
    {
        usearch_change_threads_add(_handle, (nuint)Math.Max(_threads, Environment.ProcessorCount), out var error);
        Check(error, "threads_add");
        usearch_change_threads_search(_handle, (nuint)SearchSlots, out error);
        Check(error, "threads_search");
        usearch_change_expansion_search(_handle, (nuint)expansionSearch, out error);
        Check(error, "expansion_search");
    }

    public void SetExpansionSearch(int expansion)
    {
        usearch_change_expansion_search(_handle, (nuint)Math.Max(1, expansion), out var error);
        Check(error, "expansion_search");
    }

    /// <summary>The SIMD instruction set USearch picked for this graph's distance (e.g. "haswell", "skylake", "serial").</summary>
    public string HardwareAcceleration
    {
        get
        {
            var p = usearch_hardware_acceleration(_handle, out var e);
            Check(e, "hardware_acceleration");
            return p == IntPtr.Zero ? "unknown" : Marshal.PtrToStringUTF8(p) ?? "unknown";
        }
    }

    public long Count { get { var n = usearch_size(_handle, out var e); Check(e, "size"); return (long)n; } }

    public long MemoryBytes { get { var n = usearch_memory_usage(_handle, out var e); Check(e, "memory_usage"); return (long)n; } }

    public void Reserve(long additional)
    {
        var cap = usearch_capacity(_handle, out var e); Check(e, "capacity");
        var need = (nuint)(Count + additional);
        if (cap >= need) return;
        usearch_reserve(_handle, (nuint)Math.Max((long)need, (long)cap * 2), out e);
        Check(e, "reserve");
    }

    /// <summary>Batches smaller than this are added on one thread.</summary>
    const int SequentialBelow = 4096;

    /// <summary>Adds rows of a slot-major matrix, in parallel over the build threads for large batches.</summary>
    public void AddRows(float[] matrix, IReadOnlyList<int> slots)
    {
        if (slots.Count == 0) return;
        Reserve(slots.Count);
        var dims = Dimensions;
        void AddOne(int i)
        {
            var slot = slots[i];
            usearch_add(_handle, (ulong)slot, ref matrix[(long)slot * dims], ScalarKind.Float32, out var error);
            Check(error, "add");
        }
        // Parallel adds make the graph depend on how the threads interleave; below a few thousand rows they save
        // milliseconds, so small graphs are built in order, the same graph for the same rows every time.
        if (slots.Count < SequentialBelow || _threads == 1)
            for (var i = 0; i < slots.Count; i++) AddOne(i);
        else
            Parallel.For(0, slots.Count, new ParallelOptions { MaxDegreeOfParallelism = _threads }, AddOne);
    }

    public void Remove(int slot)
    {
        usearch_remove(_handle, (ulong)slot, out var error);
        Check(error, "remove");
    }

    /// <summary>Up to <paramref name="k"/> (slot, inner-product distance = 1 - cosine) pairs, nearest first.</summary>
    public int Search(float[] query, int k, Func<ulong, bool>? predicate, out ulong[] keys, out float[] distances)
    {
        keys = new ulong[k];
        distances = new float[k];
        IntPtr error;
        nuint found;
        _searchSlots.Wait();
        try
        {
            if (predicate is null)
            {
                found = usearch_search(_handle, query, ScalarKind.Float32, (nuint)k, keys, distances, out error);
            }
            else
            {
                var state = GCHandle.Alloc(predicate);
                try
                {
                    found = usearch_filtered_search(_handle, query, ScalarKind.Float32, (nuint)k, s_filterPtr,
                        GCHandle.ToIntPtr(state), keys, distances, out error);
                }
                finally { state.Free(); }
            }
        }
        finally { _searchSlots.Release(); }
        Check(error, "search");
        return (int)found;
    }

    /// <summary>Writes the graph (with its own copy of the vectors) to a file.</summary>
    public void Save(string path)
    {
        usearch_save(_handle, path, out var error);
        Check(error, "save");
    }

    static void Check(IntPtr error, string what)
    {
        if (error != IntPtr.Zero)
            throw new USearchException($"usearch {what}: {Marshal.PtrToStringUTF8(error)}");
    }

    public void Dispose()
    {
        var h = Interlocked.Exchange(ref _handle, IntPtr.Zero);
        if (h != IntPtr.Zero) usearch_free(h, out _);
        GC.SuppressFinalize(this);
    }

    ~HnswGraph() { Dispose(); }
}
