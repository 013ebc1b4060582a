using System.Diagnostics;
using Lucene.Net.Store;
using System.Data.Common;

namespace Synthesis.Ingest.Search;

/// <summary>
/// One generation of the search indexes (a folder under DATA/index): the Lucene BM25 index and the vector index
/// (embedded, in the folder, or Qdrant), kept in step with the store by <see cref="CatchUp"/>, which applies every
/// passage change logged after the set's floor (table search_changes; on PostgreSQL the floor stays below the changes
/// that transactions running at the last reads may still commit, see <see cref="ChangeMark"/>) to both. Idempotent: a change
/// applied twice leaves the same state, so after a crash the set resumes from the mark its files recorded (the lower of
/// the Lucene commit's and the vector manifest's) and loses nothing.
///
/// The writer (the one process holding the Lucene folder's write lock) also embeds passages that have no vector of
/// this set's model, stores those vectors in the store, commits Lucene with the watermark at each catch-up and saves the
/// vector files every <see cref="SearchSettings.SaveInterval"/>. Any other process opens the set read-only: it reopens
/// Lucene on the writer's commits and applies the store's changes to its own in-memory copy of the vectors, so it too
/// is current within a second or so; it becomes the writer when the lock frees (<see cref="TryBecomeWriter"/>).
/// </summary>
public sealed class PassageIndexSet : IDisposable
{
    readonly object _gate = new();
    readonly SearchSettings _settings;
    readonly EmbeddedVectorIndex? _embedded;
    LexicalIndex? _lexical;
    ChangeMark _mark;
    long _lastSave = Stopwatch.GetTimestamp();
    bool _disposed;

    public string Folder { get; }
    public IndexInfo Info { get; }
    public IVectorIndex Vectors { get; }
    public string ModelKey => Info.Key;

    /// <summary>The Lucene index (empty in memory while a read-only set waits for the writer's first commit).</summary>
    public LexicalIndex Lexical => _lexical ?? _empty.Value;

    readonly Lazy<LexicalIndex> _empty = new(LexicalIndex.InMemory);

    public bool IsWriter => _lexical?.IsWriter == true;

    /// <summary>What opening (or becoming the writer) found and repaired, for the holder to log: an unreadable index started again from the store.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Notices { get; } = new();

    /// <summary>How far in the store's change log this set's in-memory state has read (set under the gate, read anywhere).</summary>
    public ChangeMark Mark
    {
        get { lock (_markGate) return _mark; }
        private set { lock (_markGate) _mark = value; }
    }

    readonly object _markGate = new();

    /// <summary>The store change number this set's in-memory state has reached.</summary>
    public long Watermark => Mark.Seq;

    /// <summary>This set's shared lock on the folder's in-use mark: no process deletes the folder while it is held.</summary>
    FileStream? _inUse;

    PassageIndexSet(string folder, IndexInfo info, SearchSettings settings, LexicalIndex? lexical, IVectorIndex vectors, ChangeMark watermark)
    {
        Folder = folder;
        Info = info;
        _settings = settings;
        _lexical = lexical;
        Vectors = vectors;
        _embedded = vectors as EmbeddedVectorIndex;
        _mark = watermark;
    }

    /// <summary>
    /// Opens a generation folder (creating it when new) as its writer if the lock is free, else read-only. A set whose
    /// files are missing, stale or corrupt starts again from watermark 0: its first catch-up rebuilds it from the store.
    /// </summary>
    public static PassageIndexSet Open(string folder, IndexInfo info, SearchSettings settings)
    {
        var inUse = IndexPointer.MarkInUse(folder);
        try
        {
            var set = OpenMarked(folder, info, settings);
            set._inUse = inUse;
            return set;
        }
        catch
        {
            inUse.Dispose();
            throw;
        }
    }

    static PassageIndexSet OpenMarked(string folder, IndexInfo info, SearchSettings settings)
    {
        LexicalIndex? lexical;
        var notices = new List<string>();
        try
        {
            lexical = LexicalIndex.Open(Path.Combine(folder, "lexical"));
            if (lexical.Repaired is { } why) notices.Add($"the BM25 index in {folder} did not open ({why}): it is rebuilt from the store");
        }
        catch (LockObtainFailedException)
        {
            // another process writes it: read its commits (none readable yet: an empty index until the writer's next commit)
            try { lexical = LexicalIndex.OpenReadOnly(Path.Combine(folder, "lexical")); }
            catch (Exception e) when (LexicalIndex.Unreadable(e)) { lexical = null; }
        }
        IVectorIndex vectors;
        ChangeMark watermark;
        try
        {
            if (settings.UseQdrant)
            {
                vectors = QdrantVectorIndex.OpenAsync(settings.Qdrant, settings.Consultation, info).GetAwaiter().GetResult();
                watermark = lexical?.CommittedMark ?? default;
            }
            else
            {
                var embedded = EmbeddedVectorIndex.Open(Path.Combine(folder, "vectors"), info, out IndexOpenResult opened, settings.Embedded);
                vectors = embedded;
                var lexicalMark = lexical?.CommittedMark ?? default;
                if (opened.NeedsRebuild) embedded.Mark = default;
                if (opened.Status == IndexOpenStatus.Corrupt)
                    notices.Add($"the vector index in {folder} did not open ({opened.Detail}): it is rebuilt from the store's vectors");
                // Reader: its vectors are its own copy, caught up from their own watermark; the writer's Lucene commits
                // come as they are. Writer: the lower of the two, so that neither misses a change.
                watermark = lexical?.IsWriter == true ? ChangeMark.Min(lexicalMark, embedded.Mark) : embedded.Mark;
            }
        }
        catch
        {
            lexical?.Dispose();
            throw;
        }
        if (lexical?.IsWriter == true && watermark.Seq == 0 && lexical.Count > 0) lexical.Clear();
        var set = new PassageIndexSet(Path.GetFullPath(folder), info, settings, lexical, vectors, watermark);
        foreach (var notice in notices) set.Notices.Enqueue(notice);
        return set;
    }

