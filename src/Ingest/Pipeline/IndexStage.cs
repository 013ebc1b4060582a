using System.Data.Common;
using Synthesis.Ingest.Search;

namespace Synthesis.Ingest.Pipeline;

/// <summary>
/// Makes a contribution's passages searchable: embeds them (the data folder's embedding model, the built-in French
/// one by default), stores each vector in passage_vectors with its model key, committed with the job; once that commit
/// is durable, the search indexes (vector and BM25) catch up from the store's change log, which also removes passages
/// that re-segmentation replaced. Then asks for a corpus analysis.
/// </summary>
public sealed class IndexStage : IPipelineStage
{
    readonly SynthesisStore _store;
    readonly PassageEmbedder _embedder;
    readonly IndexRegistry _registry;
    readonly SearchSettings _settings;
    readonly object _gate = new();
    PassageIndexes? _indexes;
    DateTime _retryAt;

    public IndexStage(SynthesisStore store, PassageEmbedder embedder, IndexRegistry registry, SearchSettings settings)
    {
        _store = store;
        _registry = registry;
        _embedder = embedder;
        _settings = settings;
    }

    /// <summary>
    /// Whether the process's search indexes catch up after each commit (default). False for a worker that serves no
    /// search: it stores the vectors only, and the serving machines' indexes catch up from the store's change log.
    /// </summary>
    public bool KeepsIndexes { get; init; } = true;

    /// <summary>
    /// The process's indexes, opened on first use. Indexes that cannot open now (Qdrant unreachable) are tried again
    /// a minute later; meanwhile the vectors are in the store and the next catch-up applies them.
    /// </summary>
    PassageIndexes? Indexes()
    {
        if (!KeepsIndexes) return null;
        lock (_gate)
        {
            if (_indexes is not null || DateTime.UtcNow < _retryAt) return _indexes;
            try { _indexes = _registry.For(_store, _embedder, _settings); }
            catch (Exception e) when (e is IOException or InvalidOperationException or Grpc.Core.RpcException or TimeoutException)
            {
                _retryAt = DateTime.UtcNow.AddMinutes(1);
            }
            return _indexes;
        }
    }

    /// <summary>
    /// Opens the search indexes now rather than at the first catch-up, so that an index built with another model starts
    /// rebuilding (and topics are queued again, see <see cref="PassageIndexes"/>) before the pipeline's first pass.
    /// </summary>
    public void Open() => Indexes();

    public string Name => Stages.Index;
    public int BatchSize => 256;

    public Task<IReadOnlyList<JobOutcome>> RunAsync(IReadOnlyList<Job> jobs, DbConnection connection, CancellationToken cancellationToken)
    {
        var passages = SearchRows.TextsOfContributions(connection, jobs.Select(j => j.Subject));
        var vectors = _embedder.EmbedPassages(passages.Select(p => p.Text).ToList());
        var byContribution = passages.Select((p, i) => (p.Id, p.ContributionId, Vector: vectors[i])).ToLookup(x => x.ContributionId);
        var model = _embedder.Info.Key;
        return Task.FromResult<IReadOnlyList<JobOutcome>>(jobs.Select(job =>
        {
            var mine = byContribution[job.Subject].ToList();
            return (JobOutcome)new JobOutcome.Completed(w =>
            {
                foreach (var (id, _, vector) in mine) SearchRows.SaveVector(w, id, model, vector);
                w.AfterCommit(RequestCatchUp);
            }, Stages.Corpus);
        }).ToArray());
    }

    /// <summary>Asks the process's search indexes to apply what was just committed (topics too, see <see cref="CatchUpAfter"/>).</summary>
    public void RequestCatchUp() => Indexes()?.RequestCatchUp();

    /// <summary>Waits until the requested catch-ups are applied and saved (the end of <c>synthesis analyse</c>, tests).</summary>
    public Task DrainAsync() => Indexes() is { } i ? i.DrainAsync() : Task.CompletedTask;
}

/// <summary>
/// Runs a stage unchanged, and once its results are committed asks the search indexes to catch up: after the corpus
/// stage, every passage whose topic changed is re-upserted with its new topic, so topic filters see it.
/// </summary>
public sealed class CatchUpAfter(IPipelineStage inner, Action catchUp) : IPipelineStage
{
    /// <summary>The stage whose commits are followed by a catch-up.</summary>
    public IPipelineStage Inner => inner;
    public string Name => inner.Name;
    public int BatchSize => inner.BatchSize;
    public bool WaitsForOtherStages => inner.WaitsForOtherStages;
    public StageReadiness Readiness() => inner.Readiness();

    public async Task<IReadOnlyList<JobOutcome>> RunAsync(IReadOnlyList<Job> jobs, DbConnection connection, CancellationToken cancellationToken)
    {
        var outcomes = await inner.RunAsync(jobs, connection, cancellationToken).ConfigureAwait(false);
        return outcomes.Select(o => o is JobOutcome.Completed c
            ? c with { Commit = w => { c.Commit?.Invoke(w); w.AfterCommit(catchUp); } }
            : o).ToList();
    }
}
