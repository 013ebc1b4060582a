using System.Globalization;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Synthesis.Nlp.French;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Synthesis.Ingest.Search;

/// <summary>A passage as the lexical index takes it.</summary>
public sealed record LexicalDocument(long PassageId, string Text, PassagePayload Payload);

/// <summary>A character range of the passage text to show in bold.</summary>
public readonly record struct HighlightSpan(int Start, int Length)
{
    public int End => Start + Length;
}

/// <summary>A query word read as a typo (<see cref="LexicalIndex.Correct"/>) and the word it was searched as.</summary>
public sealed record SpellingCorrection(string Word, string SearchedAs);

/// <summary>A BM25 hit: Score is Lucene's BM25 score; Highlights are the spans of the text whose terms the query matched.</summary>
public sealed record LexicalHit(long PassageId, float Score, IReadOnlyList<HighlightSpan> Highlights);

/// <summary>
/// BM25 search (Lucene.Net 4.8, BM25Similarity k1 = 1.2, b = 0.75) over the passages' text, analysed by
/// <see cref="FrenchSearchAnalyzer"/>. Payload fields are indexed as keyword terms (dates as a numeric field), and a
/// <see cref="SearchFilter"/> becomes a Lucene filter applied inside the search. Stored in a folder (FSDirectory) or in
/// memory. The writer keeps it in step with the store: Add/Update/Delete, then <see cref="Commit"/> (with the change
/// watermark it has reached); searches see uncommitted changes too (near-real-time reader). Searches run concurrently
/// with writes: searchers are acquired and released through a Lucene SearcherManager, so a reopen never closes a reader
/// a search is using. <see cref="OpenReadOnly"/> opens a folder another process writes, and <see cref="Refresh"/> picks
/// up its commits.
/// </summary>
public sealed partial class LexicalIndex : IDisposable
{
    const string FId = "id", FText = "text", FContribution = "contribution", FQuestion = "question", FTopic = "topic",
        FSentiment = "sentiment", FProfile = "profile", FNeighbourhood = "neighbourhood", FChannel = "channel",
        FSource = "source", FDate = "date_ms", FIdValue = "id_value", FExact = FrenchSearchAnalyzer.ExactField;

    /// <summary>Weight of a query word matched as written, beside its stem (see <see cref="Search"/>).</summary>
    public const float ExactBoost = 0.5f;

    /// <summary>Weight of two adjacent query words found together as written (« aide alimentaire »).</summary>
    public const float PairBoost = 1.0f;

    /// <summary>Commit user-data keys: the change watermark and the model the index was built beside.</summary>
    public const string WatermarkKey = "synthesis.watermark", FloorKey = "synthesis.floor", ModelKey = "synthesis.model", FormatKey = "synthesis.lexical_format";

    /// <summary>
    /// The document layout this code writes, recorded in each commit. An index of another layout reports watermark 0,
    /// so its writer rebuilds it from the store (2: the topic became a doc value, updated in place; 3: Snowball French
    /// stems instead of the light stemmer's; 4: dotted acronyms indexed as their letters, "I.S.F." as "isf"; 5: the
    /// words as written in a field of their own, for senses, phrases and spelling).
    /// </summary>
    public const string Format = "5";

    public const float K1 = 1.2f, B = 0.75f;
    static readonly Similarity Bm25 = new BM25Similarity(K1, B);

