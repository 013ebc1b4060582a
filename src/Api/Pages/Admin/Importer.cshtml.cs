using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Apis;
using Synthesis.Ingest;
using Synthesis.Ingest.Import;

namespace Synthesis.Api.Pages;

/// <summary>
/// « Importer des contributions »: files sent from the browser, imported as `synthesis import` does, then the import
/// report (taken, already there, refused rows with their reasons in French) and the analysis it starts, live.
/// The body's size limit is set from Synthesis:MaxUploadBytes before the form is read (<see cref="SizeLimit"/>).
/// </summary>
[RequestFormLimits(MultipartBodyLengthLimit = long.MaxValue, ValueCountLimit = 1024)]
public sealed class ImporterModel(SynthesisStore store, SynthesisOptions settings) : PageModel
{
    public const string Path = "/admin/importer";

    public ImportReport? Report { get; private set; }
    public JobsResponse? Jobs { get; private set; }
    public string? Refusal { get; private set; }
    public long LimitBytes => settings.MaxUploadBytes;

    /// <param name="tropLourd">The size of an upload refused for its size (set by <see cref="SizeLimit"/>).</param>
    public void OnGet(long? tropLourd)
    {
        if (tropLourd is { } bytes) Refusal = $"Envoi refusé : {Megabytes(bytes)} dépassent la limite de {Megabytes(settings.MaxUploadBytes)} (réglage Synthesis:MaxUploadBytes). Envoyez les fichiers en plusieurs fois.";
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancel)
    {
        var files = Request.Form.Files;
        if (files.Count == 0)
        {
            Refusal = "Aucun fichier choisi : choisissez au moins un fichier à importer.";
            return Page();
        }
        Report = await UploadImport.ImportAsync(store, files, cancel);
        Jobs = JobsApi.Read(store);
        return Page();
    }

    public static string Megabytes(long bytes) =>
        (bytes / 1048576.0).ToString(bytes < 10 * 1048576 ? "0.#" : "N0", System.Globalization.CultureInfo.GetCultureInfo("fr-FR")) + " Mo";

    /// <summary>
    /// Middleware: a POST to the page may carry up to Synthesis:MaxUploadBytes (Kestrel's default is 30 MB); a larger
    /// one, by its announced length, goes back to the page with the reason before its body is read.
    /// </summary>
    public static Task SizeLimit(HttpContext context, Func<Task> next)
    {
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase))
        {
            var limit = context.RequestServices.GetRequiredService<SynthesisOptions>().MaxUploadBytes;
            if (context.Request.ContentLength > limit)
            {
                context.Response.Redirect($"{Path}?tropLourd={context.Request.ContentLength}");
                return Task.CompletedTask;
            }
            if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
                size.MaxRequestBodySize = limit;
        }
        return next();
    }
}
