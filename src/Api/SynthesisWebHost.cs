using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Synthesis.Ingest.Pipeline;
using Synthesis.Ingest.Store;

namespace Synthesis.Api;

/// <summary>Builds the web host: API, web pages and (by default) the pipeline worker in one process.</summary>
public static class SynthesisWebHost
{
    public static WebApplication Build(string[] args, SynthesisStore store, string urls, bool runWorker, PipelineOptions? pipeline = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.WebHost.UseUrls(urls);
        // Request-level logs would repeat every page view; warnings and errors are what an operator needs.
        builder.Logging.AddFilter("Microsoft.AspNetCore", Microsoft.Extensions.Logging.LogLevel.Warning);
        builder.Services.AddSingleton(store);
        builder.Services.AddHealthChecks();
        if (runWorker)
        {
            var options = pipeline ?? new PipelineOptions();
            builder.Services.AddSingleton(options);
            builder.Services.AddSingleton(sp => DefaultPipeline.Runner(store, options, sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>().CreateLogger<PipelineRunner>()));
            builder.Services.AddHostedService<PipelineWorker>();
        }
        var app = builder.Build();
        app.MapHealthChecks("/health");
        StatusApi.Map(app);
        return app;
    }
}
