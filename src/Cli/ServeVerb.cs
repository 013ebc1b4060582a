using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Synthesis.Api;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Cli;

static class ServeVerb
{
    public static Command Command()
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var noWorker = new Option<bool>("--no-worker") { Description = "Leave the pipeline to separate `synthesis analyse` or worker processes" };
        var command = new Command("serve", "Serve the API and web app, with the pipeline worker in the same process") { urls, noWorker };
        command.SetAction((result, ct) => Commands.Guard(async () =>
        {
            var store = Commands.OpenStore(result);
            var app = SynthesisWebHost.Build([], store, result.GetValue(urls)!, runWorker: !result.GetValue(noWorker), new PipelineOptions());
            Console.WriteLine($"Synthesis is serving {store.DataDirectory} on {result.GetValue(urls)} (Ctrl+C to stop)");
            await app.StartAsync(ct);
            await app.WaitForShutdownAsync(ct);
            return 0;
        }));
        return command;
    }
}
