using Synthesis.Ingest;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Synthesis.Api.Analysis;
using Synthesis.Api.Public;

namespace Synthesis.Api.Apis;

public sealed record PublicContribution(long Id, Channel Channel, string? Neighbourhood, DateTimeOffset? Date, string? Title, string Text);

/// <summary>
/// The optional public transparency view (setting Synthesis:PublicView): publishable contributions only, with
/// e-mail addresses, phone numbers, street addresses and private persons' names redacted. No login needed.
/// </summary>
public static class PublicApi
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGroup("/api/public").WithTags("Public").AllowAnonymous().MapGet("/contributions", List);

    public static Page<PublicContribution>? Read(SynthesisStore store, SynthesisOptions settings, int? page, int? pageSize)
    {
        if (!settings.PublicView) return null;
        var (p, s, offset) = Page<PublicContribution>.Normalise(page, pageSize);
        using var c = store.Connect();
        // Media contributions are shown by their transcript (with staff corrections), never by the recording.
        var items = ContributionRows.PublishablePage(c, s, offset).Select(r => new PublicContribution(r.Id, DomainNames.Parse<Channel>(r.Channel),
            r.Neighbourhood, ContributionQueries.ParseDate(r.Date), r.Title is { } title ? Redactor.Redact(title) : null, Redactor.Redact(r.Text ?? ""))).ToList();
        return new Page<PublicContribution>(items, p, s, ContributionRows.PublishableCount(c));
    }

    static Results<Ok<Page<PublicContribution>>, NotFound, ProblemHttpResult> List(int? page, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "page_size")] int? pageSize, SynthesisStore store, SynthesisOptions settings) =>
        Page<PublicContribution>.Check(page, pageSize) is { } bad ? ApiProblems.BadRequest(bad.Problem, bad.Field)
        : Read(store, settings, page, pageSize) is { } result ? TypedResults.Ok(result) : TypedResults.NotFound();
}
