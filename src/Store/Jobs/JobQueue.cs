using Dapper;
using System.Data.Common;

namespace Synthesis.Store;

/// <summary>A leased unit of work: one stage for one subject (a contribution, or 0 for corpus-wide stages).</summary>
public sealed record Job(long Id, string Stage, long Subject, int Attempts);

public sealed record JobCounts(long Pending, long Running, long Done, long Failed, long Parked)
{
    public long Total => Pending + Running + Done + Failed + Parked;
}

/// <summary>
/// The persistent job queue, in the store. A job is one row per (stage, subject). Workers lease batches with an
/// expiry; a worker that dies simply lets its lease run out (or is recognised as dead at once on the same host)
/// and the job is leased again. Completion commits the stage's results, the job's state and the next stage's job
/// in one transaction, and only while the lease is still held: a job's effects are applied exactly once.
/// States: pending (ready), running (leased), done, failed (will retry after backoff), parked (needs a person
/// or a missing prerequisite; <c>blocked_on</c> says which).
/// </summary>
public static class JobQueue
{
    public const string CorpusStage = "corpus";

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>
    /// Adds a job, or makes a finished one run again (its inputs changed). Never duplicates. A job running now is
    /// marked to run once more when it finishes (<see cref="MarkDone"/>): its run read the inputs before the change.
    /// </summary>
    public static void Enqueue(DbConnection connection, DbTransaction tx, string stage, long subject, long runAfter = 0)
    {
        connection.Execute("UPDATE jobs SET again = 1 WHERE stage = @stage AND subject = @subject AND state = 'running'",
            tx, ("@stage", stage), ("@subject", subject));
        connection.Execute("""
            INSERT INTO jobs(stage, subject, state, run_after, updated_at) VALUES (@stage, @subject, 'pending', @after, @now)
            ON CONFLICT(stage, subject) DO UPDATE SET state = 'pending', attempts = 0, run_after = excluded.run_after,
                last_error = NULL, blocked_on = NULL, updated_at = excluded.updated_at
            WHERE jobs.state IN ('done', 'parked', 'failed')
            """, tx, ("@stage", stage), ("@subject", subject), ("@after", runAfter), ("@now", Now()));
    }

