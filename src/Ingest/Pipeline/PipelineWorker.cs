using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Synthesis.Ingest.Pipeline;

/// <summary>The pipeline as a hosted service: workers poll the queue for the life of the process.</summary>
public sealed class PipelineWorker(PipelineRunner runner, PipelineOptions options, ILogger<PipelineWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Pipeline worker started with {Workers} workers", options.Workers);
        var loops = Enumerable.Range(0, options.Workers)
            .Select(i => Task.Run(() => runner.WorkerLoopAsync($"w{i}", stopWhenIdle: false, stoppingToken), stoppingToken));
        try
        {
            await Task.WhenAll(loops);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
