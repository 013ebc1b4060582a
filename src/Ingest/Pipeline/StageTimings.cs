using System.Collections.Concurrent;
using System.Diagnostics;

namespace Synthesis.Ingest.Pipeline;

/// <summary>
/// Time one stage took in this process: computing (summed over workers), committing, jobs done, and when its first
/// batch started and its last batch ended (seconds since the runner was created), which show how stages overlap.
/// </summary>
public sealed record StageTiming(string Stage, double ComputeSeconds, double CommitSeconds, int Jobs, double StartedAt = 0, double EndedAt = 0);

/// <summary>
/// Per-stage timings of a <see cref="PipelineRunner"/>, for <c>synthesis analyse --json</c> and the benchmarks:
/// the figures say which stage grows with n and how, without a profiler.
/// </summary>
public sealed class StageTimings
{
    readonly ConcurrentDictionary<string, (long ComputeTicks, long CommitTicks, int Jobs, long Started, long Ended)> _byStage = new();
    readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Seconds since the runner was created.</summary>
    public double Now => _clock.Elapsed.TotalSeconds;

    internal void Add(string stage, TimeSpan compute, TimeSpan commit, int jobs)
    {
        var ended = _clock.Elapsed.Ticks;
        var started = ended - compute.Ticks - commit.Ticks;
        _byStage.AddOrUpdate(stage, (compute.Ticks, commit.Ticks, jobs, started, ended),
            (_, t) => (t.ComputeTicks + compute.Ticks, t.CommitTicks + commit.Ticks, t.Jobs + jobs, Math.Min(t.Started, started), Math.Max(t.Ended, ended)));
    }

    /// <summary>Stages in the order given, those that ran only.</summary>
    public IReadOnlyList<StageTiming> In(IEnumerable<string> stageOrder) =>
        stageOrder.Where(_byStage.ContainsKey).Select(s =>
        {
            var t = _byStage[s];
            return new StageTiming(s, TimeSpan.FromTicks(t.ComputeTicks).TotalSeconds, TimeSpan.FromTicks(t.CommitTicks).TotalSeconds, t.Jobs,
                TimeSpan.FromTicks(t.Started).TotalSeconds, TimeSpan.FromTicks(t.Ended).TotalSeconds);
        }).ToList();
}
