using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Analysis;
using Synthesis.Api.Security;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Api.Pages;

public sealed class ContributionDetailModel(SynthesisStore store, ReviewLog review) : PageModel
{
    public ContributionDetail? Detail { get; private set; }
    /// <summary>Its unfinished jobs: what its analysis waits for, and why.</summary>
    public List<(string Stage, string State, string? BlockedOn, string? Reason)> Waiting { get; private set; } = [];
    public bool CanReview => Roles.Allowed(Roles.Policies.Review).Any(User.IsInRole);

    public IActionResult OnGet(long id)
    {
        using var c = store.Connect();
        Detail = ContributionQueries.Detail(c, id);
        if (Detail is null) return NotFound();
        Waiting = JobQueue.Waiting(c, id);
        return Page();
    }

    public IActionResult OnPostPublishable(long id, bool publishable)
    {
        if (!CanReview) return Forbid();
        try
        {
            review.SetPublishable(User.Identity!.Name!, id, publishable);
        }
        catch (ReviewTargetMissing)
        {
            return NotFound();
        }
        return RedirectToPage(new { id });
    }

    public IActionResult OnPostEditText(long id, long passage, string? text)
    {
        if (!CanReview) return Forbid();
        using (var c = store.Connect())
            if (!Existence.PassageOf(c, passage, id))
                return NotFound();
        if (!string.IsNullOrWhiteSpace(text)) review.EditText(User.Identity!.Name!, passage, text);
        return RedirectToPage(new { id });
    }
}
