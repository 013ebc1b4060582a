using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Synthesis.Api;
using Synthesis.Api.Security;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Cli;

static class ServeVerb
{
    public static Command Command(CliContext cli)
    {
        var urls = new Option<string>("--urls") { Description = "Where to listen", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var noWorker = new Option<bool>("--no-worker") { Description = "Leave the pipeline to separate `synthesis analyse` or worker processes" };
        var command = new Command("serve", "Serve the API and web app, with the pipeline worker in the same process") { urls, noWorker };
        command.SetAction((result, ct) => Commands.Guard(async () =>
        {
            var store = cli.OpenStore(result);
            // the verb's own options win over the settings given (--data, --urls; --no-worker over Synthesis:Worker)
            var app = SynthesisWebHost.Build([.. cli.SettingArgs, $"--Synthesis:Data={store.DataDirectory}", $"--urls={result.GetValue(urls)}",
                .. result.GetValue(noWorker) ? new[] { "--Synthesis:Worker=false" } : []], new PipelineOptions());
            FirstAdmin(app.Services.GetRequiredService<Accounts>());
            Console.WriteLine($"Synthesis is serving {store.DataDirectory} on {result.GetValue(urls)} (Ctrl+C to stop)");
            await app.StartAsync(ct);
            await app.WaitForShutdownAsync(ct);
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// A data folder with no user gets an admin whose password is printed here, once, on the console (never logged);
    /// `synthesis users add` is the other way in.
    /// </summary>
    static void FirstAdmin(Accounts accounts)
    {
        if (accounts.AnyUser()) return;
        var password = Accounts.GeneratePassword();
        accounts.AddUser("admin", password, Roles.Admin);
        Console.WriteLine($"First start: user 'admin' created with password {password} (shown once; change it or add users with `synthesis users add`).");
    }
}
