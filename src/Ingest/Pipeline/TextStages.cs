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
            outcomes[i] = new JobOutcome.Completed((c, tx) => ReplacePassages(c, tx, id, text, spans), Stages.Analyse);
        }
        return Task.FromResult<IReadOnlyList<JobOutcome>>(outcomes);
    }

    static void ReplacePassages(SqliteConnection connection, SqliteTransaction tx, long contributionId, string text, IReadOnlyList<TextSpan> spans)
    {
        connection.Execute("DELETE FROM passages WHERE contribution_id = $id AND source = 'text'", tx, ("$id", contributionId));
        using var insert = connection.Command("""
            INSERT INTO passages(contribution_id, ord, text, source, char_start, char_end) VALUES ($c, $o, $t, 'text', $s, $e)
            """, tx);
        var c = insert.Parameters.Add("$c", SqliteType.Integer);
        var o = insert.Parameters.Add("$o", SqliteType.Integer);
        var t = insert.Parameters.Add("$t", SqliteType.Text);
        var s = insert.Parameters.Add("$s", SqliteType.Integer);
        var e = insert.Parameters.Add("$e", SqliteType.Integer);
        for (var i = 0; i < spans.Count; i++)
        {
            c.Value = contributionId;
            o.Value = i;
            t.Value = spans[i].Of(text);
            s.Value = spans[i].Start;
            e.Value = spans[i].End;
            insert.ExecuteNonQuery();
        }
    }
}

/// <summary>
/// Per-passage French analysis (language, lemmas, embedding, sentiment, question type). This foundation stage
/// only passes passages on; the French analysis fills it in.
/// </summary>
public sealed class AnalyseStage : IPipelineStage
{
    public string Name => Stages.Analyse;
    public int BatchSize => 256;

    public Task<IReadOnlyList<JobOutcome>> RunAsync(IReadOnlyList<Job> jobs, SqliteConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<JobOutcome>>(jobs.Select(_ => (JobOutcome)new JobOutcome.Completed(null, Stages.Index)).ToArray());
}

/// <summary>Adds passages to the search indexes (filled in by search); then asks for a corpus analysis.</summary>
public sealed class IndexStage : IPipelineStage
{
    public string Name => Stages.Index;
    public int BatchSize => 256;

    public Task<IReadOnlyList<JobOutcome>> RunAsync(IReadOnlyList<Job> jobs, SqliteConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<JobOutcome>>(jobs.Select(_ => (JobOutcome)new JobOutcome.Completed(null, Stages.Corpus)).ToArray());
}

/// <summary>Corpus-wide analysis (topics, summaries), run once every per-contribution job has settled.</summary>
public sealed class CorpusStage : IPipelineStage
{
    public string Name => Stages.Corpus;
    public int BatchSize => 1;
    public bool WaitsForOtherStages => true;

    public Task<IReadOnlyList<JobOutcome>> RunAsync(IReadOnlyList<Job> jobs, SqliteConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<JobOutcome>>(jobs.Select(_ => (JobOutcome)new JobOutcome.Completed(null)).ToArray());
}
