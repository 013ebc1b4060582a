using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Analysis;

namespace Synthesis.Api.Pages;

public sealed class IndexModel(SynthesisStore store) : PageModel
{
    [FromQuery(Name = "depuis")] public DateTimeOffset? Since { get; set; }
    public IReadOnlyList<QuestionView> Questions { get; private set; } = [];
    public long Contributions { get; private set; }
    public long Passages { get; private set; }
    public long Pending { get; private set; }

    public void OnGet()
    {
        using var c = store.Connect();
        Questions = QuestionOverview.Read(c, Since);
        Contributions = ContributionRows.Count(c);
        Passages = PassageRows.Count(c);
        Pending = JobQueue.Outstanding(c);
    }
}
