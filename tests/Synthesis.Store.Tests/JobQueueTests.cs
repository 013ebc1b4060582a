
using Synthesis.Tests;

namespace Synthesis.Store.Tests;

/// <summary>The job queue's contract, run on both engines (<see cref="SqliteJobQueueTests"/>, <see cref="PostgresJobQueueTests"/>).</summary>
public abstract class JobQueueContract
{
    /// <summary>A new, empty, migrated store on the engine under test (skips the test where that engine cannot run).</summary>
    protected abstract SynthesisStore NewStore();

    SynthesisStore StoreWithJobs(int n, string stage = "segment")
    {
        var store = NewStore();
        using var c = store.Connect();
        using var tx = c.BeginTransaction();
        for (var i = 1; i <= n; i++) JobQueue.Enqueue(c, tx, stage, i);
        tx.Commit();
        return store;
    }

    [SkippableFact]
    public void Enqueueing_twice_keeps_one_job()
    {
        var store = StoreWithJobs(3);
        using var c = store.Connect();
        using (var tx = c.BeginTransaction())
        {
            JobQueue.Enqueue(c, tx, "segment", 1);
            JobQueue.EnqueueMany(c, tx, "segment", [1, 2, 2, 3]);
            tx.Commit();
        }
        Assert.Equal(3, c.ScalarLong("SELECT count(*) FROM jobs"));
    }

    [SkippableFact]
    public void A_job_asked_for_while_it_runs_runs_once_more_and_then_is_done()
    {
        var store = StoreWithJobs(2, "corpus");
        using var c = store.Connect();
        var owner = new LeaseOwner("test:a");
        var running = JobQueue.Lease(c, "corpus", 10, owner, TimeSpan.FromMinutes(1));
        Assert.Equal(2, running.Count);
        // a reviewer's decision while the run reads its inputs: job 1 is asked for again, job 2 is not
        using (var tx = c.BeginTransaction())
        {
            JobQueue.Enqueue(c, tx, "corpus", running[0].Subject);
            tx.Commit();
        }
        using (var tx = c.BeginTransaction())
        {
            JobQueue.MarkDone(c, tx, running.Select(j => j.Id).ToList());
            tx.Commit();
        }
        var again = JobQueue.Lease(c, "corpus", 10, owner, TimeSpan.FromMinutes(1));
        Assert.Equal([running[0].Subject], again.Select(j => j.Subject));
        Assert.Equal(1, again[0].Attempts);
        using (var tx = c.BeginTransaction())
        {
            JobQueue.MarkDone(c, tx, [again[0].Id]);
            tx.Commit();
        }
        Assert.Empty(JobQueue.Lease(c, "corpus", 10, owner, TimeSpan.FromMinutes(1)));
        Assert.Equal(2, c.ScalarLong("SELECT count(*) FROM jobs WHERE state = 'done'"));
    }

    [SkippableFact]
    public void A_job_asked_for_while_it_runs_and_then_fails_starts_over_rather_than_parks()
    {
        var store = StoreWithJobs(1);
        using var c = store.Connect();
        var owner = new LeaseOwner("test:a");
        var job = JobQueue.Lease(c, "segment", 1, owner, TimeSpan.FromMinutes(1)).Single();
        using (var tx = c.BeginTransaction())
        {
            JobQueue.EnqueueMany(c, tx, "segment", [job.Subject]);
            tx.Commit();
        }
        JobQueue.MarkFailed(c, job, owner, "boom", maxAttempts: 0, TimeSpan.FromMinutes(5));
        Assert.Equal("pending", c.Scalar("SELECT state FROM jobs WHERE id = @id", null, ("@id", job.Id)));
        Assert.Single(JobQueue.Lease(c, "segment", 1, owner, TimeSpan.FromMinutes(1)));
    }

    [SkippableFact]
    public void A_lease_excludes_other_workers_until_it_expires()
    {
        var store = StoreWithJobs(5);
        using var c = store.Connect();
        var a = new LeaseOwner("test:a");
        var b = new LeaseOwner("test:b");

        Assert.Equal(5, JobQueue.Lease(c, "segment", 10, a, TimeSpan.FromMilliseconds(200)).Count);
        Assert.Empty(JobQueue.Lease(c, "segment", 10, b, TimeSpan.FromMinutes(1)));
        Thread.Sleep(300);
        var taken = JobQueue.Lease(c, "segment", 10, b, TimeSpan.FromMinutes(1));
        Assert.Equal(5, taken.Count);
        Assert.All(taken, j => Assert.Equal(2, j.Attempts));

        // The first owner's completion is fenced off: its lease is gone.
        using var tx = c.BeginTransaction();
        Assert.Empty(JobQueue.StillHeld(c, tx, taken, a));
        Assert.Equal(5, JobQueue.StillHeld(c, tx, taken, b).Count);
    }

