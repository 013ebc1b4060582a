using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Synthesis.Api.Analysis;
using Synthesis.Api.Security;
using Synthesis.Ingest.Search;

namespace Synthesis.Api.Apis;

/// <summary>Where a result's words are: start and length (UTF-16 offsets into its text) of each matched term.</summary>
public sealed record Highlight(int Start, int Length);

/// <summary>A passage found.</summary>
/// <param name="QuestionConfidence">The probability the question model gives <paramref name="Question"/>, as the store holds
/// it; null where a reviewer set the label, the lexicon or cues decided, or the store's label has since changed (the
/// index lags behind a review for a moment).</param>
/// <param name="ToneConfidence">The same for <paramref name="Sentiment"/>.</param>
public sealed record SearchResult(
    long PassageId, long ContributionId, string Text, double Score, IReadOnlyList<Highlight> Highlights, string? Title,
    QuestionType? Question, long? TopicId, Sentiment? Sentiment, ParticipantProfile Profile, string? Neighbourhood, Channel Channel,
    PassageSource Source, DateTimeOffset? Date, long? StartMs, long? EndMs, int? Bm25Rank, int? VectorRank,
    double? QuestionConfidence = null, double? ToneConfidence = null)
{
    /// <summary>Whether the machine is unsure of the question type (<see cref="LabelConfidence"/>), as the web app marks it.</summary>
    public bool QuestionUncertain => QuestionConfidence < LabelConfidence.QuestionUncertainBelow;

    /// <summary>Whether the machine is unsure of the tone.</summary>
    public bool ToneUncertain => ToneConfidence < LabelConfidence.ToneUncertainBelow;
}

/// <summary>A query word read as a typo, and the word it was searched as ("polution" -> "pollution").</summary>
public sealed record QueryCorrection(string Word, string SearchedAs);

/// <summary>
/// Mode is the one that answered: "bm25" for a vector or hybrid request while the index is being rebuilt with a new
/// embedding model (Reindexing true), "similar" for more-like-this. Matching: how many passages hold the query's
/// words (as searched) within the filters, whatever k (null for more-like-this).
/// </summary>
public sealed record SearchResponse(string? Query, string Mode, IReadOnlyList<SearchResult> Results, IReadOnlyList<QueryCorrection> Corrections,
    bool Reindexing = false, int? Matching = null);

/// <summary>Every search filter, as query-string fields; lists are comma-separated ("any of").</summary>
public sealed record SearchQuery(
    string? Q, string? Mode, int? K, string? Question, string? Topic, string? Sentiment, string? Profile, string? Neighbourhood,
    string? Channel, string? Source, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>Hybrid search (French BM25 and vectors, fused) with filters, and "more like this".</summary>
public static class SearchApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Search").RequireAuthorization(Roles.Policies.Read);
        api.MapGet("/search", Search);
        api.MapGet("/passages/{id:long}/similar", Similar);
    }

    public static bool TryFilter(SearchQuery q, out SearchFilter? filter, out ProblemHttpResult? problem)
    {
        filter = null;
        if (!ApiProblems.TryParseList<QuestionType>(q.Question, "question", out var questions, out problem)
            || !ApiProblems.TryParseIds(q.Topic, "topic", out var topics, out problem)
            || !ApiProblems.TryParseList<Sentiment>(q.Sentiment, "sentiment", out var sentiments, out problem)
            || !ApiProblems.TryParseList<ParticipantProfile>(q.Profile, "profile", out var profiles, out problem)
            || !ApiProblems.TryParseList<Channel>(q.Channel, "channel", out var channels, out problem)
            || !ApiProblems.TryParseList<PassageSource>(q.Source, "source", out var sources, out problem))
            return false;
        var neighbourhoods = string.IsNullOrWhiteSpace(q.Neighbourhood) ? null
            : q.Neighbourhood.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var f = new SearchFilter(questions, topics, sentiments, profiles, neighbourhoods, channels, sources, q.From, q.To);
        filter = f.IsEmpty ? null : f;
        return true;
    }

    static async Task<Results<Ok<SearchResponse>, ProblemHttpResult>> Search([AsParameters] SearchQuery q, SearchService search, SynthesisStore store, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(q.Q)) return ApiProblems.BadRequest("Give a query in 'q'.", "q");
        if (q.Q.Length > 1000) return ApiProblems.BadRequest("A query has at most 1,000 characters.", "q");
        if (!SearchModes.TryParse(q.Mode ?? "hybrid", out var mode)) return ApiProblems.BadRequest("'mode' is bm25, vector or hybrid.", "mode");
        if (q.K is < 1 or > 200) return ApiProblems.BadRequest("'k' is between 1 and 200.", "k");
        if (!TryFilter(q, out var filter, out var problem)) return problem!;
        var answer = await search.Search.AnswerAsync(q.Q, q.K ?? 20, filter, mode, ct);
        return TypedResults.Ok(new SearchResponse(q.Q, answer.LexicalOnly ? "bm25" : DomainNames.Name(mode), WithConfidence(store, answer.Results.Select(ToResult).ToList()),
            Corrections(answer), answer.LexicalOnly, search.Search.CountMatching(answer.SearchedText ?? q.Q, filter)));
    }

    static async Task<Results<Ok<SearchResponse>, ProblemHttpResult>> Similar(long id, int? k, SearchService search, SynthesisStore store, CancellationToken ct)
    {
        if (k is < 1 or > 200) return ApiProblems.BadRequest("'k' is between 1 and 200.", "k");
        using (var c = store.Connect())
            if (!Existence.Passage(c, id))
                return ApiProblems.NotFound("passage", id);
        var hits = await search.Search.MoreLikeThisAsync(id, k ?? 10, ct);
        return TypedResults.Ok(new SearchResponse(null, "similar", WithConfidence(store, hits.Select(ToResult).ToList()), []));
    }

    public static IReadOnlyList<QueryCorrection> Corrections(SearchAnswer answer) =>
        answer.Corrections.Select(c => new QueryCorrection(c.Word, c.SearchedAs)).ToList();

    /// <summary>
    /// The results with how sure the machine is of each label, read from the store (the index holds the labels, not
    /// their probabilities); a label the store no longer holds gets none.
    /// </summary>
    public static List<SearchResult> WithConfidence(SynthesisStore store, IReadOnlyList<SearchResult> results)
    {
        if (results.Count == 0) return [.. results];
        Dictionary<long, PassageView> held;
        using (var c = store.Connect())
            held = ContributionQueries.Passages(c, $"p.id IN ({string.Join(',', results.Select(r => r.PassageId).Distinct())})").ToDictionary(p => p.Id);
        return results.Select(r => held.TryGetValue(r.PassageId, out var p)
            ? r with
            {
                QuestionConfidence = p.Question == r.Question ? p.QuestionConfidence : null,
                ToneConfidence = p.Sentiment == r.Sentiment ? p.ToneConfidence : null,
            }
            : r).ToList();
    }

    public static SearchResult ToResult(PassageResult h) => new(
        h.PassageId, h.ContributionId, h.Text, Math.Round(h.Score, 5), h.Highlights.Select(s => new Highlight(s.Start, s.Length)).ToList(),
        h.Title, h.Payload.Question, h.Payload.TopicId, h.Payload.Sentiment, h.Payload.Profile, h.Payload.Neighbourhood, h.Payload.Channel,
        h.Payload.Source, h.Payload.Date, h.StartMs, h.EndMs, h.Bm25Rank, h.VectorRank);
}
