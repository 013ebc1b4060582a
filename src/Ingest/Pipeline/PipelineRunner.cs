using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Synthesis.Ingest.Store;

namespace Synthesis.Ingest.Pipeline;

public sealed record PipelineOptions
{
    /// <summary>Concurrent workers in this process; SQLite serialises the commits, stages compute in parallel.</summary>
    public int Workers { get; init; } = Math.Max(1, Environment.ProcessorCount);
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(30);
    public int MaxAttempts { get; init; } = 4;
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Overrides every stage's batch size (smaller batches commit more often).</summary>
    public int? BatchSize { get; init; }
}

/// <summary>
/// Runs the pipeline's stages over the job queue: lease a batch, compute, commit results with completion.
/// Used by <c>synthesis analyse</c> (until the queue is idle) and by the hosted worker (forever).
/// </summary>
public sealed class PipelineRunner(SynthesisStore store, IReadOnlyList<IPipelineStage> stages, PipelineOptions options, ILogger? logger = null)
{
    readonly ILogger _log = logger ?? NullLogger.Instance;
    public IReadOnlyList<IPipelineStage> Stages { get; } = stages;

    /// <summary>Processes jobs until none is outstanding (parked jobs wait for people or prerequisites).</summary>
    public async Task RunUntilIdleAsync(Action<JobCounts>? progress = null, CancellationToken cancellationToken = default)
    {
        using (var connection = store.Connect()) JobQueue.ReclaimDeadLocalLeases(connection);
        var workers = Enumerable.Range(0, options.Workers)
            .Select(i => Task.Run(() => WorkerLoopAsync($"w{i}", stopWhenIdle: true, cancellationToken), cancellationToken))
            .ToList();
        if (progress is not null)
        {
            using var connection = store.Connect();
            while (!workers.All(w => w.IsCompleted))
            {
                progress(JobQueue.Counts(connection));
                await Task.WhenAny(Task.WhenAll(workers), Task.Delay(200, cancellationToken));
            }
            progress(JobQueue.Counts(connection));
        }
        await Task.WhenAll(workers);
    }

    /// <summary>One worker: loops over the stages, sleeping while nothing is runnable.</summary>
    public async Task WorkerLoopAsync(string name, bool stopWhenIdle, CancellationToken cancellationToken)
    {
        var owner = LeaseOwner.ForThisProcess(name);
        using var connection = store.Connect();
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await RunOnceAsync(connection, owner, cancellationToken)) continue;
            if (stopWhenIdle && JobQueue.Outstanding(connection) == 0) return;
            var wake = JobQueue.NextWake(connection);
            var wait = wake is null ? 1000 : Math.Clamp(wake.Value - JobQueue.Now(), 20, 1000);
            try { await Task.Delay(TimeSpan.FromMilliseconds(wait), cancellationToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Leases and runs one batch of the first stage that has work. False when nothing was runnable.</summary>
    public async Task<bool> RunOnceAsync(SqliteConnection connection, LeaseOwner owner, CancellationToken cancellationToken)
    {
        foreach (var stage in Stages)
        {
            if (BecameReady(stage)) JobQueue.UnblockAll(connection, stage.Name);
            if (stage.WaitsForOtherStages && OtherStagesOutstanding(connection, stage.Name)) continue;
            var jobs = JobQueue.Lease(connection, stage.Name, options.BatchSize ?? stage.BatchSize, owner, options.Lease);
            if (jobs.Count == 0) continue;
            await RunBatchAsync(connection, stage, jobs, owner, cancellationToken);
            return true;
        }
        return false;
    }

    readonly Dictionary<string, bool> _wasReady = [];

    /// <summary>True the first time a stage is seen ready, and whenever it turns ready again (a model appeared).</summary>
    bool BecameReady(IPipelineStage stage)
    {
        var ready = stage.Readiness().Ready;
        lock (_wasReady)
        {
            var before = _wasReady.GetValueOrDefault(stage.Name);
            _wasReady[stage.Name] = ready;
            return ready && !before;
        }
    }

    static bool OtherStagesOutstanding(SqliteConnection connection, string stage) =>
        connection.ScalarLong("SELECT EXISTS(SELECT 1 FROM jobs WHERE stage <> $stage AND state IN ('pending','running','failed'))",
            null, ("$stage", stage)) == 1;

    async Task RunBatchAsync(SqliteConnection connection, IPipelineStage stage, IReadOnlyList<Job> jobs, LeaseOwner owner, CancellationToken cancellationToken)
    {
        IReadOnlyList<JobOutcome> outcomes;
        using var renew = new Timer(_ => TryRenew(jobs, owner), null, options.Lease / 3, options.Lease / 3);
        try
        {
            outcomes = await stage.RunAsync(jobs, connection, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogWarning(e, "Stage {Stage} failed on a batch of {Count} jobs", stage.Name, jobs.Count);
            outcomes = jobs.Select(_ => (JobOutcome)new JobOutcome.Failed($"{e.GetType().Name}: {e.Message}")).ToArray();
        }
        await renew.DisposeAsync();
        Commit(connection, stage, jobs, outcomes, owner);
    }

    void TryRenew(IReadOnlyList<Job> jobs, LeaseOwner owner)
    {
        try
        {
            using var connection = store.Connect();
            JobQueue.Renew(connection, jobs, owner, options.Lease);
        }
        catch (SqliteException e)
        {
            _log.LogWarning(e, "Could not renew leases");
        }
    }

    void Commit(SqliteConnection connection, IPipelineStage stage, IReadOnlyList<Job> jobs, IReadOnlyList<JobOutcome> outcomes, LeaseOwner owner)
    {
        var failures = new List<(Job Job, string Error)>();
        var blocked = new List<(Job Job, JobOutcome.Blocked Why)>();
        using (var tx = connection.BeginTransaction(deferred: false))
        {
            for (var i = 0; i < jobs.Count; i++)
            {
                var job = jobs[i];
                switch (outcomes[i])
                {
                    case JobOutcome.Completed completed:
                        if (!JobQueue.StillHeld(connection, tx, job, owner))
                        {
                            _log.LogWarning("Lease on job {Job} ({Stage}) was lost; its results are discarded", job.Id, job.Stage);
                            continue;
                        }
                        tx.Save("job");
                        try
                        {
                            completed.Commit?.Invoke(connection, tx);
                            JobQueue.MarkDone(connection, tx, job);
                            foreach (var next in completed.Next)
                                JobQueue.Enqueue(connection, tx, next, next == Pipeline.Stages.Corpus ? 0 : job.Subject);
                            tx.Release("job");
                        }
                        catch (SqliteException e)
                        {
                            tx.Rollback("job");
                            failures.Add((job, $"could not store results: {e.Message}"));
                        }
                        break;
                    case JobOutcome.Failed failed:
                        failures.Add((job, failed.Error));
                        break;
                    case JobOutcome.Blocked why:
                        blocked.Add((job, why));
                        break;
                }
            }
            tx.Commit();
        }
        foreach (var (job, error) in failures)
        {
            _log.LogWarning("Job {Job} ({Stage}, subject {Subject}) failed, attempt {Attempt}: {Error}", job.Id, job.Stage, job.Subject, job.Attempts, error);
            JobQueue.MarkFailed(connection, job, owner, error, options.MaxAttempts, options.RetryDelay);
        }
        foreach (var (job, why) in blocked)
        {
            JobQueue.MarkBlocked(connection, job, owner, why.On, why.Message);
        }
    }
}
