using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Analysis;

namespace Synthesis.Api.Pages;

public sealed class IndexModel(SynthesisStore store) : PageModel
{
    /// <summary>The date as typed (jj/mm/aaaa); <see cref="Since"/> once read.</summary>
    [FromQuery(Name = "depuis")] public string? SinceText { get; set; }
    public DateTimeOffset? Since { get; private set; }
    public string? Error { get; private set; }
    public IReadOnlyList<QuestionView> Questions { get; private set; } = [];
    public long Contributions { get; private set; }
    public long Passages { get; private set; }
    public long Pending { get; private set; }
    public long UncertainTones { get; private set; }

    public void OnGet()
    {
        if (FrenchDates.TryParse(SinceText, "Nouveautés depuis le", out var since, out var error)) Since = since;
        else Error = error;
        using var c = store.Connect();
        Questions = QuestionOverview.Read(c, Since);
        Contributions = ContributionRows.Count(c);
        Passages = PassageRows.Count(c);
        Pending = JobQueue.Outstanding(c);
        UncertainTones = QuestionOverview.UncertainTones(c);
    }
}
