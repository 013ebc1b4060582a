using System.CommandLine;
using Synthesis.Ingest.Pipeline;
using Synthesis.Store;

namespace Synthesis.Cli;

/// <summary>
/// <c>synthesis worker</c>: the pipeline only, on any machine that reaches the store (PostgreSQL) and the originals'
/// folder: it leases jobs, runs them and commits their results until stopped (Ctrl-C, SIGTERM), or until its stages
/// have nothing left with <c>--until-idle</c>. Several workers on several machines share the queue; a worker that
/// dies lets its leases run out and another takes its jobs.
/// </summary>
static class WorkerVerb
{
    static readonly string[] Known = [Stages.Transcribe, Stages.Ocr, Stages.Segment, Stages.Analyse, Stages.Index, Stages.Corpus];

    public static Command Command(CliContext cli)
    {
        var workers = new Option<int>("--workers") { Description = "Parallel workers in this process", DefaultValueFactory = _ => Environment.ProcessorCount };
        var stages = new Option<string?>("--stages") { Description = $"Only these stages, comma-separated ({string.Join(", ", Known)}); default: all" };
        var untilIdle = new Option<bool>("--until-idle") { Description = "Stop once these stages have no job left to run (default: run until stopped)" };
        var batch = new Option<int?>("--batch-size") { Description = "Jobs per transaction (default: each stage's own)" };
        var lease = new Option<int>("--lease") { Description = "Seconds a leased job stays this worker's without renewal (a worker that dies frees its jobs after this)", DefaultValueFactory = _ => 30 };
        var command = new Command("worker", "Run the pipeline's workers on this machine, on the shared store, until stopped") { workers, stages, untilIdle, batch, lease };
        command.SetAction((result, ct) => Commands.Guard(async () =>
        {
            if (result.GetValue(workers) < 1) throw new UsageException("--workers must be at least 1");
            if (result.GetValue(batch) is < 1) throw new UsageException("--batch-size must be at least 1");
            if (result.GetValue(lease) < 1) throw new UsageException("--lease must be at least 1 second");
            HashSet<string>? only = null;
            if (result.GetValue(stages) is { } list)
            {
                only = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
                if (only.FirstOrDefault(s => !Known.Contains(s)) is { } unknown)
                    throw new UsageException($"--stages: '{unknown}' is not a stage ({string.Join(", ", Known)})");
                if (only.Count == 0) throw new UsageException("--stages names no stage");
            }
            var store = cli.OpenStore(result);
            if (!store.IsPostgres)
                Console.Error.WriteLine("synthesis: the store is SQLite in the data folder: workers on other machines need Synthesis:Store = postgres://…");
            var options = new PipelineOptions
            {
                Workers = result.GetValue(workers), OnlyStages = only, BatchSize = result.GetValue(batch), Lease = TimeSpan.FromSeconds(result.GetValue(lease)),
                // the machines that serve search keep their indexes; a worker only stores the vectors
                KeepsSearchIndexes = false,
            };
            var runner = cli.Pipeline.Runner(store, options);
            Console.Error.WriteLine($"synthesis: {options.Workers} worker(s) on {LeaseOwner.ForThisProcess().Id}, stages: {(only is null ? "all" : string.Join(", ", only))}");
            if (result.GetValue(untilIdle))
                await runner.RunUntilIdleAsync(cancellationToken: ct);
            else
                await Task.WhenAll(Enumerable.Range(0, options.Workers)
                    .Select(i => Task.Run(() => runner.WorkerLoopAsync($"w{i}", stopWhenIdle: false, ct), CancellationToken.None)));
            foreach (var index in runner.Stages.OfType<IndexStage>()) await index.DrainAsync();
            return 0;
        }));
        return command;
    }
}
