using System.Collections.Concurrent;
using System.Diagnostics;
using System.Data.Common;
using Synthesis.Nlp.Embeddings;

namespace Synthesis.Ingest.Search;

/// <summary>A search result with what an analyst needs to read it and click through to the contribution.</summary>
public sealed record PassageResult(
    long PassageId, long ContributionId, string Text, double Score, IReadOnlyList<HighlightSpan> Highlights,
    PassagePayload Payload, string? Title, long? StartMs, long? EndMs, int? Bm25Rank, int? VectorRank);

/// <summary>
/// A search's results and the query words it read as typos. <see cref="LexicalOnly"/>: vector or hybrid was asked, but the index holds
/// vectors of another model (the data folder's model changed and the rebuild with this one has not finished), so BM25
/// alone answered.
/// </summary>
public sealed record SearchAnswer(IReadOnlyList<PassageResult> Results, IReadOnlyList<SpellingCorrection> Corrections, bool LexicalOnly = false)
{
    /// <summary>The query as searched: the words read as typos replaced by the words they were searched as.</summary>
    public string? SearchedText { get; init; }
}

/// <summary>
/// The search over a data folder, built to live as long as the process and to be called from many requests at once:
/// French BM25 and the embedding model's vectors, fused (<see cref="HybridSearch"/>), over the data folder's current
/// index generation (<see cref="PassageIndexes"/>). Nothing is re-read per query but the k results' rows. At most once
/// per <see cref="SearchSettings.RefreshInterval"/> a query starts, in the background, a check of the store's change
/// watermark and of the index pointer, so changes made by the pipeline (this process or another) and reviewers'
/// overrides show within about a second. While the current generation was built with another model (a rebuild is
/// under way), vector and hybrid searches answer by BM25 alone.
/// </summary>
public sealed class PassageSearch : IDisposable
{
    readonly SynthesisStore _store;
    readonly PassageIndexes _indexes;
    readonly PassageEmbedder _embedder;
    readonly Lazy<Nlp.French.FrenchSpelling?>? _spelling;
    readonly ConcurrentBag<DbConnection> _connections = [];
    long _nextRefresh;
    int _refreshing;
    bool _disposed;

    /// <summary>The fusion settings (replaceable at any time; each query reads them once).</summary>
    public HybridOptions Options { get; set; } = new();

    /// <summary>The indexes this search answers from (the pipeline's index stage shares them in the same process).</summary>
    public PassageIndexes Indexes => _indexes;

    /// <summary>Whether opening had changes to apply (on a data folder never indexed: it built the indexes).</summary>
    public bool Rebuilt { get; private init; }

    /// <summary>A fusion over the current generation (for callers that want <see cref="HybridHit"/>s rather than results).</summary>
    public HybridSearch Hybrid => NewHybrid(out _, highlights: true);

    PassageSearch(SynthesisStore store, PassageIndexes indexes, PassageEmbedder embedder, Lazy<Nlp.French.FrenchSpelling?>? spelling)
    {
        _spelling = spelling;
        _store = store;
        _indexes = indexes;
        _embedder = embedder;
        _nextRefresh = Stopwatch.GetTimestamp() + Ticks(indexes.Settings.RefreshInterval);
    }

    /// <summary>
    /// Opens the data folder's indexes (shared with the registry's other holders, the index stage among them) and
    /// catches them up with the store before returning, so the first answer is complete: on a data folder never
    /// indexed, this builds the indexes. <paramref name="spelling"/>: query spelling (null: none).
    /// </summary>
    public static PassageSearch Open(IndexRegistry registry, SynthesisStore store, PassageEmbedder embedder, SearchSettings settings,
        Lazy<Nlp.French.FrenchSpelling?>? spelling = null)
    {
        var indexes = registry.For(store, embedder, settings);
        try
        {
            var before = indexes.Current.Watermark;
            indexes.Refresh();
            indexes.CatchUp(forceSave: true);
            return new PassageSearch(store, indexes, embedder, spelling) { Rebuilt = indexes.Current.Watermark != before };
        }
        catch
        {
            indexes.Dispose();
            throw;
        }
    }

    public async Task<IReadOnlyList<PassageResult>> SearchAsync(string query, int k, SearchFilter? filter, SearchMode mode, CancellationToken ct = default) =>
        (await AnswerAsync(query, k, filter, mode, ct).ConfigureAwait(false)).Results;

