using Synthesis.Nlp.French;
namespace Synthesis.Ingest.Search;

/// <summary>Which rankings a search uses (CLI: --mode bm25|vector|hybrid).</summary>
public enum SearchMode { Bm25, Vector, Hybrid }

public static class SearchModes
{
    public static bool TryParse(string? text, out SearchMode mode)
    {
        mode = SearchMode.Hybrid;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "bm25": case "lexical": mode = SearchMode.Bm25; return true;
            case "vector": case "semantic": mode = SearchMode.Vector; return true;
            case "hybrid": case null or "": mode = SearchMode.Hybrid; return true;
            default: return false;
        }
    }

    public static SearchMode Parse(string? text) =>
        TryParse(text, out var m) ? m : throw new FormatException($"'{text}' is not a search mode (bm25, vector, hybrid)");

    public static string Name(SearchMode mode) => mode.ToString().ToLowerInvariant();
}

/// <summary>How the BM25 and vector rankings are combined.</summary>
public enum FusionMethod
{
    /// <summary>
    /// Normalised-score fusion (the default): over the union of both candidate lists, each score is turned into a z-score
    /// (minus the list's mean, over its standard deviation; a candidate missing from a list takes that list's lowest score),
    /// then fused = Bm25Weight x z(bm25) + w_v x z(cosine). Keeps BM25's margins: a clear BM25 winner is not overturned by
    /// a small vector preference, unlike rank fusion.
    /// </summary>
    ZScore,
    /// <summary>Weighted reciprocal-rank fusion: Bm25Weight / (RrfK + bm25Rank) + w_v / (RrfK + vectorRank), ranks from 1.</summary>
    Rrf,
}

/// <summary>A search's hits, the text it searched (the query with its typos corrected) and the corrections.</summary>
public sealed record HybridAnswer(IReadOnlyList<HybridHit> Hits, string SearchedText, IReadOnlyList<SpellingCorrection> Corrections);

/// <summary>
/// Fusion settings. Whatever the method, with <see cref="AgreementWeighting"/> the vector weight of a query is
/// w_v = VectorWeight x sqrt(kappa), kappa being the vector ranking's agreement with BM25 corrected for chance: of BM25's
/// top <see cref="AgreementDepth"/>, the share a that the vector ranking also puts in its top <see cref="AgreementDepth"/>,
/// against the share c = depth / (passages searched) two unrelated rankings would share, kappa = max(0, (a - c) / (1 - c)).
/// Vectors that agree with BM25 no better than chance (a weak or unrelated model) lose their say and the result falls back
/// to BM25's order; vectors that agree reorder and add their own candidates; the square root lets a partial agreement keep
/// a fair say. When BM25 finds nothing, the vector ranking is used alone. Chosen on three public French sets (Decidim
/// title -> body, debate comment -> debate, Grand Débat answer -> question) with the built-in model, MiniLM and random
/// vectors, as the rule that is never below BM25 with a real model on any of them (see src/Ingest/Search/README.md);
/// the plain share (VectorWeight 1.5 x a) fell below BM25 on Decidim once the stemmer became Snowball's.
/// </summary>
public sealed record HybridOptions
{
    public FusionMethod Method { get; init; } = FusionMethod.ZScore;
    /// <summary>RRF's rank constant (only for <see cref="FusionMethod.Rrf"/>).</summary>
    public int RrfK { get; init; } = 60;
    public double Bm25Weight { get; init; } = 1.0;
    public double VectorWeight { get; init; } = 1.0;
    public bool AgreementWeighting { get; init; } = true;
    public int AgreementDepth { get; init; } = 10;
    /// <summary>How deep each ranking is read before fusion.</summary>
    public int CandidateDepth { get; init; } = 100;
    /// <summary>
    /// Whether hits carry highlight spans. A caller that reads the k results' text anyway (PassageSearch, from the store)
    /// turns this off and highlights those k itself: analysing every candidate's text costs more than the search.
    /// </summary>
    public bool Highlights { get; init; } = true;
}

/// <summary>
/// A fused hit. Score is the fused score in hybrid mode, else the single ranking's score. Ranks are 1-based (null: not in
/// that ranking's candidates). Highlights are spans of the passage text matching the query's terms (empty for more-like-this).
/// </summary>
public sealed record HybridHit(
    long PassageId,
    double Score,
    int? Bm25Rank,
    int? VectorRank,
    float? Bm25Score,
    float? VectorScore,
    IReadOnlyList<HighlightSpan> Highlights);

/// <summary>BM25, vector or hybrid search over one lexical index and one vector index of the same passages.</summary>
public sealed class HybridSearch
{
    readonly LexicalIndex _lexical;
    readonly IVectorIndex _vectors;
    readonly Func<string, CancellationToken, Task<float[]>>? _embedQuery;
    readonly Lazy<FrenchSpelling?>? _spelling;

    public HybridOptions Options { get; }

