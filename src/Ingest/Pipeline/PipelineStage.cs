using System.Data.Common;

namespace Synthesis.Ingest.Pipeline;

/// <summary>What a stage decided for one job.</summary>
public abstract record JobOutcome
{
    /// <summary>
    /// Done: <paramref name="Commit"/> writes the results inside the completing transaction and must be idempotent
    /// (replace, never append), so that a job run twice after a crash leaves one copy of its results.
    /// </summary>
    public sealed record Completed(Action<StoreWriter>? Commit, params string[] Next) : JobOutcome;

    /// <summary>
    /// A fault worth retrying (with backoff) and then parking with the message shown to staff; a permanent one (a
    /// corrupt file) is parked at once.
    /// </summary>
    public sealed record Failed(string Error, bool Permanent = false) : JobOutcome;

    /// <summary>A prerequisite is missing; the job waits, parked, until the stage reports it ready.</summary>
    public sealed record Blocked(string On, string Message) : JobOutcome;
}

/// <summary>Whether a stage can run now; when not, which prerequisite is missing and what to do.</summary>
public sealed record StageReadiness(bool Ready, string? BlockedOn = null, string? Message = null)
{
    public static StageReadiness Yes { get; } = new(true);
}

/// <summary>
/// One step of the pipeline. A stage computes outside any transaction and hands back outcomes; the runner commits
/// them with the jobs' completion. Stages read what they need from the store through the given connection.
/// </summary>
public interface IPipelineStage
{
    string Name { get; }

    /// <summary>How many jobs to lease together: large for cheap text stages, 1 for a long recording.</summary>
    int BatchSize { get; }

    /// <summary>A corpus-wide stage runs only when no per-contribution job is outstanding.</summary>
    bool WaitsForOtherStages => false;

    StageReadiness Readiness() => StageReadiness.Yes;

    Task<IReadOnlyList<JobOutcome>> RunAsync(IReadOnlyList<Job> jobs, DbConnection connection, CancellationToken cancellationToken);
}