    /// <summary>
    /// The results and the query's words that were searched as another spelling (a typo neither the passages nor the
    /// French lexicon know, read as the nearest French word the passages use): what a results page shows as "searched as".
    /// </summary>
    public async Task<SearchAnswer> AnswerAsync(string query, int k, SearchFilter? filter, SearchMode mode, CancellationToken ct = default)
    {
        filter = WithSubThemes(filter);
        var hybrid = NewHybrid(out var vectors);
        var answer = await hybrid.AnswerAsync(query, k, mode, filter, ct).ConfigureAwait(false);
        return new SearchAnswer(Results(answer.Hits, answer.SearchedText), answer.Corrections, mode != SearchMode.Bm25 && !vectors) { SearchedText = answer.SearchedText };
    }

    /// <summary>How many passages contain the query's words (BM25's matches) within the filter: the total a results page states.</summary>
    public int CountMatching(string query, SearchFilter? filter)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _indexes.Current.Lexical.CountMatching(query, WithSubThemes(filter));
    }

    /// <summary>
    /// How many distinct words of the query the word search looks for: none for a query of words as common as « je »
    /// or « les » (the index's stop words), which matches no passage by its words however many contain them.
    /// </summary>
    public int SearchableWords(string query)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _indexes.Current.Lexical.QueryTerms(query).Count;
    }

    /// <summary>
    /// A theme chosen as a filter stands for its sub-themes too: passages are assigned to the sub-themes, so a filter
    /// on the theme alone would find none of them.
    /// </summary>
    SearchFilter? WithSubThemes(SearchFilter? filter)
    {
        if (filter?.Topics is not { Count: > 0 } topics) return filter;
        using var c = _store.Connect();
        return filter with { Topics = TopicQueries.WithSubThemes(c, topics) };
    }

    public async Task<IReadOnlyList<PassageResult>> MoreLikeThisAsync(long passageId, int k, CancellationToken ct = default)
    {
        var hybrid = NewHybrid(out _);
        return Results(await hybrid.MoreLikeThisAsync(passageId, k, cancellationToken: ct).ConfigureAwait(false), null);
    }

    /// <summary>Checks for changes now and waits for the check (tests; an API endpoint that must read its own writes).</summary>
    public Task RefreshAsync() => Task.Run(_indexes.Refresh);

    /// <param name="vectors">Whether the current generation's vectors are of this search's model (else BM25 alone answers).</param>
    HybridSearch NewHybrid(out bool vectors, bool highlights = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        MaybeRefresh();
        var set = _indexes.Current;
        vectors = set.Info.SameModel(_embedder.Info);
        Func<string, CancellationToken, Task<float[]>>? embed = vectors
            ? (q, _) => Task.FromResult(_embedder.EmbedQuery(q))
            : null;
        _analyzer = set.Lexical;
        return new HybridSearch(set.Lexical, set.Vectors, embed, Options with { Highlights = highlights },
            _indexes.Settings.Spelling ? _spelling : null);
    }

    // Any lexical index analyses highlight terms the same way; the last one used will do.
    LexicalIndex? _analyzer;

    void MaybeRefresh()
    {
        var now = Stopwatch.GetTimestamp();
        if (now < Interlocked.Read(ref _nextRefresh) || Interlocked.CompareExchange(ref _refreshing, 1, 0) != 0) return;
        Interlocked.Exchange(ref _nextRefresh, now + Ticks(_indexes.Settings.RefreshInterval));
        _ = Task.Run(() =>
        {
            try { _indexes.Refresh(); }
            catch (Exception e) when (e is not OutOfMemoryException) { /* the next refresh tries again; queries go on */ }
            finally { Volatile.Write(ref _refreshing, 0); }
        });
    }

    static long Ticks(TimeSpan t) => (long)(t.TotalSeconds * Stopwatch.Frequency);

    IReadOnlyList<PassageResult> Results(IReadOnlyList<HybridHit> hits, string? query)
    {
        if (hits.Count == 0) return [];
        var connection = _connections.TryTake(out var pooled) ? pooled : _store.Connect();
        Dictionary<long, PassageDetails> details;
        try { details = SearchRows.Details(connection, hits.Select(h => h.PassageId).ToList()); }
        catch { connection.Dispose(); throw; }
        if (_connections.Count < 32) _connections.Add(connection); else connection.Dispose();
        // A hit the store no longer has (deleted since the last catch-up) is left out.
        return hits.Where(h => details.ContainsKey(h.PassageId)).Select(h =>
        {
            var p = details[h.PassageId];
            var highlights = query is null || _analyzer is null ? h.Highlights : _analyzer.Highlight(p.Text, query);
            return new PassageResult(h.PassageId, p.Payload.ContributionId, p.Text, h.Score, highlights, p.Payload, p.Title, p.StartMs, p.EndMs, h.Bm25Rank, h.VectorRank);
        }).ToList();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        while (_connections.TryTake(out var c)) c.Dispose();
        _indexes.Dispose();
    }
}
