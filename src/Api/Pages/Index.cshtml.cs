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
    public long UncertainQuestions { get; private set; }

    /// <summary>
    /// Analysed passages that answer none of the three questions (« autres »), which the page has no section for: the
    /// analysed passages the three sections do not count (both leave a reviewer's exclusions apart).
    /// </summary>
    public long Unasked => Passages - Questions.Sum(q => q.Count);

    /// <summary>
    /// How many passages the machine labelled without being sure, and what « incertain » means on every page: « Ton
    /// incertain pour 618 passages (la machine en est sûre à moins de 60 %) ; type de question incertain pour 1 850
    /// passages, « autres » compris (sûre à moins de 80 %). » Null when there is none.
    /// </summary>
    public string? UncertainSentence
    {
        get
        {
            var fr = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");
            string Percent(double threshold) => (threshold * 100).ToString("0", fr) + "\u00a0%";
            string Passages(long n) => n.ToString("N0", fr) + (n > 1 ? " passages" : " passage");
            var parts = new List<string>();
            if (UncertainTones > 0) parts.Add($"ton incertain pour {Passages(UncertainTones)} (la machine en est sûre à moins de {Percent(LabelConfidence.ToneUncertainBelow)})");
            if (UncertainQuestions > 0)
                parts.Add($"type de question incertain pour {Passages(UncertainQuestions)}, « autres » compris ({(parts.Count > 0 ? "sûre" : "la machine en est sûre")} à moins de {Percent(LabelConfidence.QuestionUncertainBelow)})");
            if (parts.Count == 0) return null;
            var sentence = string.Join(" ; ", parts) + ".";
            return Reports.FrenchLabels.Capitalised(sentence);
        }
    }

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
        if (!FrenchDates.TryParse(SinceText, "Nouveautés depuis le", out var since, out var error)) Error = error;
        // nothing can be new since a day to come: « dont 0 depuis le 1er janvier 2030 » says nothing
        else if (since > DateTimeOffset.Now) Error = $"La date « {SinceText!.Trim()} » est à venir : choisissez un jour passé pour voir ce qui est arrivé depuis.";
        else Since = since;
        using var c = store.Connect();
        Questions = QuestionOverview.Read(c, Since);
        Contributions = ContributionRows.Count(c);
        // as the three questions count them: analysed, a reviewer's exclusions apart (the reports' figure too)
        Passages = PassageRows.AnalysedCount(c);
        Pending = JobQueue.Outstanding(c);
        UncertainTones = QuestionOverview.UncertainTones(c);
        UncertainQuestions = QuestionOverview.UncertainQuestions(c);
        if (Analysing) Jobs = Apis.JobsApi.Read(store);
        if (FirstRun)
            WhisperModel = Synthesis.Ingest.Models.ModelCatalog.For(store.DataDirectory, settings)
                .Resolve(Synthesis.Ingest.Pipeline.MediaSettings.From(settings, 1).WhisperModel);
    }
}
