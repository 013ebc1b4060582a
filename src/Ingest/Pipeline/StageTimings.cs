using System.Collections.Concurrent;

namespace Synthesis.Ingest.Pipeline;

/// <summary>Time one stage took in this process: computing (summed over workers), committing, and jobs done.</summary>
public sealed record StageTiming(string Stage, double ComputeSeconds, double CommitSeconds, int Jobs);

/// <summary>
/// Per-stage timings of a <see cref="PipelineRunner"/>, for <c>synthesis analyse --json</c> and the benchmarks:
/// the figures say which stage grows with n and how, without a profiler.
/// </summary>
public sealed class StageTimings
{
    readonly ConcurrentDictionary<string, (long ComputeTicks, long CommitTicks, int Jobs)> _byStage = new();

    internal void Add(string stage, TimeSpan compute, TimeSpan commit, int jobs) =>
        _byStage.AddOrUpdate(stage, (compute.Ticks, commit.Ticks, jobs),
            (_, t) => (t.ComputeTicks + compute.Ticks, t.CommitTicks + commit.Ticks, t.Jobs + jobs));

    /// <summary>Stages in the order given, those that ran only.</summary>
    public IReadOnlyList<StageTiming> In(IEnumerable<string> stageOrder) =>
        stageOrder.Where(_byStage.ContainsKey).Select(s =>
        {
            var t = _byStage[s];
            return new StageTiming(s, TimeSpan.FromTicks(t.ComputeTicks).TotalSeconds, TimeSpan.FromTicks(t.CommitTicks).TotalSeconds, t.Jobs);
        }).ToList();
}