    sealed class Bm25Searchers : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = Bm25 };
    }

    readonly LuceneDirectory _directory;
    readonly FrenchSearchAnalyzer _analyzer = new();
    readonly IndexWriter? _writer;
    readonly SearcherManager _searchers;
    volatile bool _changed;
    bool _disposed;

    public string? Folder { get; }
    public FrenchSearchAnalyzer Analyzer => _analyzer;

    /// <summary>Whether this instance writes (holds the folder's write lock) or only reads another process's commits.</summary>
    public bool IsWriter => _writer is not null;

    LexicalIndex(LuceneDirectory directory, string? folder, bool write)
    {
        _directory = directory;
        Folder = folder;
        if (write)
        {
            var config = new IndexWriterConfig(FrenchSearchAnalyzer.Version, _analyzer)
            {
                Similarity = Bm25,
                OpenMode = OpenMode.CREATE_OR_APPEND,
                WriteLockTimeout = 0,
                // Fewer, larger flushes: a rebuild of 100,000 passages otherwise spends its time writing and merging
                // small segments.
                RAMBufferSizeMB = 64,
            };
            _writer = new IndexWriter(directory, config);
            _searchers = new SearcherManager(_writer, applyAllDeletes: true, new Bm25Searchers());
        }
        else _searchers = new SearcherManager(directory, new Bm25Searchers());
    }

    /// <summary>
    /// Opens (or creates) the index stored in a folder, as its writer. Throws <see cref="LockObtainFailedException"/>
    /// when another writer (this process or another) holds the folder.
    /// </summary>
    public static LexicalIndex Open(string folder)
    {
        System.IO.Directory.CreateDirectory(folder);
        var exclusive = WriterLock(folder);
        try
        {
            return OpenWriter(folder, exclusive);
        }
        catch (Exception e) when (Unreadable(e))
        {
            // A segment missing or damaged (a crash mid-write, a disk fault, a hand that deleted a file): the store has
            // every passage, so the index starts empty and its writer rebuilds it from watermark 0.
            foreach (var file in System.IO.Directory.EnumerateFiles(folder))
                if (Path.GetFileName(file) != WriterLockFile) File.Delete(file);
            try
            {
                var fresh = OpenWriter(folder, exclusive);
                fresh.Repaired = $"{e.GetType().Name}: {e.Message}";
                return fresh;
            }
            catch { exclusive.Dispose(); throw; }
        }
        catch { exclusive.Dispose(); throw; }
    }

    static LexicalIndex OpenWriter(string folder, FileStream exclusive)
    {
        var directory = FSDirectory.Open(folder);
        try { return new LexicalIndex(directory, Path.GetFullPath(folder), write: true) { _exclusive = exclusive }; }
        catch { directory.Dispose(); throw; }
    }

    /// <summary>Whether an exception opening an index says its files are missing or damaged (not locked, not out of memory).</summary>
    internal static bool Unreadable(Exception e) =>
        e is not LockObtainFailedException and (IOException or CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException
            or IndexOutOfRangeException or ArgumentOutOfRangeException);

    /// <summary>Why the folder's files were found unreadable and this writer started an empty index (null when they opened).</summary>
    public string? Repaired { get; private set; }

    const string WriterLockFile = "synthesis-writer.lock";

    /// <summary>The OS lock of the folder's writer, beside Lucene's own.</summary>
    FileStream? _exclusive;

    /// <summary>
    /// An exclusive advisory lock (flock) on a file of the folder, held while this instance writes. Lucene's own write
    /// lock did not keep a second process out here (two writers, one deleting the segments of the other, were seen
    /// with two <c>synthesis analyse</c> at once); this one is the kernel's, per open file, across processes and within one.
    /// </summary>
    static FileStream WriterLock(string folder)
    {
        try
        {
            return new FileStream(Path.Combine(folder, WriterLockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new LockObtainFailedException($"another writer holds {folder}", e);
        }
    }

    /// <summary>Opens a folder another writer keeps (null when it holds no commit yet).</summary>
    public static LexicalIndex? OpenReadOnly(string folder)
    {
        if (!System.IO.Directory.Exists(folder)) return null;
        var directory = FSDirectory.Open(folder);
        if (!DirectoryReader.IndexExists(directory)) { directory.Dispose(); return null; }
        try { return new LexicalIndex(directory, Path.GetFullPath(folder), write: false); }
        catch { directory.Dispose(); throw; }
    }

    /// <summary>An index in memory (tests, evaluation).</summary>
    public static LexicalIndex InMemory() => new(new RAMDirectory(), null, write: true);

    /// <summary>The user data of the last commit (watermark, model), empty before the first.</summary>
    public IReadOnlyDictionary<string, string> CommitData
    {
        get
        {
            var searcher = Acquire();
            try
            {
                return searcher.IndexReader is DirectoryReader d && d.IndexCommit?.UserData is { } data
                    ? new Dictionary<string, string>(data) : new Dictionary<string, string>();
            }
            finally { _searchers.Release(searcher); }
        }
    }

    /// <summary>The change watermark of the last commit (0 when none was recorded).</summary>
    public long CommittedWatermark => Committed(WatermarkKey);

    /// <summary>The change mark of the last commit (0 when none was recorded; an index from before floors were kept: its watermark).</summary>
    public ChangeMark CommittedMark =>
        new(CommittedWatermark, CommitData.ContainsKey(FloorKey) ? Committed(FloorKey) : CommittedWatermark);

    long Committed(string key) =>
        CommitData is var data && data.GetValueOrDefault(FormatKey) == Format
        && data.TryGetValue(key, out var w) && long.TryParse(w, CultureInfo.InvariantCulture, out var v) ? v : 0;

    /// <summary>Picks up another process's commits (read-only instance) or this writer's pending changes.</summary>
    public void Refresh()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _searchers.MaybeRefresh();
    }

    // ---------------------------------------------------------------- writes

    /// <summary>Adds passages, replacing any with the same passage id.</summary>
    public void Add(IEnumerable<LexicalDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var writer = Writer();
        foreach (var d in documents)
            writer.UpdateDocument(new Term(FId, Id(d.PassageId)), ToDocument(d));
        _changed = true;
    }

    public void Add(LexicalDocument document) => Add([document]);

    /// <summary>Adds passages known not to be in the index (a rebuild into an empty one): no delete-by-id per passage.</summary>
    public void AddNew(IEnumerable<LexicalDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var writer = Writer();
        foreach (var d in documents) writer.AddDocument(ToDocument(d));
        _changed = true;
    }

    /// <summary>The topic doc value of a passage without a topic.</summary>
    const long NoTopic = -1;

    /// <summary>
    /// Changes the topic of passages already indexed, in place (a doc-values update: no re-analysis of their text).
    /// A topic run moves every passage; re-adding 100,000 documents for that took seconds of a whole analysis.
    /// </summary>
    public void UpdateTopics(IEnumerable<(long PassageId, long? TopicId)> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var writer = Writer();
        foreach (var (id, topic) in topics)
            writer.UpdateNumericDocValue(new Term(FId, Id(id)), FTopic, topic ?? NoTopic);
        _changed = true;
    }

    /// <summary>Same as <see cref="Add(IEnumerable{LexicalDocument})"/>: a passage id is indexed at most once.</summary>
    public void Update(IEnumerable<LexicalDocument> documents) => Add(documents);

    public void Delete(IEnumerable<long> passageIds)
    {
        ArgumentNullException.ThrowIfNull(passageIds);
        var writer = Writer();
        var terms = passageIds.Select(id => new Term(FId, Id(id))).ToArray();
        if (terms.Length == 0) return;
        writer.DeleteDocuments(terms);
        _changed = true;
    }

    /// <summary>Removes every passage.</summary>
    public void Clear()
    {
        Writer().DeleteAll();
        _changed = true;
    }

    IndexWriter Writer()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _writer ?? throw new InvalidOperationException("this lexical index is open read-only: another process writes it");
    }

    /// <summary>
    /// Makes the changes durable (Lucene commit: new segments, then the segments file switched atomically), recording
    /// the store's change watermark they reach and the model key, when given.
    /// </summary>
    public void Commit(ChangeMark? watermark = null, string? model = null)
    {
        var writer = Writer();
        if (watermark is not null || model is not null)
        {
            var data = new Dictionary<string, string>(writer.CommitData ?? new Dictionary<string, string>());
            if (watermark is { } w)
            {
                data[WatermarkKey] = w.Seq.ToString(CultureInfo.InvariantCulture);
                data[FloorKey] = w.Floor.ToString(CultureInfo.InvariantCulture);
            }
            data[FormatKey] = Format;
            if (model is not null) data[ModelKey] = model;
            writer.SetCommitData(data);
        }
        writer.Commit();
        _changed = true;
    }

    static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    static Document ToDocument(LexicalDocument d)
    {
        var p = d.Payload;
        var doc = new Document
        {
            new StringField(FId, Id(d.PassageId), Field.Store.YES),
            new NumericDocValuesField(FIdValue, d.PassageId),
            new TextField(FText, d.Text ?? "", Field.Store.YES),
            new TextField(FExact, d.Text ?? "", Field.Store.NO),
            new StringField(FContribution, Id(p.ContributionId), Field.Store.YES),
            new StringField(FProfile, DomainNames.Name(p.Profile), Field.Store.NO),
            new StringField(FChannel, DomainNames.Name(p.Channel), Field.Store.NO),
            new StringField(FSource, DomainNames.Name(p.Source), Field.Store.NO),
        };
        if (p.Question is { } q) doc.Add(new StringField(FQuestion, DomainNames.Name(q), Field.Store.NO));
        // a doc value, updated in place when only the topic changes (see UpdateTopics); every document has one
        doc.Add(new NumericDocValuesField(FTopic, p.TopicId ?? NoTopic));
        if (p.Sentiment is { } s) doc.Add(new StringField(FSentiment, DomainNames.Name(s), Field.Store.NO));
        if (SearchFilter.NormaliseNeighbourhood(p.Neighbourhood) is { } n) doc.Add(new StringField(FNeighbourhood, n, Field.Store.NO));
        if (p.Date is { } date) doc.Add(new Int64Field(FDate, date.ToUnixTimeMilliseconds(), Field.Store.NO));
        return doc;
    }

    // ---------------------------------------------------------------- reads

    IndexSearcher Acquire()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_changed)
        {
            _changed = false;
            _searchers.MaybeRefresh();
        }
        return _searchers.Acquire();
    }

    public int Count
    {
        get
        {
            var searcher = Acquire();
            try { return searcher.IndexReader.NumDocs; }
            finally { _searchers.Release(searcher); }
        }
    }

    /// <summary>Documents in the index including replaced ones not yet merged away (shows whether a change re-added documents).</summary>
    internal int MaxDoc
    {
        get
        {
            var searcher = Acquire();
            try { return searcher.IndexReader.MaxDoc; }
            finally { _searchers.Release(searcher); }
        }
    }

    /// <summary>The indexed text of a passage, or null.</summary>
    public string? GetText(long passageId)
    {
        var searcher = Acquire();
        try
        {
            var top = searcher.Search(new TermQuery(new Term(FId, Id(passageId))), 1);
            return top.TotalHits == 0 ? null : searcher.Doc(top.ScoreDocs[0].Doc).Get(FText);
        }
        finally { _searchers.Release(searcher); }
    }

    /// <summary>The distinct analysed terms of a query (at most BooleanQuery's clause limit).</summary>
    public IReadOnlyList<string> QueryTerms(string query) =>
        _analyzer.Terms(query ?? "").Distinct(StringComparer.Ordinal).Take(BooleanQuery.MaxClauseCount).ToList();

    /// <summary>
    /// The k best passages for a free-text query: a disjunction of the query's analysed terms, as stems, as written and
    /// as adjacent pairs (<see cref="Query"/>), scored by BM25, restricted by the filter inside the search. Highlights
    /// (spans of the passage text whose analysed term is a query term) are filled when asked.
    /// </summary>
    public IReadOnlyList<LexicalHit> Search(string query, int k, SearchFilter? filter = null, bool highlights = true)
    {
        if (k <= 0) return [];
        var hits = new List<LexicalHit>();
        var searcher = Acquire();
        try
        {
            var terms = QueryTerms(query);
            if (terms.Count == 0) return [];
            var bq = Query(query, terms);
            var luceneFilter = ToFilter(filter);
            var termSet = terms.ToHashSet(StringComparer.Ordinal);
            var top = luceneFilter is null ? searcher.Search(bq, k) : searcher.Search(bq, luceneFilter, k);
            var leaves = searcher.IndexReader.Leaves;
            foreach (var sd in top.ScoreDocs)
            {
                // The id from doc values: loading each candidate's stored fields (decompressing their blocks) cost
                // more than the search itself.
                var leaf = leaves[ReaderUtil.SubIndex(sd.Doc, leaves)];
                var values = leaf.AtomicReader.GetNumericDocValues(FIdValue);
                long id;
                string? text = null;
                if (values is not null && !highlights) id = values.Get(sd.Doc - leaf.DocBase);
                else
                {
                    var doc = searcher.Doc(sd.Doc);
                    id = long.Parse(doc.Get(FId), CultureInfo.InvariantCulture);
                    text = doc.Get(FText);
                }
                if (filter?.ExcludePassages is { Count: > 0 } ex && ex.Contains(id)) continue; // also excluded by the filter; kept as a guard
                hits.Add(new LexicalHit(id, sd.Score, highlights ? Spans(text ?? "", termSet) : []));
            }
        }
        finally { _searchers.Release(searcher); }
        // Deterministic order for equal scores: lower passage id first.
        return hits.OrderByDescending(h => h.Score).ThenBy(h => h.PassageId).ToList();
    }

    /// <summary>How many passages hold at least one of the query's words (as stems), within the filter: a search's total.</summary>
    public int CountMatching(string query, SearchFilter? filter = null)
    {
        var terms = QueryTerms(query);
        if (terms.Count == 0) return 0;
        var searcher = Acquire();
        try
        {
            var bq = Query(query, terms);
            var luceneFilter = ToFilter(filter);
            return (luceneFilter is null ? searcher.Search(bq, 1) : searcher.Search(bq, luceneFilter, 1)).TotalHits;
        }
        finally { _searchers.Release(searcher); }
    }

    /// <summary>
    /// The query: each stem (a disjunction scored by BM25), each word as written (<see cref="ExactBoost"/>: the sense
    /// the user typed counts more than a word sharing its stem), and each pair of adjacent words as a phrase (one word
    /// between them allowed, <see cref="PairBoost"/>: « aide alimentaire » before « pension alimentaire »).
    /// </summary>
    BooleanQuery Query(string query, IReadOnlyList<string> stems)
    {
        var bq = new BooleanQuery();
        foreach (var t in stems) bq.Add(new TermQuery(new Term(FText, t)), Occur.SHOULD);
        var exact = _analyzer.Positions(query, FExact);
        var clauses = stems.Count;
        foreach (var e in exact.Select(x => x.Term).Distinct(StringComparer.Ordinal))
        {
            if (clauses++ >= BooleanQuery.MaxClauseCount) return bq;
            bq.Add(new TermQuery(new Term(FExact, e)) { Boost = ExactBoost }, Occur.SHOULD);
        }
        for (var i = 0; i + 1 < exact.Count && clauses++ < BooleanQuery.MaxClauseCount; i++)
        {
            var pair = new PhraseQuery { Slop = 1, Boost = PairBoost };
            pair.Add(new Term(FExact, exact[i].Term), 0);
            pair.Add(new Term(FExact, exact[i + 1].Term), exact[i + 1].Position - exact[i].Position);
            bq.Add(pair, Occur.SHOULD);
        }
        return bq;
    }

    /// <summary>The spans of <paramref name="text"/> whose analysed form is one of the query's terms.</summary>
    public IReadOnlyList<HighlightSpan> Highlight(string text, string query) =>
        Spans(text ?? "", QueryTerms(query).ToHashSet(StringComparer.Ordinal));

    /// <summary>
    /// The query with its misspelt words replaced by what they search as (the same text when nothing is corrected), and
    /// the corrections: what <see cref="HybridSearch"/> searches and embeds, so that both sides read the same words.
    /// <see cref="Search"/> itself searches the words as given. A query word no passage has as written, and that the
    /// French lexicon does not know either, is read as a typo of the lexicon's nearest forms (by
    /// <see cref="FrenchSpelling"/>): the one whose term the passages use most, if any does. A real word the corpus does
    /// not use, a capitalised name inside a sentence and a stop word are left alone. The lexicon is only loaded when a
    /// query first has a word no passage has; when it yields null, nothing is corrected.
    /// </summary>
    public (string Text, IReadOnlyList<SpellingCorrection> Corrections) Correct(string query, Lazy<FrenchSpelling?> spelling)
    {
        if (string.IsNullOrEmpty(query)) return (query ?? "", []);
        var searcher = Acquire();
        List<(int Start, int End, SpellingCorrection Correction)> found = [];
        try { FindCorrections(query, spelling, searcher.IndexReader, found); }
        finally { _searchers.Release(searcher); }
        if (found.Count == 0) return (query, []);
        var sb = new System.Text.StringBuilder(query.Length + 8);
        var at = 0;
        foreach (var (start, end, c) in found)
        {
            sb.Append(query, at, start - at).Append(c.SearchedAs);
            at = end;
        }
        return (sb.Append(query, at, query.Length - at).ToString(), found.Select(f => f.Correction).Distinct().ToList());
    }

    void FindCorrections(string query, Lazy<FrenchSpelling?> lexicon, IndexReader reader, List<(int Start, int End, SpellingCorrection Correction)> corrections)
    {
        var known = new HashSet<string>(StringComparer.Ordinal); // terms the index has: never corrected
        var decided = new Dictionary<string, string?>(StringComparer.Ordinal); // a word's correction, or null: none
        // a word is read as a typo when no passage has it as written (its stem may be there: « fiscalitée »)
        foreach (var (term, start, end) in _analyzer.Analyse(query, FExact))
        {
            if (known.Contains(term)) continue;
            if (reader.DocFreq(new Term(FExact, term)) > 0) { known.Add(term); continue; }
            if (lexicon.Value is not { } spelling) return;
            var apostrophe = query.AsSpan(start, end - start).LastIndexOfAny('\'', '\u2019');
            var wordStart = apostrophe >= 0 ? start + apostrophe + 1 : start;
            var word = query.Substring(wordStart, end - wordStart);
            if (LooksLikeName(query, wordStart, word)) continue;
            if (!decided.TryGetValue(word, out var form))
            {
                // a word whose stem the passages have is mostly searched right already: only a form of the same stem,
                // or one the passages use ten times as often as that stem, may replace it (« fiscalitée » ->
                // « fiscalité »), not another word of about the same use (a name, a rare word)
                var stem = _analyzer.Terms(word) is [var only] ? only : null;
                var stemDf = stem is null ? 0 : reader.DocFreq(new Term(FText, stem));
                decided[word] = form = BestCorrection(spelling, word, reader, stemDf > 0 ? (stem, stemDf) : null);
            }
            if (form is not null) corrections.Add((wordStart, end, new SpellingCorrection(word, form)));
        }
    }

    /// <summary>A capitalised word inside a sentence ("Chartres", "Jouannot"): a name the lexicon cannot know.</summary>
    static bool LooksLikeName(string query, int start, ReadOnlySpan<char> word)
    {
        if (word.Length < 2 || !char.IsUpper(word[0]) || !word[1..].ContainsAnyExcept(UpperCase)) return false;
        var i = start - 1;
        while (i >= 0 && char.IsWhiteSpace(query[i])) i--;
        return i >= 0 && query[i] is not ('.' or '!' or '?' or ':' or '\n' or '"' or '«' or '(' or '-');
    }

    static readonly System.Buffers.SearchValues<char> UpperCase =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸÆŒ");

    string? BestCorrection(FrenchSpelling spelling, string word, IndexReader reader, (string Term, int Df)? known)
    {
        // Only the lexicon's nearest forms are corrections; the passages choose among them (the form they use most, as
        // written: « logemant » is « logement », not « logeant », though both share a stem) but never reach further.
        (string Form, int Df)? best = null;
        var candidates = spelling.Candidates(word);
        foreach (var (form, distance) in candidates)
        {
            if (distance > candidates[0].Distance) break;
            var analysed = _analyzer.Analyse(form, FExact);
            if (analysed.Count != 1) continue;
            var df = reader.DocFreq(new Term(FExact, analysed[0].Term));
            if (known is { } k && !(_analyzer.Terms(form) is [var stem] && stem == k.Term) && df < 10 * k.Df) continue;
            if (df > 0 && (best is null || df > best.Value.Df)) best = (form, df);
        }
        return best?.Form;
    }

    IReadOnlyList<HighlightSpan> Spans(string text, HashSet<string> terms)
    {
        var spans = new List<HighlightSpan>();
        foreach (var (term, start, end) in _analyzer.Analyse(text))
            if (terms.Contains(term) && end > start) spans.Add(new HighlightSpan(start, end - start));
        return spans;
    }

    /// <summary>The text with each span wrapped in open/close marks (HTML-escaping is the caller's business).</summary>
    public static string Mark(string text, IReadOnlyList<HighlightSpan> spans, string open = "<b>", string close = "</b>")
    {
        var sb = new System.Text.StringBuilder(text.Length + spans.Count * (open.Length + close.Length));
        var at = 0;
        foreach (var s in spans.OrderBy(s => s.Start))
        {
            if (s.Start < at || s.End > text.Length) continue;
            sb.Append(text, at, s.Start - at).Append(open).Append(text, s.Start, s.Length).Append(close);
            at = s.End;
        }
        return sb.Append(text, at, text.Length - at).ToString();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            _searchers.Dispose();
            _writer?.Dispose(); // commits pending changes
        }
        finally
        {
            _analyzer.Dispose();
            _directory.Dispose();
            _exclusive?.Dispose();
        }
    }
}
