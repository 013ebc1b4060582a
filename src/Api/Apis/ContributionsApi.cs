using Synthesis.Ingest;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Synthesis.Api.Analysis;
using Synthesis.Api.Security;
using Synthesis.Ingest.Import;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Api.Apis;

public sealed record NewContribution(
    string? Text, string? Title = null, DateTimeOffset? Date = null, string? Ref = null, string? Channel = null, string? Profile = null,
    string? AuthorKind = null, string? Neighbourhood = null, bool? Publishable = null);

public sealed record ImportResult(int Imported, int Duplicates, int Rejected, int Files, IReadOnlyList<ImportError> Errors, IReadOnlyList<ImportError> Warnings);

public sealed record TextEdit(string? Text);

public sealed record PublishableFlag(bool Publishable);

public sealed record ContributionQuery(
    string? Channel, string? Profile, string? Neighbourhood, string? Media, DateTimeOffset? From, DateTimeOffset? To, bool? Publishable,
    int? Page, [FromQuery(Name = "page_size")] int? PageSize);

/// <summary>Contributions: list, read with passages, upload (admin), correct a transcript and publication (reviewer).</summary>
public static class ContributionsApi
{
    /// <summary>Largest JSON body for one contribution: the importer's own text limit is 1,000,000 characters.</summary>
    const long MaxJsonBytes = 4 * 1024 * 1024;

    public static void Map(IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/contributions").WithTags("Contributions").RequireAuthorization(Roles.Policies.Read);
        read.MapGet("/", List);
        read.MapGet("/{id:long}", Get);
        read.MapGet("/{id:long}/original", Original);

        var admin = app.MapGroup("/api/contributions").WithTags("Contributions").RequireAuthorization(Roles.Policies.Administer);
        admin.MapPost("/", Create).WithMetadata(new RequestSizeLimitAttribute(MaxJsonBytes));
        admin.MapPost("/files", Upload).DisableAntiforgery().WithMetadata(new DisableRequestSizeLimitAttribute());

        var review = app.MapGroup("/api").WithTags("Contributions").RequireAuthorization(Roles.Policies.Review);
        review.MapPut("/passages/{id:long}/text", EditText);
        review.MapPut("/contributions/{id:long}/publishable", SetPublishable);
    }

    static Results<Ok<Page<ContributionSummary>>, ProblemHttpResult> List([AsParameters] ContributionQuery q, SynthesisStore store)
    {
        if (!ApiProblems.TryParseOne<Channel>(q.Channel, "channel", out var channel, out var problem)
            || !ApiProblems.TryParseOne<ParticipantProfile>(q.Profile, "profile", out var profile, out problem)
            || !ApiProblems.TryParseOne<MediaKind>(q.Media, "media", out var media, out problem))
            return problem!;
        if (Page<ContributionSummary>.Check(q.Page, q.PageSize) is { } bad) return ApiProblems.BadRequest(bad.Problem, bad.Field);
        using var c = store.Connect();
        return TypedResults.Ok(ContributionQueries.List(c, new ContributionFilter(channel, profile, q.Neighbourhood, media, q.From, q.To, q.Publishable), q.Page, q.PageSize));
    }

    static Results<Ok<ContributionDetail>, ProblemHttpResult> Get(long id, SynthesisStore store)
    {
        using var c = store.Connect();
        return ContributionQueries.Detail(c, id) is { } detail ? TypedResults.Ok(detail) : ApiProblems.NotFound("contribution", id);
    }

    /// <summary>The original recording, video or photo, with range requests so that players can seek to a quote.</summary>
    static Results<FileStreamHttpResult, ProblemHttpResult> Original(long id, SynthesisStore store)
    {
        using var c = store.Connect();
        if (ContributionRows.Original(c, id) is not { } original || !store.Blobs.Contains(original.Sha256))
            return ApiProblems.NotFound("recording or photo for contribution", id);
        return TypedResults.File(store.Blobs.Open(original.Sha256), MediaType(original.MediaType, original.Name), enableRangeProcessing: true);
    }

    /// <summary>Browsers need a real MIME type to play a file; the store keeps the importer's kind.</summary>
    static string MediaType(string stored, string name)
    {
        return stored.Contains('/') ? stored : MediaTypes.MimeOf(name);
    }

    static async Task<Results<Created<ImportResult>, Ok<ImportResult>, ProblemHttpResult>> Create(NewContribution body, SynthesisStore store)
    {
        if (string.IsNullOrWhiteSpace(body.Text)) return ApiProblems.BadRequest("A contribution needs a non-empty 'text'.", "text");
        var record = new JsonObject
        {
            ["text"] = body.Text, ["title"] = body.Title, ["date"] = body.Date?.ToString("O"), ["ref"] = body.Ref, ["channel"] = body.Channel ?? "platform",
            ["profile"] = body.Profile, ["author_kind"] = body.AuthorKind, ["neighbourhood"] = body.Neighbourhood, ["publishable"] = body.Publishable,
        };
        return Respond(await UploadImport.ImportAsync(store, async folder =>
        {
            await using var output = File.Create(Path.Combine(folder, "contribution.json"));
            await JsonSerializer.SerializeAsync(output, new JsonArray(record));
        }));
    }

