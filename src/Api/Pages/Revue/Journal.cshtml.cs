using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Api.Pages;

public sealed class JournalModel(ReviewLog review) : PageModel
{
    public IReadOnlyList<ReviewEntry> Entries { get; private set; } = [];
    [TempData] public string? Message { get; set; }

    public void OnGet() => Entries = review.Entries(300);

    public IActionResult OnPostUndo(long decision)
    {
        try
        {
            review.Undo(User.Identity!.Name!, decision);
            Message = $"Décision {decision} annulée.";
        }
        catch (KeyNotFoundException)
        {
            Message = $"La décision {decision} n'est plus active.";
        }
        return RedirectToPage();
    }

    public static string French(string action) => action switch
    {
        "rename" => "renommage", "merge" => "fusion", "split" => "scission", "move" => "déplacement", "outlier" => "hors thème",
        "set_question" => "question corrigée", "set_sentiment" => "ton corrigé", "accept" => "validation", "edit_text" => "transcription corrigée",
        "publishable" => "publication", "undo" => "annulation", _ => action,
    };
}