    /// <summary>Leases up to <paramref name="max"/> runnable jobs of one stage.</summary>
    public static IReadOnlyList<Job> Lease(DbConnection connection, string stage, int max, LeaseOwner owner, TimeSpan leaseFor)
    {
        var now = Now();
        // A read first: most passes find nothing for most stages, and a read takes no write lock.
        if (connection.ScalarLong("""
            SELECT EXISTS(SELECT 1 FROM jobs WHERE stage = @stage AND state IN ('pending', 'failed') AND run_after <= @now)
                OR EXISTS(SELECT 1 FROM jobs WHERE stage = @stage AND state = 'running' AND lease_until < @now)
            """, null, ("@stage", stage), ("@now", now)) == 0)
            return [];
        using var tx = connection.BeginWrite();
        var jobs = new List<Job>();
        // Each state read through the (stage, state, run_after) index, so that a lease reads only runnable rows, however
        // many are done. SQLite: one writer at a time. PostgreSQL: rows another worker is leasing right now are skipped,
        // not waited for, and a row leased since this statement began is not taken again.
        var skipLocked = connection.IsPostgres() ? "FOR UPDATE SKIP LOCKED" : "";
        var runnable = $"""
            SELECT id FROM (SELECT id FROM jobs WHERE stage = @stage AND state = 'pending' AND run_after <= @now LIMIT @max {skipLocked}) pending
            UNION ALL SELECT id FROM (SELECT id FROM jobs WHERE stage = @stage AND state = 'failed' AND run_after <= @now LIMIT @max {skipLocked}) failed
            UNION ALL SELECT id FROM (SELECT id FROM jobs WHERE stage = @stage AND state = 'running' AND lease_until < @now LIMIT @max {skipLocked}) expired
            LIMIT @max
            """;
        using (var command = connection.Command($"""
            UPDATE jobs SET state = 'running', lease_owner = @owner, lease_until = @until, attempts = attempts + 1, updated_at = @now
            WHERE id IN ({runnable})
            RETURNING id, stage, subject, attempts
            """, tx, ("@owner", owner.Id), ("@until", now + (long)leaseFor.TotalMilliseconds), ("@now", now), ("@stage", stage), ("@max", max)))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) jobs.Add(new Job(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt(3)));
        }
        tx.Commit();
        jobs.Sort((a, b) => a.Id.CompareTo(b.Id));
        return jobs;
    }

    /// <summary>Which of these jobs are still leased by us; checked inside the completing transaction (a fence).</summary>
    public static HashSet<long> StillHeld(DbConnection connection, DbTransaction tx, IEnumerable<Job> jobs, LeaseOwner owner)
    {
        return connection.Query<long>($"SELECT id FROM jobs WHERE {connection.In("id", "@ids")} AND state = 'running' AND lease_owner = @owner",
            new { ids = jobs.Select(j => j.Id).ToArray(), owner = owner.Id }, tx).ToHashSet();
    }

    /// <summary>Done, or pending again when it was asked for while it ran (<see cref="Enqueue"/>).</summary>
    public static void MarkDone(DbConnection connection, DbTransaction tx, IReadOnlyCollection<long> jobIds)
    {
        if (jobIds.Count == 0) return;
        connection.Execute($"""
            UPDATE jobs SET state = CASE WHEN again = 1 THEN 'pending' ELSE 'done' END, run_after = 0,
                attempts = CASE WHEN again = 1 THEN 0 ELSE attempts END, again = 0,
                lease_owner = NULL, lease_until = NULL, last_error = NULL, updated_at = @now
            WHERE {connection.In("id", "@ids")}
            """, new { ids = jobIds.ToArray(), now = Now() }, tx);
    }

    /// <summary>Queues one stage for many subjects in one statement (see <see cref="Enqueue"/>).</summary>
    public static void EnqueueMany(DbConnection connection, DbTransaction tx, string stage, IReadOnlyCollection<long> subjects)
    {
        if (subjects.Count == 0) return;
        connection.Execute($"UPDATE jobs SET again = 1 WHERE stage = @stage AND state = 'running' AND subject IN ({string.Join(',', subjects.Distinct())})",
            tx, ("@stage", stage));
        connection.Execute($"""
            INSERT INTO jobs(stage, subject, state, run_after, updated_at)
            VALUES {string.Join(',', subjects.Distinct().Select(s => $"(@stage, {s}, 'pending', 0, @now)"))}
            ON CONFLICT(stage, subject) DO UPDATE SET state = 'pending', attempts = 0, run_after = 0,
                last_error = NULL, blocked_on = NULL, updated_at = excluded.updated_at
            WHERE jobs.state IN ('done', 'parked', 'failed')
            """, tx, ("@stage", stage), ("@now", Now()));
    }

    /// <summary>
    /// Queues the analysis of every contribution that has passages again (the models changed, or reviewers' corrections
    /// retrained them); returns how many were queued. Re-analysis keeps reviewers' corrections (they live beside it).
    /// </summary>
    public static int ReanalyseAll(DbConnection connection, string analyseStage)
    {
        using var tx = connection.BeginTransaction();
        var contributions = Dapper.SqlMapper.Query<long>(connection, "SELECT DISTINCT contribution_id FROM passages ORDER BY 1", transaction: tx).ToList();
        foreach (var chunk in contributions.Chunk(10_000)) EnqueueMany(connection, tx, analyseStage, chunk);
        tx.Commit();
        return contributions.Count;
    }

    /// <summary>How many jobs each stage has in each state.</summary>
    public static List<(string Stage, string State, long Count)> CountsByStage(DbConnection connection) =>
        connection.Query<(string, string, long)>("SELECT stage, state, count(*) FROM jobs GROUP BY 1, 2").ToList();

    /// <summary>Whether a topic run is queued or running (the themes are about to change).</summary>
    public static bool CorpusPending(DbConnection connection) =>
        connection.ScalarLong("SELECT EXISTS(SELECT 1 FROM jobs WHERE stage = 'corpus' AND state IN ('pending', 'running'))") == 1;

    /// <summary>Whether any stage but <paramref name="stage"/> has work left (pending, running or failed to retry).</summary>
    public static bool OtherStagesOutstanding(DbConnection connection, string stage) =>
        connection.ScalarLong("SELECT EXISTS(SELECT 1 FROM jobs WHERE stage <> @stage AND state IN ('pending','running','failed'))",
            null, ("@stage", stage)) == 1;

    /// <summary>Which of <paramref name="contributions"/> still have a per-contribution stage to go (before the corpus stage).</summary>
    /// <summary>
    /// The jobs of one contribution that are not done, with the reason a parked or failed one gave; BlockedOn is set
    /// while a job waits for a prerequisite (a model, a tool), null when it failed for good.
    /// </summary>
    public static List<(string Stage, string State, string? BlockedOn, string? Reason)> Waiting(DbConnection connection, long contribution) =>
        connection.Query<(string, string, string?, string?)>(
            "SELECT stage, state, blocked_on, last_error FROM jobs WHERE subject = @c AND state <> 'done' AND stage IN ('transcribe', 'ocr', 'segment', 'analyse') ORDER BY id",
            new { c = contribution }).ToList();

    public static HashSet<long> InPipeline(DbConnection connection, IEnumerable<long> contributions) =>
        connection.Query<long>($"""
            SELECT DISTINCT subject FROM jobs WHERE stage IN ('transcribe', 'ocr', 'segment', 'analyse', 'index')
            AND state IN ('pending', 'running', 'failed') AND {connection.In("subject", "@ids")}
            """, new { ids = contributions.Distinct().ToArray() }).ToHashSet();

    /// <summary>
    /// Records a failure: retried with exponential backoff, parked once attempts are spent. A job asked for again
    /// while it ran starts over (its inputs changed): pending, attempts back to 0, the error kept for the operator.
    /// </summary>
    public static void MarkFailed(DbConnection connection, Job job, LeaseOwner owner, string error, int maxAttempts, TimeSpan baseDelay)
    {
        var parked = job.Attempts >= maxAttempts;
        var delay = (long)(baseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, job.Attempts - 1)));
        connection.Execute("""
            UPDATE jobs SET state = CASE WHEN again = 1 THEN 'pending' ELSE @state END, run_after = CASE WHEN again = 1 THEN 0 ELSE @after END,
                attempts = CASE WHEN again = 1 THEN 0 ELSE attempts END, again = 0,
                last_error = @error, lease_owner = NULL, lease_until = NULL, updated_at = @now
            WHERE id = @id AND lease_owner = @owner
            """, null, ("@state", parked ? "parked" : "failed"), ("@after", Now() + delay), ("@error", error),
            ("@now", Now()), ("@id", job.Id), ("@owner", owner.Id));
    }

    /// <summary>Parks a job until a prerequisite exists (a model file, a tool); <see cref="UnblockAll"/> releases it.</summary>
    public static void MarkBlocked(DbConnection connection, Job job, LeaseOwner owner, string blockedOn, string message) =>
        connection.Execute("""
            UPDATE jobs SET state = 'parked', blocked_on = @blocked, last_error = @message, attempts = attempts - 1,
                lease_owner = NULL, lease_until = NULL, updated_at = @now
            WHERE id = @id AND lease_owner = @owner
            """, null, ("@blocked", blockedOn), ("@message", message), ("@now", Now()), ("@id", job.Id), ("@owner", owner.Id));

    public static int UnblockAll(DbConnection connection, string stage) =>
        connection.Execute("""
            UPDATE jobs SET state = 'pending', blocked_on = NULL, last_error = NULL, run_after = 0, updated_at = @now
            WHERE stage = @stage AND state = 'parked' AND blocked_on IS NOT NULL
            """, null, ("@stage", stage), ("@now", Now()));

    /// <summary>Extends the leases of jobs still being worked on (long transcriptions).</summary>
    public static void Renew(DbConnection connection, IEnumerable<Job> jobs, LeaseOwner owner, TimeSpan leaseFor)
    {
        using var tx = connection.BeginWrite();
        foreach (var job in jobs)
            connection.Execute("UPDATE jobs SET lease_until = @until WHERE id = @id AND lease_owner = @owner AND state = 'running'",
                tx, ("@until", Now() + (long)leaseFor.TotalMilliseconds), ("@id", job.Id), ("@owner", owner.Id));
        tx.Commit();
    }

    /// <summary>Expires at once the leases of workers on this machine whose process is gone (after kill -9).</summary>
    public static int ReclaimDeadLocalLeases(DbConnection connection)
    {
        var owners = connection.Query<string>("SELECT DISTINCT lease_owner FROM jobs WHERE state = 'running' AND lease_owner IS NOT NULL").ToList();
        var reclaimed = 0;
        foreach (var owner in owners.Where(LeaseOwner.IsDeadLocal))
            reclaimed += connection.Execute("UPDATE jobs SET lease_until = 0 WHERE state = 'running' AND lease_owner = @owner", null, ("@owner", owner));
        return reclaimed;
    }

    public static JobCounts Counts(DbConnection connection)
    {
        var n = connection.Query<(string State, long Count)>("SELECT state, count(*) FROM jobs GROUP BY state").ToDictionary(r => r.State, r => r.Count);
        return new JobCounts(n.GetValueOrDefault("pending"), n.GetValueOrDefault("running"), n.GetValueOrDefault("done"),
            n.GetValueOrDefault("failed"), n.GetValueOrDefault("parked"));
    }

    /// <summary>Jobs that will still run without a person acting: everything but done and parked.</summary>
    public static long Outstanding(DbConnection connection, string? stage = null) =>
        stage is null
            ? connection.ScalarLong("SELECT count(*) FROM jobs WHERE state IN ('pending', 'running', 'failed')")
            : connection.ScalarLong("SELECT count(*) FROM jobs WHERE state IN ('pending', 'running', 'failed') AND stage = @stage", null, ("@stage", stage));

    /// <summary>When the next job that is waiting on a backoff or another worker's lease becomes runnable.</summary>
    public static long? NextWake(DbConnection connection)
    {
        var value = connection.Scalar("""
            SELECT min(CASE WHEN state = 'running' THEN lease_until ELSE run_after END) FROM jobs WHERE state IN ('pending', 'running', 'failed')
            """);
        return value is null ? null : Convert.ToInt64(value);
    }
}