    static async Task<Results<Created<ImportResult>, Ok<ImportResult>, ProblemHttpResult>> Upload(HttpRequest request, SynthesisStore store, SynthesisOptions settings)
    {
        if (request.ContentLength is { } length && length > settings.MaxUploadBytes)
            return ApiProblems.TooLarge($"The upload is {length:N0} bytes; the limit is {settings.MaxUploadBytes:N0} (setting Synthesis:MaxUploadBytes). Split it into several uploads.");
        if (!request.HasFormContentType)
            return ApiProblems.Unsupported("Send the files as multipart/form-data, one form field per file.");
        var size = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>();
        if (size is { IsReadOnly: false }) size.MaxRequestBodySize = settings.MaxUploadBytes;
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = settings.MaxUploadBytes, ValueCountLimit = 1024 });
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            return e is BadHttpRequestException { StatusCode: 413 } || e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
                ? ApiProblems.TooLarge($"The upload is over the limit of {settings.MaxUploadBytes:N0} bytes (setting Synthesis:MaxUploadBytes).")
                : ApiProblems.BadRequest($"The form could not be read: {e.Message}");
        }
        if (form.Files.Count == 0) return ApiProblems.BadRequest("No file in the form: attach at least one file.", "files");
        var unsupported = form.Files.Where(f => !Importer.IsSupported(SafeName(f.FileName))).Select(f => SafeName(f.FileName)).ToList();
        if (unsupported.Count == form.Files.Count)
            return ApiProblems.Unsupported($"Unsupported file type: {string.Join(", ", unsupported)}. Send CSV, TSV, JSON, JSONL, TXT or MD text, or audio, video and image files.");
        return Respond(await UploadImport.ImportAsync(store, form.Files, request.HttpContext.RequestAborted));
    }

    /// <summary>A client's file name reduced to a plain name: no folders, no "..", nothing that can leave the upload folder.</summary>
    public static string SafeName(string? name)
    {
        var plain = Path.GetFileName((name ?? "").Replace('\\', '/'));
        var invalid = Path.GetInvalidFileNameChars();
        plain = new string(plain.Select(ch => invalid.Contains(ch) || char.IsControl(ch) ? '_' : ch).ToArray()).Trim().TrimStart('.');
        if (plain.Length > 120) plain = plain[^120..];
        return plain.Length == 0 ? "upload.bin" : plain;
    }

    static Results<Created<ImportResult>, Ok<ImportResult>, ProblemHttpResult> Respond(ImportReport report)
    {
        var result = new ImportResult(report.Imported, report.Duplicates, report.Rejected, report.Files, report.Errors, report.Warnings);
        if (report.Imported == 0 && report.Duplicates == 0)
            return TypedResults.Problem(string.Join(" ", report.Errors.Select(e => $"{e.Source}{(e.Row is { } row ? $" row {row}" : "")}: {e.Reason}")),
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "Nothing could be imported",
                extensions: new Dictionary<string, object?> { ["errors"] = report.Errors });
        return report.Imported > 0 ? TypedResults.Created("/api/contributions", result) : TypedResults.Ok(result);
    }

    static Results<Ok<PassageView>, ProblemHttpResult> EditText(long id, TextEdit body, SynthesisStore store, ReviewLog review, ClaimsPrincipal user)
    {
        if (string.IsNullOrWhiteSpace(body.Text)) return ApiProblems.BadRequest("Give the corrected 'text' of the passage.", "text");
        using var c = store.Connect();
        if (!Existence.Passage(c, id)) return ApiProblems.NotFound("passage", id);
        try
        {
            review.EditText(user.Identity!.Name!, id, body.Text);
        }
        catch (ArgumentException e)
        {
            return ApiProblems.BadRequest(e.Message, "text");
        }
        return TypedResults.Ok(ContributionQueries.Passages(c, "p.id = @id", ("@id", id))[0]);
    }

    static Results<NoContent, ProblemHttpResult> SetPublishable(long id, PublishableFlag body, SynthesisStore store, ReviewLog review, ClaimsPrincipal user)
    {
        using var c = store.Connect();
        if (!Existence.Contribution(c, id)) return ApiProblems.NotFound("contribution", id);
        review.SetPublishable(user.Identity!.Name!, id, body.Publishable);
        return TypedResults.NoContent();
    }
}
