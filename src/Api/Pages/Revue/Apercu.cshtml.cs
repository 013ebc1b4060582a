using Synthesis.Ingest.Review;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Api.Pages;

/// <summary>
/// Before a merge or a split: the themes it touches as they are and as the run it starts will leave them (a dry run
/// of the topic analysis, <see cref="ReviewPreview"/>), with the button that takes the decision.
/// </summary>
public sealed class ApercuModel(ReviewPreview preview) : PageModel
{
    /// <summary>"merge" or "split".</summary>
    [BindProperty(SupportsGet = true)] public string? Decision { get; set; }
    [BindProperty(SupportsGet = true)] public long Into { get; set; }
    [BindProperty(SupportsGet = true)] public long From { get; set; }
    [BindProperty(SupportsGet = true)] public long Topic { get; set; }
    [BindProperty(SupportsGet = true)] public int Parts { get; set; } = 2;

    public ReviewPreviewResult? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // a value the form could not read (parts=abc) or a merge without its second theme is the reviewer's to fix
        string? wrong = !ModelState.IsValid ? "les valeurs du formulaire sont illisibles (le nombre de parties est un nombre de 2 à 20)"
            : Decision == "merge" && From == 0 ? "choisissez le thème à fusionner"
            : null;
        if (wrong is not null)
        {
            TempData["Message"] = "Décision refusée : " + wrong + ".";
            return Redirect("/revue");
        }
        try
        {
            Result = Decision switch
            {
                "merge" => await preview.MergeAsync(Into, From, ct),
                "split" => await preview.SplitAsync(Topic, Parts, ct),
                _ => null,
            };
        }
        catch (Exception e) when (e is ReviewRefused or ReviewTargetMissing)
        {
            TempData["Message"] = ReviewNotice.Refused(e);
            return Redirect("/revue");
        }
        return Result is null ? NotFound() : Page();
    }

    /// <summary>The label a topic has now (the parts of a split, which are new, by their provisional one).</summary>
    public string LabelOf(long id) =>
        Result!.Before.Concat(Result.After).SelectMany(t => new[] { t }.Concat(t.Children)).FirstOrDefault(t => t.Id == id)?.Label ?? $"thème {id}";
}
