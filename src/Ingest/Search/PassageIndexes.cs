using Microsoft.Extensions.Logging;

namespace Synthesis.Ingest.Search;

/// <summary>
/// The search indexes of one data folder as this process sees them: the current generation (named by
/// DATA/index/current.json), kept in step with the store, and rebuilt into a new generation when asked
/// (<see cref="Reindex"/>) or, in the background, when the embedding model is not the one the current generation was
/// built with; the current one keeps answering meanwhile. One instance per data folder per process, shared by the
/// pipeline's index stage and by search (<see cref="IndexRegistry.For"/>; each holder disposes its reference).
/// </summary>
public sealed class PassageIndexes : IDisposable
{
    readonly IndexRegistry _registry;
    readonly SynthesisStore _store;
    readonly object _gate = new();
    PassageIndexSet _current;
    DateTime? _pointerChanged;
    internal int Refs;
    int _closed;
    bool _pending, _pumping;
    Task _pump = Task.CompletedTask;
    Task? _reindex;

    public PassageEmbedder Embedder { get; }
    public SearchSettings Settings { get; private set; }

    /// <summary>The generation searches use now (swapped atomically when a rebuild is published).</summary>
    public PassageIndexSet Current => Volatile.Read(ref _current);

    /// <summary>Whether a rebuild into a new generation is running in this process.</summary>
    public bool Reindexing => _reindex is { IsCompleted: false };

    /// <summary>The background rebuild started because the model changed, if any (tests and verbs wait on it).</summary>
    public Task? ReindexTask => _reindex;

    /// <summary>What went wrong in the last background catch-up or rebuild (null when they succeeded).</summary>
    public Exception? LastError { get; private set; }

    internal PassageIndexes(IndexRegistry registry, SynthesisStore store, PassageEmbedder embedder, SearchSettings settings)
    {
        _registry = registry;
        _store = store;
        Embedder = embedder;
        Settings = settings;
        // Under the generation lock: two processes starting together on a data folder without indexes agree on one.
        using (IndexPointer.LockGenerations(store.DataDirectory))
        {
            var pointer = IndexPointer.Read(store.DataDirectory);
            // The vector store the current generation lives in wins over the setting, so that a process started without
            // the setting (a CLI verb) does not move a Qdrant data folder back; `synthesis reindex --vector-store` moves it.
            if (pointer is not null) Settings = settings = settings with { UseQdrant = pointer.VectorStore == "qdrant" };
            if (pointer is null || !Directory.Exists(pointer.FullPath(store.DataDirectory)))
            {
                // Nothing usable yet: a new, empty generation is published at once and filled by the first catch-up,
                // whose commits make it usable step by step (a crash mid-way resumes from the last one).
                pointer = IndexPointer.NewGeneration(embedder.Info, settings.VectorStoreName);
                _current = PassageIndexSet.Open(pointer.FullPath(store.DataDirectory), embedder.Info, settings);
                pointer.Publish(store.DataDirectory);
                IndexPointer.DeleteOldGenerations(store.DataDirectory, pointer.Folder);
            }
            else _current = PassageIndexSet.Open(pointer.FullPath(store.DataDirectory), pointer.Info, settings);
            _pointerChanged = IndexPointer.LastChanged(store.DataDirectory);
        }
        TellNotices(_current);
        if (!_current.Info.SameModel(embedder.Info))
        {
            // The model changed (Synthesis:Embedder): topics are computed again with it by the pipeline's next corpus
            // run, and the index is rebuilt with it in the background.
            using (var connection = store.Connect())
            using (var tx = connection.BeginTransaction())
            {
                JobQueue.Enqueue(connection, tx, Stages.Corpus, 0);
                tx.Commit();
            }
            StartReindex();
        }
    }

    /// <summary>Starts a rebuild with this process's model in the background; the current generation answers meanwhile.</summary>
    public Task StartReindex()
    {
        lock (_gate)
        {
            if (_reindex is { IsCompleted: false }) return _reindex;
            return _reindex = Task.Run(() =>
            {
                try { Reindex(); }
                catch (Exception e) when (e is not OutOfMemoryException) { LastError = e; }
            });
        }
    }

    /// <summary>Applies the store's pending changes to the current generation now; returns how many.</summary>
    public int CatchUp(bool forceSave = false)
    {
        using var connection = _store.Connect();
        return Current.CatchUp(connection, Embedder, forceSave);
    }

    /// <summary>
    /// Asks for a catch-up soon, on a background task (the pipeline calls this after each index or topic commit);
    /// requests made while one runs are folded into one more run.
    /// </summary>
    public void RequestCatchUp()
    {
        lock (_gate)
        {
            _pending = true;
            if (_pumping) return;
            _pumping = true;
            _pump = Task.Run(Pump);
        }
    }

    void Pump()
    {
        while (true)
        {
            lock (_gate)
            {
                if (!_pending) { _pumping = false; return; }
                _pending = false;
            }
            try
            {
                CatchUp();
                LastError = null;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The store keeps the change: the next request or refresh applies it.
                LastError = e;
            }
        }
    }

    /// <summary>Waits for requested catch-ups and a running rebuild, then makes the current state durable.</summary>
    public async Task DrainAsync()
    {
        Task pump;
        lock (_gate) pump = _pump;
        await pump.ConfigureAwait(false);
        if (_reindex is { } r) await r.ConfigureAwait(false);
        CatchUp(forceSave: true);
    }

