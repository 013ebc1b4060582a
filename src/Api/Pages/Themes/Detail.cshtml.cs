using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Analysis;

namespace Synthesis.Api.Pages;

public sealed class ThemeDetailModel(SynthesisStore store) : PageModel
{
    public TopicDetail? Detail { get; private set; }
    public TopicSummaryView? Summary { get; private set; }
    public TopicSummaryView? Overview { get; private set; }
    [FromQuery(Name = "question")] public string? Question { get; set; }

    /// <summary>The groups of repeated texts a theme page lists, the largest first.</summary>
    public const int DuplicatesShown = 20;

    public IActionResult OnGet(long id)
    {
        using var c = store.Connect();
        if (Question is not null && !QuestionOverview.Asked.Contains(Question)) Question = null;
        // a question tab narrows the charts as well as the summary
        Detail = TopicQueries.Detail(c, id, question: Question, duplicates: DuplicatesShown);
        if (Detail is null) return NotFound();
        Summary = TopicQueries.Summary(c, id, Question ?? "");
        Overview = Question is null ? TopicQueries.Summary(c, id, TopicQueries.OverviewKey) : null;
        return Page();
    }
}
