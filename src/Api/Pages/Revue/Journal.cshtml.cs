using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Analysis;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Api.Pages;

/// <summary>The review journal in French: who, when, what, before and after with names and links; filters.</summary>
public sealed class JournalModel(SynthesisStore store, ReviewLog review) : PageModel
{
    public IReadOnlyList<JournalLine> Lines { get; private set; } = [];
    public IReadOnlyList<string> Reviewers { get; private set; } = [];
    public IReadOnlyList<TopicNode> Topics { get; private set; } = [];
    [FromQuery(Name = "relecteur")] public string? Reviewer { get; set; }
    [FromQuery(Name = "action")] public string? Action { get; set; }
    [FromQuery(Name = "theme")] public long? Topic { get; set; }
    [TempData] public string? Message { get; set; }

    public bool Filtered => Reviewer is not null || Action is not null || Topic is not null;

    public void OnGet()
    {
        Reviewer = string.IsNullOrWhiteSpace(Reviewer) ? null : Reviewer;
        Action = ReviewJournal.Actions.Any(a => a.Action == Action) ? Action : null;
        using var c = store.Connect();
        Lines = ReviewJournal.Describe(c, review.Entries(300, reviewer: Reviewer, action: Action, topic: Topic));
        Reviewers = review.Reviewers();
        Topics = TopicQueries.Map(c).Themes.SelectMany(t => new[] { t }.Concat(t.Children)).ToList();
    }

    public IActionResult OnPostUndo(long decision)
    {
        try
        {
            review.Undo(User.Identity!.Name!, decision);
            Message = $"Décision n° {decision} annulée : l'analyse est relancée pour en tenir compte.";
        }
        catch (KeyNotFoundException)
        {
            Message = $"La décision n° {decision} n'est plus active.";
        }
        return RedirectToPage();
    }
}
