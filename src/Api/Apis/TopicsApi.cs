using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Synthesis.Api.Analysis;
using Synthesis.Api.Security;

namespace Synthesis.Api.Apis;

/// <summary>The topic hierarchy with counts, and each topic's summary, quotes, breakdowns and duplicate groups.</summary>
public static class TopicsApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/topics").WithTags("Topics").RequireAuthorization(Roles.Policies.Read);
        api.MapGet("/", GetMap);
        api.MapGet("/{id:long}", Get);
        api.MapGet("/{id:long}/summary", GetSummary);
        api.MapGet("/{id:long}/passages", GetPassages);
    }

    static Ok<TopicMap> GetMap(SynthesisStore store)
    {
        using var c = store.Connect();
        return TypedResults.Ok(TopicQueries.Map(c));
    }

    static Results<Ok<TopicDetail>, ProblemHttpResult> Get(long id, SynthesisStore store)
    {
        using var c = store.Connect();
        return TopicQueries.Detail(c, id) is { } detail ? TypedResults.Ok(detail) : ApiProblems.NotFound("topic", id);
    }

    /// <summary>The topic's summary, or its summary for one of the three questions.</summary>
    static Results<Ok<TopicSummaryView>, ProblemHttpResult> GetSummary(long id, string? question, SynthesisStore store)
    {
        if (!ApiProblems.TryParseOne<QuestionType>(question, "question", out var q, out var problem)) return problem!;
        using var c = store.Connect();
        if (!Existence.Topic(c, id)) return ApiProblems.NotFound("topic", id);
        var summary = TopicQueries.Summary(c, id, q is { } value ? DomainNames.Name(value) : "");
        return summary is null ? ApiProblems.NotFound("summary yet (the analysis has not run) for topic", id) : TypedResults.Ok(summary);
    }

    static Results<Ok<Page<PassageView>>, ProblemHttpResult> GetPassages(long id, int? page, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "page_size")] int? pageSize, SynthesisStore store)
    {
        if (Page<PassageView>.Check(page, pageSize) is { } bad) return ApiProblems.BadRequest(bad.Problem, bad.Field);
        using var c = store.Connect();
        if (!Existence.Topic(c, id)) return ApiProblems.NotFound("topic", id);
        return TypedResults.Ok(TopicQueries.PassagesPage(c, id, page, pageSize));
    }
}
