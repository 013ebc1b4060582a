namespace Synthesis.Ingest.Search;

/// <summary>
/// The search indexes open in one composition (a process's host, a test's configuration), one
/// <see cref="PassageIndexes"/> per data folder, shared by the pipeline's index stage and by search. Disposing it
/// closes what is still open (saving the vector files the writer holds); so does the process's exit, for a
/// short-lived command that ends without disposing.
/// </summary>
public sealed class IndexRegistry : IDisposable
{
    readonly Dictionary<string, PassageIndexes> _open = new(StringComparer.Ordinal);
    readonly EventHandler _onExit;

    /// <summary>Where repairs and failures to close are told (none: nowhere).</summary>
    public Microsoft.Extensions.Logging.ILogger Log { get; }

    public IndexRegistry(Microsoft.Extensions.Logging.ILogger<IndexRegistry>? log = null)
    {
        Log = (Microsoft.Extensions.Logging.ILogger?)log ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _onExit = (_, _) => Dispose();
        AppDomain.CurrentDomain.ProcessExit += _onExit;
    }

    /// <summary>
    /// The indexes of this data folder (opened on first use; the embedder must be the same for every holder). The
    /// holder disposes what it gets; the last one closes the indexes.
    /// </summary>
    public PassageIndexes For(SynthesisStore store, PassageEmbedder embedder, SearchSettings settings)
    {
        lock (_open)
        {
            if (!_open.TryGetValue(store.DataDirectory, out var indexes))
                _open[store.DataDirectory] = indexes = new PassageIndexes(this, store, embedder, settings);
            else if (!indexes.Embedder.Info.SameModel(embedder.Info))
                throw new InvalidOperationException($"the search indexes of {store.DataDirectory} are open with {indexes.Embedder.Info} in this process, not {embedder.Info}");
            indexes.Refs++;
            return indexes;
        }
    }

    internal void Release(PassageIndexes indexes)
    {
        lock (_open)
        {
            if (--indexes.Refs > 0) return;
            if (_open.TryGetValue(indexes.DataDirectory, out var open) && ReferenceEquals(open, indexes)) _open.Remove(indexes.DataDirectory);
        }
        indexes.Close();
    }

    /// <summary>Closes every data folder's indexes still open.</summary>
    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= _onExit;
        List<PassageIndexes> all;
        lock (_open) { all = _open.Values.ToList(); _open.Clear(); }
        foreach (var i in all) i.Close();
    }
}
