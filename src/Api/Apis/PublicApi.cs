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

    public static Page<PublicContribution>? Read(SynthesisStore store, WebSettings settings, int? page, int? pageSize)
    {
        if (!settings.PublicView) return null;
        var (p, s, offset) = Page<PublicContribution>.Normalise(page, pageSize);
        using var c = store.Connect();
        var total = c.ScalarLong("SELECT count(*) FROM contributions WHERE publishable = 1");
        var items = new List<PublicContribution>();
        // Media contributions are shown by their transcript (with staff corrections), never by the recording.
        using var command = c.Command("""
            SELECT co.id, co.channel, co.neighbourhood, co.date, co.title,
                   CASE WHEN co.media = 'text' THEN co.text
                        ELSE (SELECT group_concat(p.text, ' ') FROM reviewed_passages p
                              WHERE p.contribution_id = co.id ORDER BY p.ord) END
            FROM contributions co WHERE co.publishable = 1 ORDER BY co.id LIMIT $limit OFFSET $offset
            """, null, ("$limit", s), ("$offset", offset));
        using var r = command.ExecuteReader();
        while (r.Read())
            items.Add(new PublicContribution(r.GetInt64(0), DomainNames.Parse<Channel>(r.GetString(1)), r.GetStringOrNull(2),
                ContributionQueries.ParseDate(r.GetStringOrNull(3)), r.GetStringOrNull(4) is { } title ? Redactor.Redact(title) : null,
                Redactor.Redact(r.GetStringOrNull(5) ?? "")));
        return new Page<PublicContribution>(items, p, s, total);
    }

    static Results<Ok<Page<PublicContribution>>, NotFound> List(int? page, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "page_size")] int? pageSize, SynthesisStore store, WebSettings settings) =>
        Read(store, settings, page, pageSize) is { } result ? TypedResults.Ok(result) : TypedResults.NotFound();
}
