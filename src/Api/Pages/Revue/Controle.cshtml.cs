using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Analysis;
using Synthesis.Ingest.Review;

namespace Synthesis.Api.Pages;

/// <summary>The staff checks: those drawn, with their progress, and the form that draws a new one.</summary>
public sealed class ControleModel(SynthesisStore store, StaffCheck checks) : PageModel
{
    public IReadOnlyList<CheckSummary> Checks { get; private set; } = [];
    public long Analysed { get; private set; }
    [TempData] public string? Message { get; set; }

    public void OnGet()
    {
        using var c = store.Connect();
        Checks = CheckRows.All(c);
        Analysed = PassageRows.AnalysedCount(c); // the passages a sample is drawn from (CheckRows.Candidates)
    }

    public IActionResult OnPost(int? taille)
    {
        var (id, refusal) = checks.Draw(User.Identity!.Name!, taille ?? CheckSample.DefaultSize);
        if (id is null)
        {
            Message = $"Échantillon non tiré : {refusal}.";
            return LocalRedirect("/revue/controle");
        }
        return LocalRedirect($"/revue/controle/{id}");
    }
}
