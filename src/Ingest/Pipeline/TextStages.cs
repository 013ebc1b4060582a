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
