using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

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

    /// <summary>Only these stages (a machine with more cores takes the transcriptions); null: every stage.</summary>
    public IReadOnlySet<string>? OnlyStages { get; init; }

    /// <summary>
    /// Whether this process keeps the data folder's search indexes in step as it indexes (default). A <c>synthesis
    /// worker</c> does not: it stores the vectors, and the machines that serve search catch up from the store.
    /// </summary>
    public bool KeepsSearchIndexes { get; init; } = true;
}

/// <summary>
/// Runs the pipeline's stages over the job queue: lease a batch, compute, commit results with completion.
/// Used by <c>synthesis analyse</c> (until the queue is idle) and by the hosted worker (forever).
/// </summary>
public sealed class PipelineRunner(SynthesisStore store, IReadOnlyList<IPipelineStage> stages, PipelineOptions options, ILogger? logger = null)
{
    readonly ILogger _log = logger ?? NullLogger.Instance;

    // Workers of one process take turns to write rather than spin in SQLite's busy handler; other processes
    // still coordinate through SQLite's own locking. PostgreSQL takes concurrent writers (each locks its own rows):
    // no turns there.
    readonly object? _writeGate = store.IsPostgres ? null : new();

    T Writing<T>(Func<T> write)
    {
        if (_writeGate is null) return write();
        lock (_writeGate) return write();
    }

    void Writing(Action write) => Writing(() => { write(); return 0; });

