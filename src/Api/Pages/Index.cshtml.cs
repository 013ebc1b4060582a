using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Analysis;

namespace Synthesis.Api.Pages;

public sealed class IndexModel(SynthesisStore store, Synthesis.Ingest.SynthesisOptions settings) : PageModel
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

    /// <summary>Nothing imported yet: the page guides the first steps instead of showing empty questions.</summary>
    public bool FirstRun => Contributions == 0;

    /// <summary>Contributions are in but no passage is analysed yet: the page shows the run going on.</summary>
    public bool Analysing => Contributions > 0 && Questions.All(q => q.Count == 0);

    /// <summary>Where the speech model is looked for, and whether it is there (the first steps say what to do if not).</summary>
    public string WhisperModel { get; private set; } = "";
    public bool WhisperReady => System.IO.File.Exists(WhisperModel);
    public Apis.JobsResponse? Jobs { get; private set; }

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
        if (Analysing) Jobs = Apis.JobsApi.Read(store);
        if (FirstRun)
            WhisperModel = Synthesis.Ingest.Models.ModelCatalog.For(store.DataDirectory, settings)
                .Resolve(Synthesis.Ingest.Pipeline.MediaSettings.From(settings, 1).WhisperModel);
    }
}
