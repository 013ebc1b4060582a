using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Synthesis.Api.Security;
using Synthesis.Ingest;

namespace Synthesis.Api.Apis;

public sealed record StageProgress(string Stage, long Pending, long Running, long Done, long Failed, long Parked);

public sealed record JobsResponse(StoreSummary Summary, IReadOnlyList<StageProgress> Stages);

/// <summary>How far the pipeline has got, stage by stage, and why parked jobs wait.</summary>
public static class JobsApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Jobs").RequireAuthorization(Roles.Policies.Read);
        api.MapGet("/jobs", Get);
        api.MapGet("/status", (SynthesisStore store, ClaimsPrincipal user) =>
        {
            using var c = store.Connect();
            return TypedResults.Ok(ForReader(StoreSummary.Read(c), user));
        });
    }

    /// <summary>The summary as <paramref name="user"/> may read it: where a file lies on the server is for administrators.</summary>
    static StoreSummary ForReader(StoreSummary summary, ClaimsPrincipal user) =>
        Roles.Allowed(Roles.Policies.Administer).Any(user.IsInRole) ? summary
            : summary with { Parked = summary.Parked.Select(p => p with { Reason = Analysis.FrenchMessages.WithoutServerPaths(p.Reason) }).ToList() };

    public static JobsResponse Read(SynthesisStore store)
    {
        using var c = store.Connect();
        var stages = new Dictionary<string, long[]>();
        foreach (var (stage, state, count) in JobQueue.CountsByStage(c))
        {
            if (!stages.TryGetValue(stage, out var counts)) stages[stage] = counts = new long[5];
            counts[Array.IndexOf(States, state)] = count;
        }
        var order = new[] { "transcribe", "ocr", "segment", "analyse", "index", "corpus" };
        return new JobsResponse(StoreSummary.Read(c), stages
            .OrderBy(s => Array.IndexOf(order, s.Key) is var i and >= 0 ? i : order.Length)
            .Select(s => new StageProgress(s.Key, s.Value[0], s.Value[1], s.Value[2], s.Value[3], s.Value[4])).ToList());
    }

    static readonly string[] States = ["pending", "running", "done", "failed", "parked"];

    static Ok<JobsResponse> Get(SynthesisStore store, ClaimsPrincipal user)
    {
        var jobs = Read(store);
        return TypedResults.Ok(jobs with { Summary = ForReader(jobs.Summary, user) });
    }
}
