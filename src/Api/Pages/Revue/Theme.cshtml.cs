using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Analysis;
using Synthesis.Ingest.Pipeline;
using Synthesis.Ingest.Store;

namespace Synthesis.Api.Pages;

public sealed class RevueThemeModel(SynthesisStore store, ReviewLog review) : PageModel
{
    public TopicNode? Topic { get; private set; }
    public Page<PassageView>? Passages { get; private set; }
    public List<TopicNode> Targets { get; private set; } = [];
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;
    [TempData] public string? Message { get; set; }

    public IActionResult OnGet(long id)
    {
        using var c = store.Connect();
        var map = TopicQueries.Map(c);
        Topic = TopicQueries.Find(map, id);
        if (Topic is null) return NotFound();
        Targets = map.Themes.SelectMany(t => new[] { t }.Concat(t.Children)).ToList();
        Passages = TopicQueries.PassagesPage(c, id, PageNumber, 50);
        return Page();
    }

    string Who => User.Identity!.Name!;

    /// <summary>
    /// Records the decision and comes back to the same page of passages. The address is written out: "page" is the
    /// route value Razor Pages keeps for the page's own name, so <c>RedirectToPage(new { page = … })</c> cannot carry it.
    /// </summary>
    IActionResult Done(long id, Func<long> action, string message)
    {
        try
        {
            action();
            Message = message;
        }
        catch (ArgumentException e)
        {
            Message = "Décision refusée : " + (e is ReviewRefused r ? r.French : e.Message) + ".";
        }
        catch (ReviewTargetMissing e)
        {
            Message = "Décision refusée : " + e.French + ".";
        }
        return LocalRedirect(PageNumber > 1 ? $"/revue/themes/{id}?page={PageNumber}" : $"/revue/themes/{id}");
    }

    public IActionResult OnPostMove(long id, long passage, long topic) => Done(id, () => review.Move(Who, passage, topic), $"Passage P{passage} déplacé.");
    public IActionResult OnPostOutlier(long id, long passage) => Done(id, () => review.MarkOutlier(Who, passage), $"Passage P{passage} mis hors thème.");

    public IActionResult OnPostQuestion(long id, long passage, string question) =>
        DomainNames.TryParse<QuestionType>(question, out var q) ? Done(id, () => review.SetQuestion(Who, passage, q), $"Question du passage P{passage} corrigée.") : Done(id, () => throw new ReviewRefused("unknown question", "question inconnue"), "");

    public IActionResult OnPostSentiment(long id, long passage, string sentiment) =>
        DomainNames.TryParse<Sentiment>(sentiment, out var s) ? Done(id, () => review.SetSentiment(Who, passage, s), $"Ton du passage P{passage} corrigé.") : Done(id, () => throw new ReviewRefused("unknown sentiment", "ton inconnu"), "");
}