    /// <param name="embedQuery">Embeds a query with the same model as the index (null: vector and hybrid modes fall back to BM25).</param>
    /// <param name="spelling">The lexicon queries' typos are read with (<see cref="LexicalIndex.Correct"/>); null: none.</param>
    public HybridSearch(LexicalIndex lexical, IVectorIndex vectors, Func<string, CancellationToken, Task<float[]>>? embedQuery, HybridOptions? options = null,
        Lazy<FrenchSpelling?>? spelling = null)
    {
        _lexical = lexical ?? throw new ArgumentNullException(nameof(lexical));
        _vectors = vectors ?? throw new ArgumentNullException(nameof(vectors));
        _embedQuery = embedQuery;
        Options = options ?? new HybridOptions();
        _spelling = spelling;
    }

    public async Task<IReadOnlyList<HybridHit>> SearchAsync(string query, int k, SearchMode mode = SearchMode.Hybrid,
        SearchFilter? filter = null, CancellationToken cancellationToken = default) =>
        (await AnswerAsync(query, k, mode, filter, cancellationToken).ConfigureAwait(false)).Hits;

    /// <summary>
    /// The search, with what it searched: misspelt words (<see cref="LexicalIndex.Correct"/>) are read as the French word
    /// the passages use, on both sides and in the highlights, and reported.
    /// </summary>
    public async Task<HybridAnswer> AnswerAsync(string query, int k, SearchMode mode = SearchMode.Hybrid,
        SearchFilter? filter = null, CancellationToken cancellationToken = default)
    {
        if (k <= 0 || string.IsNullOrWhiteSpace(query)) return new HybridAnswer([], query ?? "", []);
        var (searched, corrections) = _spelling is null ? (query, []) : _lexical.Correct(query, _spelling);
        return new HybridAnswer(await SearchAsIsAsync(searched, k, mode, filter, cancellationToken).ConfigureAwait(false), searched, corrections);
    }

    async Task<IReadOnlyList<HybridHit>> SearchAsIsAsync(string query, int k, SearchMode mode, SearchFilter? filter, CancellationToken cancellationToken)
    {
        if (_embedQuery is null) mode = SearchMode.Bm25;
        var depth = Math.Max(k, Options.CandidateDepth);
        IReadOnlyList<LexicalHit> bm25 = mode == SearchMode.Vector ? [] : _lexical.Search(query, mode == SearchMode.Bm25 ? k : depth, filter, highlights: false);
        IReadOnlyList<VectorHit> vec = [];
        if (mode != SearchMode.Bm25)
        {
            var q = await _embedQuery!(query, cancellationToken).ConfigureAwait(false);
            // a query the model reads as nothing (only words as common as « je », or punctuation) has no direction:
            // every passage would tie, and the « closest » would be the first ones stored
            if (VectorMath.HasDirection(q))
                vec = await _vectors.SearchAsync(q, mode == SearchMode.Vector ? k : depth, filter, cancellationToken).ConfigureAwait(false);
        }
        var fused = mode switch
        {
            SearchMode.Bm25 => bm25.Select((h, i) => new HybridHit(h.PassageId, h.Score, i + 1, null, h.Score, null, h.Highlights)).Take(k).ToList(),
            SearchMode.Vector => vec.Select((h, i) => new HybridHit(h.PassageId, h.Score, null, i + 1, null, h.Score, [])).Take(k).ToList(),
            // the whole index's size: a filter narrows what is searched, so the chance correction is then conservative
            _ => Fuse(bm25, vec, k, Options, _lexical.Count),
        };
        if (!Options.Highlights) return fused;
        // Highlights for the k kept only (vector-only hits too: they may still share a word or two with the query).
        return fused.Select(h => h with { Highlights = _lexical.GetText(h.PassageId) is { } text ? _lexical.Highlight(text, query) : [] }).ToList();
    }

    /// <summary>
    /// Passages closest to a passage's own vector, the passage itself excluded and, when asked, the other passages of its
    /// contribution too. Empty when the passage has no vector.
    /// </summary>
    public async Task<IReadOnlyList<HybridHit>> MoreLikeThisAsync(long passageId, int k, bool excludeSameContribution = true,
        SearchFilter? filter = null, CancellationToken cancellationToken = default)
    {
        if (k <= 0) return [];
        var point = await _vectors.GetAsync(passageId, cancellationToken).ConfigureAwait(false);
        if (point is null) return [];
        var f = filter ?? new SearchFilter();
        f = f with
        {
            ExcludePassages = [.. f.ExcludePassages ?? [], passageId],
            ExcludeContributions = excludeSameContribution ? [.. f.ExcludeContributions ?? [], point.Payload.ContributionId] : f.ExcludeContributions,
        };
        var hits = await _vectors.SearchAsync(point.Vector, k, f, cancellationToken).ConfigureAwait(false);
        return hits.Select((h, i) => new HybridHit(h.PassageId, h.Score, null, i + 1, null, h.Score, [])).ToList();
    }

