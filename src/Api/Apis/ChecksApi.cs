using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Synthesis.Api.Analysis;
using Synthesis.Api.Security;
using Synthesis.Ingest.Review;

namespace Synthesis.Api.Apis;

public sealed record CheckRequest(int? Size);
public sealed record CheckLabels(string? Tone, string? Question);
public sealed record CheckCreated(long Id);

/// <summary>An item as the API shows it: the machine's labels only once the staff have given theirs (the check is blind).</summary>
public sealed record CheckItemView(int Order, long PassageId, long ContributionId, string Text, string Stratum,
    string? Tone, string? Question, string? MachineTone, string? MachineQuestion, double? ToneConfidence, double? QuestionConfidence, string? LabelledBy);

public sealed record AgreementView(string Label, int Items, Eval.Agreement.Interval Accuracy, Eval.Agreement.Interval MacroF1, Eval.Agreement.Interval Kappa,
    IReadOnlyList<string> Labels, IReadOnlyList<ConfusionCell> Confusion, IReadOnlyList<long> Differences);

public sealed record ConfusionCell(string Staff, string Machine, int Count);

public sealed record CheckView(CheckSummary Check, IReadOnlyList<CheckItemView> Items, IReadOnlyList<AgreementView> Agreements);

/// <summary>The city's own check of the analysis (<see cref="StaffCheck"/>): draw a sample, label it blind, read the agreement.</summary>
public static class ChecksApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/checks").WithTags("Checks").RequireAuthorization(Roles.Policies.Review);
        api.MapGet("/", (SynthesisStore store) =>
        {
            using var c = store.Connect();
            return TypedResults.Ok(CheckRows.All(c));
        });
        api.MapPost("/", Create);
        api.MapGet("/{id:long}", Get);
        api.MapPut("/{id:long}/items/{passage:long}", Label);
    }

    static Results<Created<CheckCreated>, ProblemHttpResult> Create(CheckRequest? body, StaffCheck checks, ClaimsPrincipal user)
    {
        var (id, refusal) = checks.Draw(user.Identity?.Name ?? "?", body?.Size ?? CheckSample.DefaultSize);
        return id is { } created ? TypedResults.Created($"/api/checks/{created}", new CheckCreated(created)) : ApiProblems.BadRequest(refusal!, "size");
    }

    static Results<Ok<CheckView>, ProblemHttpResult> Get(long id, SynthesisStore store)
    {
        using var c = store.Connect();
        if (CheckRows.Find(c, id) is not { } check) return ApiProblems.NotFound("check", id);
        var items = CheckRows.Items(c, id);
        return TypedResults.Ok(new CheckView(check,
            items.Select(i => new CheckItemView(i.Order, i.PassageId, i.ContributionId, i.Text, i.Stratum, i.Tone, i.Question,
                i.Labelled ? i.MachineTone : null, i.Labelled ? i.MachineQuestion : null,
                i.Labelled ? i.ToneConfidence : null, i.Labelled ? i.QuestionConfidence : null, i.LabelledBy)).ToList(),
            StaffCheck.Agreements(items).Select(a => new AgreementView(a.Label, a.Report.Items, a.Report.Accuracy, a.Report.MacroF1, a.Report.Kappa,
                a.Report.Labels, a.Report.Confusion.Select(kv => new ConfusionCell(kv.Key.Reference, kv.Key.Checked, kv.Value)).OrderBy(x => x.Staff).ThenBy(x => x.Machine).ToList(),
                a.Differences.Select(d => d.PassageId).ToList())).ToList()));
    }

    static Results<NoContent, ProblemHttpResult> Label(long id, long passage, CheckLabels body, StaffCheck checks, SynthesisStore store, ClaimsPrincipal user)
    {
        using (var c = store.Connect())
            if (CheckRows.Find(c, id) is null) return ApiProblems.NotFound("check", id);
        return checks.Label(user.Identity?.Name ?? "?", id, passage, body.Tone, body.Question) is { } refusal
            ? ApiProblems.BadRequest(refusal, DomainNames.TryParse<Sentiment>(body.Tone, out _) ? "question" : "tone")
            : TypedResults.NoContent();
    }
}
