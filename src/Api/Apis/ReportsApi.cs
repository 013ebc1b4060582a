using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Synthesis.Api.Reports;
using Synthesis.Api.Security;

namespace Synthesis.Api.Apis;

/// <summary>Report exports (Markdown, DOCX with charts, CSV) of the whole analysis or a selection of topics and a question.</summary>
public static class ReportsApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reports").WithTags("Reports").RequireAuthorization(Roles.Policies.Read);
        api.MapGet("/{format}", Export);
    }

    public static bool TrySelection(string? topics, string? question, out ReportSelection selection, out ProblemHttpResult? problem)
    {
        selection = new ReportSelection();
        if (!ApiProblems.TryParseIds(topics, "topics", out var ids, out problem)) return false;
        if (!ApiProblems.TryParseOne<QuestionType>(question, "question", out var q, out problem)) return false;
        selection = new ReportSelection(ids, q);
        return true;
    }

    /// <summary>Where a report's links point: <c>Synthesis:PublicUrl</c>, else the address the export was asked from.</summary>
    public static string LinkBase(HttpRequest request, Ingest.SynthesisOptions settings) =>
        settings.PublicUrl is { Length: > 0 } url ? url.TrimEnd('/') : $"{request.Scheme}://{request.Host}{request.PathBase}";

    static Results<FileContentHttpResult, ProblemHttpResult> Export(string format, string? topics, string? question, HttpRequest request, SynthesisStore store,
        Ingest.SynthesisOptions settings)
    {
        if (!TrySelection(topics, question, out var selection, out var problem)) return problem!;
        using var c = store.Connect();
        var content = ReportContent.Build(c, selection, LinkBase(request, settings));
        // the file says what it holds: two selections exported in the same minute do not overwrite each other
        var named = new List<string> { "synthese" };
        if (selection.Topics is { Count: > 0 } && content.Themes.Count > 0)
            named.Add(FrenchLabels.FileSlug(content.Themes[0].Topic.Label) + (content.Themes.Count > 2 ? $"-et-{content.Themes.Count - 1}-autres" : content.Themes.Count == 2 ? "-et-1-autre" : ""));
        if (selection.Question is { } chosen) named.Add(FrenchLabels.FileSlug(FrenchLabels.QuestionShort(DomainNames.Name(chosen))));
        var stamp = string.Join('-', named) + "-" + content.GeneratedAt.ToString("yyyyMMdd-HHmm");
        return format.ToLowerInvariant() switch
        {
            "markdown" or "md" => TypedResults.File(System.Text.Encoding.UTF8.GetBytes(MarkdownReport.Write(content)), "text/markdown; charset=utf-8", $"{stamp}.md"),
            "docx" => TypedResults.File(DocxReport.Write(content), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", $"{stamp}.docx"),
            "csv" => TypedResults.File([.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(CsvReport.Write(c, content))], "text/csv; charset=utf-8", $"{stamp}.csv"),
            _ => ApiProblems.BadRequest($"Unknown report format '{format}': use markdown, docx or csv.", "format"),
        };
    }
}
