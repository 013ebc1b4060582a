using Synthesis.Ingest.Review;
using System.Data.Common;
using Synthesis.Nlp;

namespace Synthesis.Ingest.Pipeline;

/// <summary>Cuts a written contribution into idea-sized passages, each with its character range.</summary>
public sealed class SegmentStage(PassageSplitter splitter) : IPipelineStage
{
    public string Name => Stages.Segment;
    public int BatchSize => 256;

    public Task<IReadOnlyList<JobOutcome>> RunAsync(IReadOnlyList<Job> jobs, DbConnection connection, CancellationToken cancellationToken)
    {
        var texts = ContributionRows.Texts(connection, jobs.Select(j => j.Subject));
        var outcomes = new JobOutcome[jobs.Count];
        for (var i = 0; i < jobs.Count; i++)
        {
            var id = jobs[i].Subject;
            if (!texts.TryGetValue(id, out var contribution))
            {
                outcomes[i] = new JobOutcome.Failed($"contribution {id} no longer exists");
                continue;
            }
            var text = contribution.Text;
            var spans = splitter.Split(text);
            outcomes[i] = new JobOutcome.Completed(w => ReplacePassages(w, id, text, spans), Stages.Analyse);
        }
        return Task.FromResult<IReadOnlyList<JobOutcome>>(outcomes);
    }

    static void ReplacePassages(StoreWriter writer, long contributionId, string text, IReadOnlyList<TextSpan> spans) =>
        PassageRows.Replace(writer, contributionId, "text", spans.Select(s => new NewPassage(s.Of(text), s.Start, s.End)).ToList());
}

/// <summary>
/// Per-passage French analysis: language, sentiment and emotions, the three questions. Machine output only:
/// reviewers' corrections live in passage_overrides and are never overwritten here.
/// </summary>
public sealed class AnalyseStage(Func<PassageAnalyzer> analyzer, Func<Nlp.Sentiment.SentimentModel?>? tone = null, Func<Nlp.Questions.QuestionClassifier?>? questions = null) : IPipelineStage
{
    /// <summary>The shipped models: the pipeline loads them only when there is something to analyse.</summary>
    public AnalyseStage(Models.FrenchModels models) : this(models.Analyzer, models.ToneModel, models.QuestionModel) { }

    /// <summary>A stage with its analyzer already loaded (tests).</summary>
    public AnalyseStage(PassageAnalyzer analyzer) : this(() => analyzer) { }

    public string Name => Stages.Analyse;
    public int BatchSize => 256;

    /// <summary>The models retrained with reviewers' tones and question types, when they change.</summary>
    readonly ReviewerModels _reviewers = new();

    public Task<IReadOnlyList<JobOutcome>> RunAsync(IReadOnlyList<Job> jobs, DbConnection connection, CancellationToken cancellationToken)
    {
        var passages = PassageRows.OfContributions(connection, jobs.Select(j => j.Subject));
        // reviewers' corrected tones and question types retrain the shipped models (their examples, then the corrections)
        var analysis = _reviewers.For(connection, analyzer(), tone?.Invoke(), questions?.Invoke());
        var results = analysis.Analyse(passages.Select(p => p.Text).ToList());
        var byContribution = passages.Select((p, i) => (p, r: results[i])).ToLookup(x => x.p.Contribution);
        return Task.FromResult<IReadOnlyList<JobOutcome>>(jobs.Select(job =>
        {
            var mine = byContribution[job.Subject].ToList();
            return (JobOutcome)new JobOutcome.Completed(w =>
            {
                foreach (var (p, r) in mine) PassageRows.SaveAnalysis(w, p.Id, r);
            }, Stages.Index);
        }).ToArray());
    }

}
