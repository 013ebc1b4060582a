using Microsoft.Data.Sqlite;
using Synthesis.Ingest.Store;
using Synthesis.Nlp;

namespace Synthesis.Ingest.Pipeline;

/// <summary>Cuts a written contribution into idea-sized passages, each with its character range.</summary>
public sealed class SegmentStage(PassageSplitter splitter) : IPipelineStage
{
    public string Name => Stages.Segment;
    public int BatchSize => 256;

    public Task<IReadOnlyList<JobOutcome>> RunAsync(IReadOnlyList<Job> jobs, SqliteConnection connection, CancellationToken cancellationToken)
    {
        var texts = BatchReads.Texts(connection, jobs);
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

    static void ReplacePassages(StoreWriter writer, long contributionId, string text, IReadOnlyList<TextSpan> spans)
    {
        writer.Execute("DELETE FROM passages WHERE contribution_id = $id AND source = 'text'", ("$id", contributionId));
        for (var i = 0; i < spans.Count; i++)
            writer.Execute("INSERT INTO passages(contribution_id, ord, text, source, char_start, char_end) VALUES ($c, $o, $t, 'text', $s, $e)",
                ("$c", contributionId), ("$o", i), ("$t", spans[i].Of(text)), ("$s", spans[i].Start), ("$e", spans[i].End));
    }
}

/// <summary>
/// Per-passage French analysis: language, sentiment and emotions, the three questions. Machine output only:
/// reviewers' corrections live in passage_overrides and are never overwritten here.
/// </summary>
public sealed class AnalyseStage(Func<PassageAnalyzer> analyzer) : IPipelineStage
{
    /// <summary>A stage with its analyzer already loaded (tests); the pipeline passes a loader, so that lexicons and Lefff
    /// are only read when there is something to analyse.</summary>
    public AnalyseStage(PassageAnalyzer analyzer) : this(() => analyzer) { }

    public string Name => Stages.Analyse;
    public int BatchSize => 256;

    public Task<IReadOnlyList<JobOutcome>> RunAsync(IReadOnlyList<Job> jobs, SqliteConnection connection, CancellationToken cancellationToken)
    {
        var passages = new List<(long Id, long Contribution, string Text)>();
        using (var command = connection.Command(
            $"SELECT id, contribution_id, coalesce((SELECT o.text FROM passage_overrides o WHERE o.passage_id = passages.id), text) FROM passages WHERE contribution_id IN ({string.Join(',', jobs.Select(j => j.Subject))}) ORDER BY id"))
        using (var reader = command.ExecuteReader())
            while (reader.Read()) passages.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2)));
        var analysis = analyzer();
        // once reviewers have corrected enough sentiments, a model trained on them (with the lexicon as features) decides
        if (ReviewerSentiment.For(connection, analysis.Lexicon) is { } model) analysis = analysis.WithSentiment(model.Score);
        var results = analysis.Analyse(passages.Select(p => p.Text).ToList());
        var byContribution = passages.Select((p, i) => (p, r: results[i])).ToLookup(x => x.p.Contribution);
        return Task.FromResult<IReadOnlyList<JobOutcome>>(jobs.Select(job =>
        {
            var mine = byContribution[job.Subject].ToList();
            return (JobOutcome)new JobOutcome.Completed(w =>
            {
                foreach (var (p, r) in mine) Save(w, p.Id, r);
            }, Stages.Index);
        }).ToArray());
    }

    static void Save(StoreWriter w, long passageId, PassageAnalysisResult r) =>
        w.Execute("""
            INSERT OR REPLACE INTO passage_analysis(passage_id, language, language_confidence, sentiment, sentiment_score, emotions,
                problem, engagement, solution, other, question)
            VALUES ($id, $lang, $langc, $sent, $score, $emo, $p, $e, $s, $o, $q)
            """, ("$id", passageId), ("$lang", r.Language), ("$langc", r.LanguageConfidence), ("$sent", DomainNames.Name(r.Sentiment.Label)),
            ("$score", r.Sentiment.Score), ("$emo", Emotions(r.Sentiment.Emotions)), ("$p", r.Problem), ("$e", r.Engagement),
            ("$s", r.Solution), ("$o", r.Other), ("$q", DomainNames.Name(r.Question)));

    static string? Emotions(IReadOnlyDictionary<string, double> emotions) =>
        emotions.Count == 0 || emotions.Values.All(v => v == 0)
            ? null
            : System.Text.Json.JsonSerializer.Serialize(emotions.Where(kv => kv.Value > 0).ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 3)));
}
