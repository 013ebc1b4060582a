using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Synthesis.Api.Analysis;
using Synthesis.Api.Security;

namespace Synthesis.Api.Apis;

public sealed record QuestionsResponse(DateTimeOffset? Since, IReadOnlyList<QuestionView> Questions);

/// <summary>The three questions: for each, the leading topics, quotes and counts, and what is new since a date.</summary>
public static class QuestionsApi
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/questions").WithTags("Questions").RequireAuthorization(Roles.Policies.Read).MapGet("/", Get);

    static Ok<QuestionsResponse> Get(DateTimeOffset? since, SynthesisStore store)
    {
        using var c = store.Connect();
        return TypedResults.Ok(new QuestionsResponse(since, QuestionOverview.Read(c, since)));
    }
}
