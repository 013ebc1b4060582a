using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Analysis;

namespace Synthesis.Api.Pages;

public sealed class ThemeDetailModel(SynthesisStore store, Ingest.SynthesisOptions settings) : PageModel
{
    /// <summary>Profiles and neighbourhoods fewer contributions share are counted together (<c>Synthesis:SmallCell</c>).</summary>
    public int SmallCell => settings.SmallCell;

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

/// <summary>One bar chart of a theme page: a breakdown, the words for its values, and for a field that can point at
/// people (profile, neighbourhood) the small-cell threshold under which values are counted together.</summary>
public sealed record BarsView(string Title, Breakdown Data, Func<string, string> Label, int? SmallCell = null);