    [SkippableFact]
    public void Failures_back_off_then_park_with_the_error_visible()
    {
        var store = StoreWithJobs(1);
        using var c = store.Connect();
        var owner = new LeaseOwner("test:a");
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var job = Assert.Single(JobQueue.Lease(c, "segment", 1, owner, TimeSpan.FromMinutes(1)));
            Assert.Equal(attempt, job.Attempts);
            JobQueue.MarkFailed(c, job, owner, $"boom {attempt}", maxAttempts: 3, baseDelay: TimeSpan.Zero);
        }
        Assert.Equal(new JobCounts(0, 0, 0, 0, 1), JobQueue.Counts(c));
        Assert.Equal("boom 3", c.Scalar("SELECT last_error FROM jobs"));
        Assert.Empty(JobQueue.Lease(c, "segment", 1, owner, TimeSpan.FromMinutes(1)));
    }

    [SkippableFact]
    public void A_failed_job_waits_for_its_backoff()
    {
        var store = StoreWithJobs(1);
        using var c = store.Connect();
        var owner = new LeaseOwner("test:a");
        var job = Assert.Single(JobQueue.Lease(c, "segment", 1, owner, TimeSpan.FromMinutes(1)));
        JobQueue.MarkFailed(c, job, owner, "transient", maxAttempts: 5, baseDelay: TimeSpan.FromMinutes(10));
        Assert.Equal(1, JobQueue.Counts(c).Failed);
        Assert.Empty(JobQueue.Lease(c, "segment", 1, owner, TimeSpan.FromMinutes(1)));
    }

    [SkippableFact]
    public void Leases_of_a_dead_local_process_are_reclaimed_at_once()
    {
        var store = StoreWithJobs(2);
        using var c = store.Connect();
        // A PID that cannot be alive (above the kernel's pid_max) on this host.
        var dead = new LeaseOwner($"{Environment.MachineName}:99999999:0:w0");
        Assert.Equal(2, JobQueue.Lease(c, "segment", 10, dead, TimeSpan.FromHours(1)).Count);
        var alive = LeaseOwner.ForThisProcess();
        Assert.Empty(JobQueue.Lease(c, "segment", 10, alive, TimeSpan.FromHours(1)));

        Assert.Equal(2, JobQueue.ReclaimDeadLocalLeases(c));
        Assert.Equal(2, JobQueue.Lease(c, "segment", 10, alive, TimeSpan.FromHours(1)).Count);
        Assert.False(LeaseOwner.IsDeadLocal(alive.Id));
    }

    [SkippableFact]
    public void Workers_leasing_at_the_same_time_never_take_the_same_job()
    {
        var store = StoreWithJobs(400);
        var taken = new System.Collections.Concurrent.ConcurrentBag<long>();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, w =>
        {
            using var c = store.Connect();
            var owner = new LeaseOwner($"test:w{w}");
            while (JobQueue.Lease(c, "segment", 7, owner, TimeSpan.FromMinutes(5)) is { Count: > 0 } jobs)
                foreach (var job in jobs) taken.Add(job.Id);
        });
        Assert.Equal(400, taken.Count);
        Assert.Equal(400, taken.Distinct().Count());
        using var check = store.Connect();
        Assert.Equal(400, JobQueue.Counts(check).Running);
    }

    [SkippableFact]
    public void Opening_a_store_again_migrates_nothing_twice()
    {
        var store = StoreWithJobs(3);
        var again = Reopen(store);
        using var c = again.Connect();
        Assert.Equal(3, c.ScalarLong("SELECT count(*) FROM jobs"));
        Assert.Equal(SynthesisStore.SchemaVersion(c), LatestVersion);
    }

    /// <summary>The same database opened a second time (a worker starting beside another).</summary>
    protected abstract SynthesisStore Reopen(SynthesisStore store);

    static int LatestVersion => typeof(SynthesisStore).Assembly.GetType("Synthesis.Store.Migrations")!
        .GetField("Sqlite")!.GetValue(null) is string[] all ? all.Length : 0;
}

public sealed class SqliteJobQueueTests : JobQueueContract
{
    protected override SynthesisStore NewStore() => TempStore.New();
    protected override SynthesisStore Reopen(SynthesisStore store) => SynthesisStore.Open(store.DataDirectory);
}

public sealed class PostgresJobQueueTests : JobQueueContract
{
    readonly Dictionary<SynthesisStore, string> _addresses = [];

    protected override SynthesisStore NewStore()
    {
        var (store, address) = TempStore.NewPostgres();
        _addresses[store] = address;
        return store;
    }

    protected override SynthesisStore Reopen(SynthesisStore store) => SynthesisStore.Open(store.DataDirectory, _addresses[store]);
}
