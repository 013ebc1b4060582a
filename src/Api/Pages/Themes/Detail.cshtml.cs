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

    public IActionResult OnGet(long id)
    {
        using var c = store.Connect();
        Detail = TopicQueries.Detail(c, id);
        if (Detail is null) return NotFound();
        if (Question is not null && !QuestionOverview.Asked.Contains(Question)) Question = null;
        Summary = TopicQueries.Summary(c, id, Question ?? "");
        Overview = Question is null ? TopicQueries.Summary(c, id, TopicQueries.OverviewKey) : null;
        return Page();
    }
}