    /// <summary>
    /// What a long-lived search calls every second or so: moves to a newly published generation, takes the write
    /// lock if its holder has gone, and catches up when the store's change watermark is ahead (one indexed lookup).
    /// </summary>
    public void Refresh()
    {
        var changed = IndexPointer.LastChanged(_store.DataDirectory);
        if (changed != _pointerChanged)
        {
            _pointerChanged = changed;
            using (IndexPointer.LockGenerations(_store.DataDirectory))
            {
                var pointer = IndexPointer.Read(_store.DataDirectory);
                if (pointer is not null && pointer.FullPath(_store.DataDirectory) is var folder && folder != Current.Folder && Directory.Exists(folder))
                {
                    Settings = Settings with { UseQdrant = pointer.VectorStore == "qdrant" };
                    var next = PassageIndexSet.Open(folder, pointer.Info, Settings);
                    TellNotices(next);
                    Swap(next);
                }
            }
        }
        var current = Current;
        if (!current.IsWriter && current.TryBecomeWriter()) TellNotices(current);
        using var connection = _store.Connect();
        if (SearchRows.ChangedAfter(connection, current.Mark)) current.CatchUp(connection, Embedder);
    }

    /// <summary>
    /// Rebuilds both indexes from the store into a new generation (stored vectors of this model are reused, the
    /// others computed and stored), publishes it atomically and moves this process's searches to it. The previous
    /// generation answers until then. Returns the number of passages indexed; throws when another process is rebuilding.
    /// </summary>
    public int Reindex(IProgress<int>? progress = null, CancellationToken cancellationToken = default, SearchSettings? into = null)
    {
        var settings = into ?? Settings;
        var root = IndexPointer.Root(_store.DataDirectory);
        Directory.CreateDirectory(root);
        using var exclusive = TryLock(Path.Combine(root, "reindex.lock"))
            ?? throw new InvalidOperationException($"another process is rebuilding the search indexes of {_store.DataDirectory}");
        var pointer = IndexPointer.NewGeneration(Embedder.Info, settings.VectorStoreName);
        PassageIndexSet fresh;
        using (IndexPointer.LockGenerations(_store.DataDirectory))
            fresh = PassageIndexSet.Open(pointer.FullPath(_store.DataDirectory), Embedder.Info, settings);
        try
        {
            using var connection = _store.Connect();
            var total = 0;
            int step;
            while ((step = fresh.CatchUp(connection, Embedder, forceSave: false, cancellationToken)) > 0 && !cancellationToken.IsCancellationRequested)
            {
                total += step;
                progress?.Report(total);
            }
            cancellationToken.ThrowIfCancellationRequested();
            fresh.CatchUp(connection, Embedder, forceSave: true);
            using (IndexPointer.LockGenerations(_store.DataDirectory))
            {
                pointer.Publish(_store.DataDirectory);
                _pointerChanged = IndexPointer.LastChanged(_store.DataDirectory);
                Settings = settings;
                Swap(fresh);
                // the previous generation, still open here (and perhaps elsewhere) for a moment, is deleted by a later call
                IndexPointer.DeleteOldGenerations(_store.DataDirectory, pointer.Folder);
            }
            return (int)PassageRows.Count(connection);
        }
        catch
        {
            if (!ReferenceEquals(Current, fresh)) fresh.Dispose();
            throw;
        }
    }

    static FileStream? TryLock(string path)
    {
        try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
        catch (IOException) { return null; }
    }

    void Swap(PassageIndexSet next)
    {
        var previous = Interlocked.Exchange(ref _current, next);
        if (ReferenceEquals(previous, next)) return;
        // Searches that picked the previous set a moment ago finish on it; it closes once they are surely done, and its
        // folder is deleted then if no other process has it open.
        _ = Task.Delay(Settings.RetireAfter).ContinueWith(_ =>
        {
            Close(previous, "close a previous generation of");
            try
            {
                using (IndexPointer.LockGenerations(_store.DataDirectory, TimeSpan.FromSeconds(10)))
                    IndexPointer.DeleteOldGenerations(_store.DataDirectory, Path.GetFileName(Current.Folder));
            }
            catch (IOException) { }
        }, TaskScheduler.Default);
    }

    void TellNotices(PassageIndexSet set)
    {
        while (set.Notices.TryDequeue(out var notice)) _registry.Log.LogWarning("{Notice}", notice);
    }

    /// <summary>
    /// Disposes a set, telling rather than throwing what goes wrong: closing runs at exit too, where an exception would
    /// abort the process; whatever was not saved is in the store, and the next process's catch-up applies it.
    /// </summary>
    void Close(PassageIndexSet set, string what)
    {
        try { set.Dispose(); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _registry.Log.LogWarning("could not {What} the search indexes of {Data} ({Error}); the next process catches up from the store",
                what, _store.DataDirectory, e.Message);
        }
    }

    /// <summary>Closes the current generation (once: the registry's disposal and the last holder may both ask).</summary>
    internal void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1) return;
        try { _pump.Wait(TimeSpan.FromSeconds(30)); } catch (AggregateException) { }
        Close(Current, "close");
    }

    /// <summary>Releases this holder's reference; the last one closes the indexes.</summary>
    public void Dispose() => _registry.Release(this);

    internal string DataDirectory => _store.DataDirectory;
}
