using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Analysis;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Api.Pages;

public sealed class RevueModel(SynthesisStore store, ReviewLog review) : PageModel
{
    public TopicMap Map { get; private set; } = new([], 0, 0);
    [TempData] public string? Message { get; set; }

    public void OnGet()
    {
        using var c = store.Connect();
        Map = TopicQueries.Map(c);
    }

    string Who => User.Identity!.Name!;

    IActionResult Done(Func<long> action, string message)
    {
        Message = ReviewNotice.Of(action, message);
        return RedirectToPage();
    }

    public IActionResult OnPostRename(long topic, string label) => Done(() => review.Rename(Who, topic, label ?? ""), "Thème renommé.");
    public IActionResult OnPostMerge(long into, long from) => Done(() => review.Merge(Who, into, from), "Fusion enregistrée : elle s'applique à la prochaine analyse, lancée maintenant.");
    public IActionResult OnPostSplit(long topic, int parts) => Done(() => review.Split(Who, topic, parts), "Scission enregistrée : elle s'applique à la prochaine analyse, lancée maintenant.");
    public IActionResult OnPostAccept(long topic, bool accepted) => Done(() => review.Accept(Who, topic, accepted), accepted ? "Thème validé." : "Validation retirée.");
}