    /// <summary>
    /// The vector weight used for one query: VectorWeight, times the square root of the chance-corrected agreement with
    /// BM25 when AgreementWeighting (see <see cref="HybridOptions"/>). <paramref name="corpusSize"/> is how many passages
    /// the search ran over (0 when unknown: no chance correction).
    /// </summary>
    public static double EffectiveVectorWeight(IReadOnlyList<LexicalHit> bm25, IReadOnlyList<VectorHit> vectors, HybridOptions o, int corpusSize = 0)
    {
        if (!o.AgreementWeighting) return o.VectorWeight;
        if (bm25.Count == 0) return o.VectorWeight;
        var depth = Math.Max(1, o.AgreementDepth);
        var top = bm25.Take(depth).Select(h => h.PassageId).ToHashSet();
        var vectorTop = vectors.Take(depth).ToList();
        var shared = vectorTop.Count(h => top.Contains(h.PassageId));
        var agreement = (double)shared / Math.Min(depth, top.Count);
        // Two unrelated rankings of N passages share about depth / N of their tops; with every passage in both tops
        // (N <= depth) agreement says nothing and the vectors keep their full weight.
        var chance = corpusSize > 0 ? Math.Min(1.0, (double)vectorTop.Count / corpusSize) : 0;
        if (chance >= 1) return o.VectorWeight;
        var kappa = Math.Max(0, (agreement - chance) / (1 - chance));
        return o.VectorWeight * Math.Sqrt(kappa);
    }

    /// <summary>
    /// Fuses the two rankings (see <see cref="HybridOptions"/>); ties go to BM25's order, then the vector order.
    /// <paramref name="corpusSize"/>: how many passages were searched (0 when unknown), for the agreement's chance correction.
    /// </summary>
    public static IReadOnlyList<HybridHit> Fuse(IReadOnlyList<LexicalHit> bm25, IReadOnlyList<VectorHit> vectors, int k, HybridOptions o, int corpusSize = 0)
    {
        var wv = EffectiveVectorWeight(bm25, vectors, o, corpusSize);
        var wb = o.Bm25Weight;
        var rows = new Dictionary<long, Row>();
        for (var i = 0; i < bm25.Count; i++)
            rows.TryAdd(bm25[i].PassageId, new Row { BRank = i + 1, BScore = bm25[i].Score, Highlights = bm25[i].Highlights });
        for (var i = 0; i < vectors.Count; i++)
        {
            if (!rows.TryGetValue(vectors[i].PassageId, out var r)) rows[vectors[i].PassageId] = r = new Row();
            if (r.VRank is null) { r.VRank = i + 1; r.VScore = vectors[i].Score; }
        }
        if (o.Method == FusionMethod.Rrf)
        {
            foreach (var r in rows.Values)
                r.Fused = (r.BRank is { } b ? wb / (o.RrfK + b) : 0) + (r.VRank is { } v ? wv / (o.RrfK + v) : 0);
        }
        else
        {
            var (bMean, bStd) = Stats(rows.Values, r => r.BScore, bm25.Count > 0 ? bm25.Min(h => h.Score) : 0);
            var (vMean, vStd) = Stats(rows.Values, r => r.VScore, vectors.Count > 0 ? vectors.Min(h => h.Score) : 0);
            var bFloor = bm25.Count > 0 ? bm25.Min(h => h.Score) : 0;
            var vFloor = vectors.Count > 0 ? vectors.Min(h => h.Score) : 0;
            foreach (var r in rows.Values)
                r.Fused = (bm25.Count > 0 ? wb * ((r.BScore ?? bFloor) - bMean) / bStd : 0)
                        + (vectors.Count > 0 && wv > 0 ? wv * ((r.VScore ?? vFloor) - vMean) / vStd : 0);
        }
        return rows
            .OrderByDescending(kv => kv.Value.Fused)
            .ThenBy(kv => kv.Value.BRank ?? int.MaxValue)
            .ThenBy(kv => kv.Value.VRank ?? int.MaxValue)
            .ThenBy(kv => kv.Key)
            .Take(k)
            .Select(kv => new HybridHit(kv.Key, kv.Value.Fused, kv.Value.BRank, kv.Value.VRank, kv.Value.BScore, kv.Value.VScore, kv.Value.Highlights))
            .ToList();
    }

    static (double Mean, double Std) Stats(IEnumerable<Row> rows, Func<Row, float?> score, float floor)
    {
        double sum = 0, sq = 0; var n = 0;
        foreach (var r in rows) { double x = score(r) ?? floor; sum += x; sq += x * x; n++; }
        if (n == 0) return (0, 1);
        var mean = sum / n;
        var std = Math.Sqrt(Math.Max(0, sq / n - mean * mean));
        return (mean, std > 1e-12 ? std : 1);
    }

    sealed class Row
    {
        public int? BRank, VRank;
        public float? BScore, VScore;
        public IReadOnlyList<HighlightSpan> Highlights = [];
        public double Fused;
    }
}
