using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Analysis;

namespace Synthesis.Api.Pages;

/// <summary>
/// One staff check: the passages still to label (ten at a time, blind to the machine's labels), then how far the
/// machine agrees with the staff, label by label.
/// </summary>
public sealed class ControleDetailModel(SynthesisStore store, StaffCheck checks) : PageModel
{
    /// <summary>Passages shown to label at once.</summary>
    public const int PerPage = 10;

    public CheckSummary? Check { get; private set; }
    public IReadOnlyList<CheckItem> Items { get; private set; } = [];
    public IReadOnlyList<CheckItem> ToLabel { get; private set; } = [];
    public IReadOnlyList<CheckAgreement> Agreements { get; private set; } = [];
    [TempData] public string? Message { get; set; }

    /// <summary>
    /// The answers of the passages refused at the last save (a tone without a type, say), as the form named them: they
    /// are ticked again, so that the reviewer only adds what was missing.
    /// </summary>
    [TempData] public string? KeptAnswers { get; set; }
    public IReadOnlyDictionary<string, string> Kept { get; private set; } = new Dictionary<string, string>();

    public IActionResult OnGet(long id)
    {
        using var c = store.Connect();
        Check = CheckRows.Find(c, id);
        if (Check is null) return NotFound();
        Items = CheckRows.Items(c, id);
        ToLabel = Items.Where(i => !i.Labelled).Take(PerPage).ToList();
        Agreements = StaffCheck.Agreements(Items);
        if (KeptAnswers is { Length: > 0 } kept)
            Kept = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(kept) ?? [];
        return Page();
    }

    /// <summary>Analyses every contribution again, so that the corrections retrain the tone and question types of all passages.</summary>
    public IActionResult OnPostReanalyse(long id)
    {
        using var c = store.Connect();
        var n = JobQueue.ReanalyseAll(c, Stages.Analyse);
        Message = $"Nouvelle analyse de {n.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"))} contributions lancée : les modèles apprennent vos corrections, puis le ton et le type de chaque passage sont revus (suivez-la sur la page Tâches).";
        return LocalRedirect($"/revue/controle/{id}");
    }

    /// <summary>The labels of the passages shown (ton-P, question-P for each passage P); those left blank stay to do.</summary>
    public IActionResult OnPost(long id, long[] passages)
    {
        var done = 0;
        var refusals = new List<string>();
        var kept = new Dictionary<string, string>();
        Dictionary<long, int> order;
        using (var c = store.Connect()) order = CheckRows.Items(c, id).ToDictionary(i => i.PassageId, i => i.Order);
        foreach (var p in passages)
        {
            string? tone = Request.Form[$"ton-{p}"], question = Request.Form[$"question-{p}"];
            if (string.IsNullOrEmpty(tone) && string.IsNullOrEmpty(question)) continue;
            // named as the page shows it (« Passage n° 10 »)
            var shownAs = order.TryGetValue(p, out var n) ? $"passage n° {n}" : null;
            if (checks.Label(User.Identity!.Name!, id, p, tone, question, shownAs) is { } refusal)
            {
                refusals.Add(refusal);
                if (!string.IsNullOrEmpty(tone)) kept[$"ton-{p}"] = tone;
                if (!string.IsNullOrEmpty(question)) kept[$"question-{p}"] = question;
            }
            else done++;
        }
        KeptAnswers = kept.Count > 0 ? System.Text.Json.JsonSerializer.Serialize(kept) : null;
        Message = (done == 0 ? "Aucun passage enregistré." : done == 1 ? "1 passage enregistré." : $"{done} passages enregistrés.")
            + (refusals.Count > 0 ? " " + string.Join(" ; ", refusals) + "." : "");
        return LocalRedirect($"/revue/controle/{id}");
    }
}
