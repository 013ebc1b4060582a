using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Spectre.Console;
using Synthesis.Ingest;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Cli;

static class AnalyseVerb
{
    public static Command Command(CliContext cli)
    {
        var workers = new Option<int>("--workers") { Description = "Parallel workers", DefaultValueFactory = _ => Environment.ProcessorCount };
        var batch = new Option<int?>("--batch-size") { Description = "Jobs per transaction (default: each stage's own)" };
        var again = new Option<bool>("--again") { Description = "Analyse every contribution again first (after the models changed, or to let reviewers' corrections retrain the tone and question types of all passages)" };
        var command = new Command("analyse", "Run the pipeline until every job is done or parked") { workers, batch, again };
        command.Aliases.Add("analyze");
        command.SetAction((result, ct) => Commands.Guard(async () =>
        {
            if (result.GetValue(workers) < 1) throw new UsageException("--workers must be at least 1");
            if (result.GetValue(batch) is < 1) throw new UsageException("--batch-size must be at least 1");
            var store = cli.OpenStore(result, mustExist: true);
            if (result.GetValue(again))
                using (var c = store.Connect())
                    JobQueue.ReanalyseAll(c, Stages.Analyse);
            var options = new PipelineOptions { Workers = result.GetValue(workers), BatchSize = result.GetValue(batch) };
            var runner = cli.Pipeline.Runner(store, options);
            var clock = Stopwatch.StartNew();
            var json = result.GetValue(Commands.Json);
            if (json || Console.IsOutputRedirected)
                await runner.RunUntilIdleAsync(cancellationToken: ct);
            else
                await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                    .StartAsync(async context =>
                    {
                        var task = context.AddTask("Analyse");
                        await runner.RunUntilIdleAsync(counts =>
                        {
                            task.MaxValue = Math.Max(1, counts.Total - counts.Parked);
                            task.Value = counts.Done;
                        }, ct);
                    });
            // The search indexes catch up in the background after each commit: wait for the last one and save it.
            var drainFrom = runner.Timings.Now;
            foreach (var index in runner.Stages.OfType<IndexStage>()) await index.DrainAsync();
            var drained = runner.Timings.Now - drainFrom;
            using var connection = store.Connect();
            var summary = StoreSummary.Read(connection);
            if (json)
            {
                var output = StatusVerb.ToJson(summary);
                output["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3);
                // waiting for the search indexes' last catch-up after the pipeline went idle
                output["index_drain_seconds"] = Math.Round(drained, 3);
                // time the garbage collector paused the process, and the CPU it used in all (both inflate the wall time)
                output["gc_pause_seconds"] = Math.Round(GC.GetTotalPauseDuration().TotalSeconds, 3);
                output["cpu_seconds"] = Math.Round(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, 3);
                output["stages"] = new JsonArray(runner.Timings.In(runner.Stages.Select(s => s.Name)).Select(t => (JsonNode)new JsonObject
                {
                    ["stage"] = t.Stage, ["compute_seconds"] = Math.Round(t.ComputeSeconds, 3), ["commit_seconds"] = Math.Round(t.CommitSeconds, 3), ["jobs"] = t.Jobs,
                    ["started_at"] = Math.Round(t.StartedAt, 3), ["ended_at"] = Math.Round(t.EndedAt, 3),
                }).ToArray());
                if (runner.Stages.Select(s => s is CatchUpAfter wrapped ? wrapped.Inner : s).OfType<CorpusStage>().FirstOrDefault() is { LastSteps.Count: > 0 } corpus)
                    output["corpus_steps"] = new JsonObject(corpus.LastSteps.Select(s => KeyValuePair.Create(s.Step, (JsonNode?)Math.Round(s.Seconds, 3))));
                Console.WriteLine(output.ToJsonString());
            }
            else
            {
                Console.WriteLine($"{summary.Contributions} contributions, {summary.Passages} passages analysed in {clock.Elapsed.TotalSeconds:F1} s");
                StatusVerb.PrintParked(summary);
            }
            return 0;
        }));
        return command;
    }
}