    // Completed when any worker of this process commits: idle workers wake at once for the next stage's jobs.
    TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    void SignalCommitted() =>
        Interlocked.Exchange(ref _committed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    public IReadOnlyList<IPipelineStage> Stages { get; } = stages;

    /// <summary>Time spent per stage by this runner (compute summed over workers, commit).</summary>
    public StageTimings Timings { get; } = new();

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
            if (stopWhenIdle && Idle(connection)) return;
            var wake = JobQueue.NextWake(connection);
            var wait = wake is null ? 1000 : Math.Clamp(wake.Value - JobQueue.Now(), 20, 1000);
            try { await Task.WhenAny(Volatile.Read(ref _committed).Task, Task.Delay(TimeSpan.FromMilliseconds(wait), cancellationToken)); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>No job this runner takes is left to run.</summary>
    bool Idle(DbConnection connection) => options.OnlyStages is { } only
        ? only.All(stage => JobQueue.Outstanding(connection, stage) == 0)
        : JobQueue.Outstanding(connection) == 0;

    /// <summary>Leases and runs one batch of the first stage that has work. False when nothing was runnable.</summary>
    public async Task<bool> RunOnceAsync(DbConnection connection, LeaseOwner owner, CancellationToken cancellationToken)
    {
        foreach (var stage in Stages)
        {
            if (options.OnlyStages is { } only && !only.Contains(stage.Name)) continue;
            if (BecameReady(stage)) JobQueue.UnblockAll(connection, stage.Name);
            if (stage.WaitsForOtherStages && JobQueue.OtherStagesOutstanding(connection, stage.Name)) continue;
            IReadOnlyList<Job> jobs;
            jobs = Writing(() => JobQueue.Lease(connection, stage.Name, options.BatchSize ?? stage.BatchSize, owner, options.Lease));
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

    async Task RunBatchAsync(DbConnection connection, IPipelineStage stage, IReadOnlyList<Job> jobs, LeaseOwner owner, CancellationToken cancellationToken)
    {
        IReadOnlyList<JobOutcome> outcomes;
        var clock = System.Diagnostics.Stopwatch.StartNew();
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
        var compute = clock.Elapsed;
        Commit(connection, stage, jobs, outcomes, owner);
        Timings.Add(stage.Name, compute, clock.Elapsed - compute, jobs.Count);
    }

    void TryRenew(IReadOnlyList<Job> jobs, LeaseOwner owner)
    {
        try
        {
            using var connection = store.Connect();
            JobQueue.Renew(connection, jobs, owner, options.Lease);
        }
        catch (DbException e)
        {
            _log.LogWarning(e, "Could not renew leases");
        }
    }

    void Commit(DbConnection connection, IPipelineStage stage, IReadOnlyList<Job> jobs, IReadOnlyList<JobOutcome> outcomes, LeaseOwner owner)
    {
        var failures = new List<(Job Job, string Error, bool Permanent)>();
        Writing(() =>
        {
            try
            {
                CommitBatch(connection, jobs, outcomes, owner, failures, isolateEachJob: false);
            }
            catch (DbException)
            {
                // One job's results could not be stored: redo the batch with each job in its own savepoint so that
                // the others still commit and only the faulty one is retried.
                failures.Clear();
                CommitBatch(connection, jobs, outcomes, owner, failures, isolateEachJob: true);
            }
            foreach (var (job, error, permanent) in failures)
            {
                // The error may quote a file name, never contribution text.
                _log.LogWarning("Job {Job} ({Stage}, subject {Subject}) failed, attempt {Attempt}: {Error}", job.Id, job.Stage, job.Subject, job.Attempts, error);
                JobQueue.MarkFailed(connection, job, owner, error, permanent ? 0 : options.MaxAttempts, options.RetryDelay);
            }
            for (var i = 0; i < jobs.Count; i++)
                if (outcomes[i] is JobOutcome.Blocked why)
                    JobQueue.MarkBlocked(connection, jobs[i], owner, why.On, why.Message);
        });
        SignalCommitted();
    }

    void CommitBatch(DbConnection connection, IReadOnlyList<Job> jobs, IReadOnlyList<JobOutcome> outcomes, LeaseOwner owner,
        List<(Job Job, string Error, bool Permanent)> failures, bool isolateEachJob)
    {
        using var tx = connection.BeginWrite();
        connection.WithoutWaitingForDisk(tx);
        using var writer = new StoreWriter(connection, tx);
        var held = JobQueue.StillHeld(connection, tx, jobs, owner);
        var done = new List<long>(jobs.Count);
        var next = new Dictionary<string, List<long>>();
        for (var i = 0; i < jobs.Count; i++)
        {
            var job = jobs[i];
            switch (outcomes[i])
            {
                case JobOutcome.Completed completed:
                    if (!held.Contains(job.Id))
                    {
                        _log.LogWarning("Lease on job {Job} ({Stage}) was lost; its results are discarded", job.Id, job.Stage);
                        continue;
                    }
                    if (completed.Commit is not null)
                    {
                        if (!isolateEachJob) completed.Commit(writer);
                        else if (!TryApply(writer, completed, job, failures)) continue;
                    }
                    done.Add(job.Id);
                    foreach (var stageName in completed.Next)
                    {
                        if (!next.TryGetValue(stageName, out var subjects)) next[stageName] = subjects = [];
                        subjects.Add(stageName == Synthesis.Store.Stages.Corpus ? 0 : job.Subject);
                    }
                    break;
                case JobOutcome.Failed failed:
                    failures.Add((job, failed.Error, failed.Permanent));
                    break;
            }
        }
        writer.Flush();
        JobQueue.MarkDone(connection, tx, done);
        foreach (var (stageName, subjects) in next) JobQueue.EnqueueMany(connection, tx, stageName, subjects);
        writer.Commit();
    }

    static bool TryApply(StoreWriter writer, JobOutcome.Completed completed, Job job, List<(Job, string, bool)> failures)
    {
        writer.Transaction.Save("job");
        try
        {
            completed.Commit!(writer);
            writer.Flush(); // the job's writes reach the server inside its savepoint, so that an error undoes only them
            writer.Transaction.Release("job");
            return true;
        }
        catch (DbException e)
        {
            writer.Transaction.Rollback("job");
            failures.Add((job, $"could not store results: {e.Message}", false));
            return false;
        }
    }
}
