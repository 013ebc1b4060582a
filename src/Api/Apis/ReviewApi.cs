using Synthesis.Ingest.Review;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Synthesis.Api.Analysis;
using Synthesis.Api.Security;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Api.Apis;

public sealed record RenameRequest(string? Label);
public sealed record MergeRequest(long From);
public sealed record SplitRequest(int Parts);
public sealed record AcceptRequest(bool Accepted = true);
public sealed record MoveRequest(long Topic);
public sealed record QuestionRequest(string? Question);
public sealed record SentimentRequest(string? Sentiment);
public sealed record BulkMoveRequest(IReadOnlyList<long>? Passages, long Topic);
public sealed record BulkOutlierRequest(IReadOnlyList<long>? Passages);

/// <summary>Several decisions recorded at once (one per passage, each undoable); the next run applies them.</summary>
public sealed record DecisionsRecorded(IReadOnlyList<long> DecisionIds, string Action);

/// <summary>The decision recorded; the next analysis run (queued at once) applies it.</summary>
public sealed record DecisionRecorded(long DecisionId, string Action);

public sealed record ReviewLogPage(IReadOnlyList<ReviewEntry> Entries);

/// <summary>
/// Review staff's corrections: rename, merge, split, move, outlier, a passage's question or sentiment, accept a topic.
/// Each is in the audit log (who, when, before, after), undoable, and kept by every later analysis run.
/// </summary>
public static class ReviewApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/review").WithTags("Review").RequireAuthorization(Roles.Policies.Review);
        api.MapPost("/topics/{id:long}/rename", Rename);
        api.MapPost("/topics/{id:long}/merge", Merge);
        api.MapPost("/topics/{id:long}/split", Split);
        api.MapGet("/topics/{id:long}/merge-preview", MergePreview);
        api.MapGet("/topics/{id:long}/split-preview", SplitPreview);
        api.MapPost("/topics/{id:long}/accept", Accept);
        api.MapPost("/passages/move", MoveMany);
        api.MapPost("/passages/outlier", OutlierMany);
        api.MapPost("/passages/{id:long}/move", Move);
        api.MapPost("/passages/{id:long}/outlier", Outlier);
        api.MapPost("/passages/{id:long}/question", SetQuestion);
        api.MapPost("/passages/{id:long}/sentiment", SetSentiment);
        api.MapGet("/log", Log);
        api.MapPost("/log/{id:long}/undo", Undo);
    }

    static string Who(ClaimsPrincipal user) => user.Identity?.Name ?? "?";

    static bool TopicExists(SynthesisStore store, long id)
    {
        using var c = store.Connect();
        return Existence.Topic(c, id);
    }

    static bool PassageExists(SynthesisStore store, long id)
    {
        using var c = store.Connect();
        return Existence.Passage(c, id);
    }

    static Results<Ok<DecisionRecorded>, ProblemHttpResult> Decide(string action, Func<long> record)
    {
        try
        {
            return TypedResults.Ok(new DecisionRecorded(record(), action));
        }
        catch (ArgumentException e)
        {
            return ApiProblems.BadRequest(e.Message);
        }
        catch (ReviewTargetMissing e)
        {
            return Gone(e);
        }
    }

    /// <summary>What a decision names was taken away between the check and the decision (a run merged or split it).</summary>
    static ProblemHttpResult Gone(ReviewTargetMissing e) =>
        TypedResults.Problem(e.Message + ".", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    static Results<Ok<DecisionRecorded>, ProblemHttpResult> Rename(long id, RenameRequest body, SynthesisStore store, ReviewLog review, ClaimsPrincipal user) =>
        !TopicExists(store, id) ? ApiProblems.NotFound("topic", id)
        : string.IsNullOrWhiteSpace(body.Label) ? ApiProblems.BadRequest("Give the new 'label'.", "label")
        : Decide("rename", () => review.Rename(Who(user), id, body.Label));

    static Results<Ok<DecisionRecorded>, ProblemHttpResult> Merge(long id, MergeRequest body, SynthesisStore store, ReviewLog review, ClaimsPrincipal user) =>
        !TopicExists(store, id) ? ApiProblems.NotFound("topic", id)
        : !TopicExists(store, body.From) ? ApiProblems.NotFound("topic to merge ('from')", body.From)
        : Decide("merge", () => review.Merge(Who(user), id, body.From));

    static Results<Ok<DecisionRecorded>, ProblemHttpResult> Split(long id, SplitRequest body, SynthesisStore store, ReviewLog review, ClaimsPrincipal user) =>
        !TopicExists(store, id) ? ApiProblems.NotFound("topic", id) : Decide("split", () => review.Split(Who(user), id, body.Parts));

    /// <summary>The themes a merge of <paramref name="from"/> into <paramref name="id"/> would give (a dry run, nothing recorded).</summary>
    static Task<Results<Ok<ReviewPreviewResult>, ProblemHttpResult>> MergePreview(long id, long? from, ReviewPreview preview, CancellationToken ct) =>
        from is not long other ? Task.FromResult<Results<Ok<ReviewPreviewResult>, ProblemHttpResult>>(ApiProblems.BadRequest("Give the topic to merge as '?from=ID'.", "from"))
        : Preview(() => preview.MergeAsync(id, other, ct));

    /// <summary>The parts a split of <paramref name="id"/> would give, their sizes and labels (a dry run, nothing recorded).</summary>
    static Task<Results<Ok<ReviewPreviewResult>, ProblemHttpResult>> SplitPreview(long id, int? parts, ReviewPreview preview, CancellationToken ct) =>
        Preview(() => preview.SplitAsync(id, parts ?? 2, ct));

    static async Task<Results<Ok<ReviewPreviewResult>, ProblemHttpResult>> Preview(Func<Task<ReviewPreviewResult>> run)
    {
        try
        {
            return TypedResults.Ok(await run());
        }
        catch (ReviewRefused e)
        {
            return ApiProblems.BadRequest(e.Message);
        }
        catch (ReviewTargetMissing e)
        {
            return Gone(e);
        }
    }

    static Results<Ok<DecisionRecorded>, ProblemHttpResult> Accept(long id, AcceptRequest? body, SynthesisStore store, ReviewLog review, ClaimsPrincipal user) =>
        !TopicExists(store, id) ? ApiProblems.NotFound("topic", id) : Decide("accept", () => review.Accept(Who(user), id, body?.Accepted ?? true));

    static Results<Ok<DecisionRecorded>, ProblemHttpResult> Move(long id, MoveRequest body, SynthesisStore store, ReviewLog review, ClaimsPrincipal user) =>
        !PassageExists(store, id) ? ApiProblems.NotFound("passage", id)
        : !TopicExists(store, body.Topic) ? ApiProblems.NotFound("topic", body.Topic)
        : Decide("move", () => review.Move(Who(user), id, body.Topic));

    static Results<Ok<DecisionsRecorded>, ProblemHttpResult> MoveMany(BulkMoveRequest body, SynthesisStore store, ReviewLog review, ClaimsPrincipal user) =>
        !TopicExists(store, body.Topic) ? ApiProblems.NotFound("topic", body.Topic)
        : DecideMany("move", body.Passages, store, passages => review.MoveMany(Who(user), passages, body.Topic));

    static Results<Ok<DecisionsRecorded>, ProblemHttpResult> OutlierMany(BulkOutlierRequest body, SynthesisStore store, ReviewLog review, ClaimsPrincipal user) =>
        DecideMany("outlier", body.Passages, store, passages => review.MarkOutliers(Who(user), passages));

    static Results<Ok<DecisionsRecorded>, ProblemHttpResult> DecideMany(string action, IReadOnlyList<long>? passages, SynthesisStore store,
        Func<IReadOnlyCollection<long>, IReadOnlyList<long>> record)
    {
        if (passages is not { Count: > 0 }) return ApiProblems.BadRequest("Give the 'passages' to decide on, as a list of passage ids.", "passages");
        if (passages.Count > ReviewLog.MaxBulk) return ApiProblems.BadRequest($"At most {ReviewLog.MaxBulk} passages at once.", "passages");
        if (passages.FirstOrDefault(p => !PassageExists(store, p)) is var missing and not 0) return ApiProblems.NotFound("passage", missing);
        try
        {
            return TypedResults.Ok(new DecisionsRecorded(record(passages), action));
        }
        catch (ReviewTargetMissing e)
        {
            return Gone(e);
        }
    }

    static Results<Ok<DecisionRecorded>, ProblemHttpResult> Outlier(long id, SynthesisStore store, ReviewLog review, ClaimsPrincipal user) =>
        !PassageExists(store, id) ? ApiProblems.NotFound("passage", id) : Decide("outlier", () => review.MarkOutlier(Who(user), id));

    static Results<Ok<DecisionRecorded>, ProblemHttpResult> SetQuestion(long id, QuestionRequest body, SynthesisStore store, ReviewLog review, ClaimsPrincipal user)
    {
        if (!PassageExists(store, id)) return ApiProblems.NotFound("passage", id);
        if (!DomainNames.TryParse<QuestionType>(body.Question, out var q))
            return ApiProblems.BadRequest($"'question' is one of {string.Join(", ", DomainNames.All<QuestionType>())}.", "question");
        return Decide("set_question", () => review.SetQuestion(Who(user), id, q));
    }

    static Results<Ok<DecisionRecorded>, ProblemHttpResult> SetSentiment(long id, SentimentRequest body, SynthesisStore store, ReviewLog review, ClaimsPrincipal user)
    {
        if (!PassageExists(store, id)) return ApiProblems.NotFound("passage", id);
        if (!DomainNames.TryParse<Sentiment>(body.Sentiment, out var s))
            return ApiProblems.BadRequest($"'sentiment' is one of {string.Join(", ", DomainNames.All<Sentiment>())}.", "sentiment");
        return Decide("set_sentiment", () => review.SetSentiment(Who(user), id, s));
    }

    static Ok<ReviewLogPage> Log(int? limit, long? before, ReviewLog review) =>
        TypedResults.Ok(new ReviewLogPage(review.Entries(limit ?? 100, before)));

    static Results<NoContent, ProblemHttpResult> Undo(long id, ReviewLog review, ClaimsPrincipal user)
    {
        try
        {
            review.Undo(Who(user), id);
            return TypedResults.NoContent();
        }
        catch (KeyNotFoundException)
        {
            return ApiProblems.NotFound("active review decision", id);
        }
    }
}