    /// <summary>Takes the write lock when its holder has gone; the set then catches Lucene up from its last commit.</summary>
    public bool TryBecomeWriter()
    {
        lock (_gate)
        {
            if (_disposed || IsWriter) return IsWriter;
            LexicalIndex writer;
            try { writer = LexicalIndex.Open(Path.Combine(Folder, "lexical")); }
            catch (LockObtainFailedException) { return false; }
            if (writer.Repaired is { } why) Notices.Enqueue($"the BM25 index in {Folder} did not open ({why}): it is rebuilt from the store");
            var previous = _lexical;
            _lexical = writer;
            // A search may still be reading the read-only instance it picked a moment ago.
            if (previous is not null) _ = Task.Delay(TimeSpan.FromSeconds(10)).ContinueWith(_ => previous.Dispose(), TaskScheduler.Default);
            Mark = ChangeMark.Min(Mark, writer.CommittedMark);
            return true;
        }
    }

    /// <summary>
    /// Applies the store's changes after the watermark: deleted passages leave both indexes; the others are (re)indexed
    /// with their current text and payload (topic, reviewers' overrides), with their stored vector of this model, or, for
    /// the writer with an embedder of this model, a vector computed now and stored. A passage without a usable vector
    /// yet is searchable by BM25 and gets its vector when the index stage (or a later catch-up) provides it.
    /// Returns how many changes were applied.
    /// </summary>
    public int CatchUp(DbConnection connection, PassageEmbedder? embedder, bool forceSave = false, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!IsWriter) TryOpenReadOnlyLexical();
            var writer = IsWriter;
            var canEmbed = writer && embedder is not null && embedder.Info.SameModel(Info);
            var applied = 0;
            // Into an empty Lucene index (a build from watermark 0) a passage seen for the first time is a plain add.
            var empty = writer && _lexical!.Count == 0;
            var from = Mark;
            // before the changes: a change this read misses belongs to a transaction running now
            var point = SearchRows.Point(connection);
            long? cursor = null;
            while (!cancellationToken.IsCancellationRequested)
            {
                // a passage still on its way through the pipeline is left to its index stage (see ChangesSince)
                var (changes, handled, last) = SearchRows.ChangesSince(connection, from, cursor, 2048,
                    point is null ? null : _applied.Contains, (ModelKey, Info.Dimensions));
                if (last is null) break;
                cursor = last;
                var read = handled.Count;
                if (point is not null) _applied.UnionWith(handled);
                var missing = changes.Where(c => c.Exists && !Usable(c)).ToList();
                var computed = new Dictionary<long, float[]>();
                if (canEmbed && missing.Count > 0)
                {
                    var vectors = embedder!.EmbedPassages(missing.Select(m => m.Text).ToList());
                    for (var i = 0; i < missing.Count; i++) computed[missing[i].PassageId] = vectors[i];
                    StoreVectors(connection, ModelKey, computed);
                }
                var points = new List<VectorPoint>();
                var payloadOnly = new List<(long, PassagePayload)>();
                var deleted = new List<long>();
                var documents = new List<LexicalDocument>();
                var fresh = new List<LexicalDocument>();
                var topics = new List<(long, long?)>();
                foreach (var c in changes)
                {
                    if (!c.Exists) { deleted.Add(c.PassageId); _inLucene.Remove(c.PassageId); continue; }
                    var vector = Usable(c) ? c.Vector : computed.GetValueOrDefault(c.PassageId);
                    if (vector is not null) points.Add(new VectorPoint(c.PassageId, vector, c.Payload!));
                    else payloadOnly.Add((c.PassageId, c.Payload!));
                    if (!writer) continue;
                    // What this writer put in Lucene: the same text and payload need nothing (the vectors the index stage
                    // stores come back through the log); only another topic (a topic run) is a doc-value update.
                    var state = new LuceneState(Nlp.Fnv1a.Hash(c.Text), c.Payload! with { TopicId = null }, c.Payload!.TopicId);
                    var known = _inLucene.TryGetValue(c.PassageId, out var before);
                    _inLucene[c.PassageId] = state;
                    if (known && before.Text == state.Text && before.Rest == state.Rest)
                    {
                        if (before.Topic != state.Topic) topics.Add((c.PassageId, state.Topic));
                        continue;
                    }
                    (empty && !known ? fresh : documents).Add(new LexicalDocument(c.PassageId, c.Text, c.Payload!));
                }
                // A read-only Qdrant set leaves the shared collection to the writer.
                if (_embedded is not null || writer)
                {
                    if (deleted.Count > 0) Vectors.DeleteAsync(deleted, cancellationToken).GetAwaiter().GetResult();
                    if (points.Count > 0) Vectors.UpsertAsync(points, cancellationToken).GetAwaiter().GetResult();
                    _embedded?.UpdatePayloads(payloadOnly);
                }
                if (writer)
                {
                    if (deleted.Count > 0) _lexical!.Delete(deleted);
                    if (fresh.Count > 0) _lexical!.AddNew(fresh);
                    if (documents.Count > 0) _lexical!.Add(documents);
                    if (topics.Count > 0) _lexical!.UpdateTopics(topics);
                }
                // the floor moves once the read is complete
                Mark = new ChangeMark(Math.Max(from.Seq, cursor.Value), from.Floor);
                applied += read;
            }
            if (!cancellationToken.IsCancellationRequested) Mark = Mark with { Floor = NextFloor(from.Floor, Mark.Seq, point) };
            if (writer && (applied > 0 || forceSave)) Persist(forceSave);
            if (!writer) _lexical?.Refresh();
            return applied;
        }
    }

    /// <summary>On PostgreSQL, the points of this set's recent complete reads, oldest first (see <see cref="NextFloor"/>).</summary>
    readonly List<ReadPoint> _reads = [];

    /// <summary>
    /// Where the next read starts after a complete one. SQLite: the last change read. PostgreSQL: the highest change
    /// number given before the last earlier read that every transaction running now started after (its own
    /// transaction ID, <see cref="ReadPoint.Mine"/>, below the oldest running now), so their changes number above it.
    /// </summary>
    long NextFloor(long floor, long seq, ReadPoint? point)
    {
        if (point is not { } now) return seq;
        _reads.Add(now);
        var settled = _reads.FindLastIndex(r => r.Mine < now.Oldest);
        if (settled < 0) return floor;
        var next = Math.Max(floor, _reads[settled].Last);
        _reads.RemoveRange(0, settled);
        _applied.RemoveWhere(s => s <= next);
        return next;
    }

    /// <summary>The changes above the floor this set has applied: read again from the floor, they are skipped.</summary>
    readonly HashSet<long> _applied = [];

    /// <summary>What this writer last put in Lucene for a passage: its text (digest), payload without the topic, topic.</summary>
    readonly record struct LuceneState(ulong Text, PassagePayload Rest, long? Topic);

    /// <summary>Passages this writer indexed in Lucene since it opened (a new writer re-adds each passage once).</summary>
    readonly Dictionary<long, LuceneState> _inLucene = [];

    bool Usable(PassageState c) => c.Vector is { } v && v.Length == Info.Dimensions && c.VectorModel == ModelKey;

    static void StoreVectors(DbConnection connection, string modelKey, Dictionary<long, float[]> vectors)
    {
        using var tx = connection.BeginWrite();
        using var writer = new StoreWriter(connection, tx);
        foreach (var (id, vector) in vectors)
            SearchRows.SaveVector(writer, id, modelKey, vector);
        writer.Commit();
    }

    void Persist(bool forceSave)
    {
        _lexical!.Commit(Mark, ModelKey);
        if (_embedded is null) return;
        _embedded.Mark = Mark;
        var due = Stopwatch.GetElapsedTime(_lastSave) >= _settings.SaveInterval;
        if (!forceSave && !due) return;
        _embedded.Save();
        _lastSave = Stopwatch.GetTimestamp();
    }

    void TryOpenReadOnlyLexical()
    {
        if (_lexical is not null) return;
        try { _lexical = LexicalIndex.OpenReadOnly(Path.Combine(Folder, "lexical")); }
        catch (IOException) { }
    }

    /// <summary>Makes everything applied so far durable (writer only): Lucene commit and vector files with the watermark.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            if (_disposed || !IsWriter) return;
            Persist(forceSave: true);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            if (IsWriter)
            {
                try { Persist(forceSave: true); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            }
            _disposed = true;
            try
            {
                _lexical?.Dispose();
                if (_empty.IsValueCreated) _empty.Value.Dispose();
                Vectors.Dispose();
            }
            finally { _inUse?.Dispose(); }
        }
    }
}
