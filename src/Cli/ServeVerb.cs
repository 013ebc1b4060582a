using System.CommandLine;
using System.Net;
using System.Net.Sockets;
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
            Free(result.GetValue(urls)!);
            // the verb's own options win over the settings given (--data, --urls; --no-worker over Synthesis:Worker)
            var app = SynthesisWebHost.Build([.. cli.SettingArgs, $"--Synthesis:Data={store.DataDirectory}", $"--urls={result.GetValue(urls)}",
                .. result.GetValue(noWorker) ? new[] { "--Synthesis:Worker=false" } : []], new PipelineOptions());
            FirstAdmin(app.Services.GetRequiredService<Accounts>());
            await app.StartAsync(ct);
            Console.WriteLine($"Synthesis is serving {store.DataDirectory} on {result.GetValue(urls)} (Ctrl+C to stop)");
            await app.WaitForShutdownAsync(ct);
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Fails with a usage error, before anything starts, when an address to listen on is taken (another `synthesis
    /// serve` most often): the web host would otherwise log a stack trace after this command said it was serving.
    /// </summary>
    static void Free(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"), UriKind.Absolute, out var uri)) continue;
            var address = uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
                : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? ip : null;
            if (address is null) continue;
            var probe = new TcpListener(address, uri.Port);
            try { probe.Start(); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                throw new UsageException($"{url} is already in use (by another `synthesis serve`?): stop it, or serve on another address with --urls http://{uri.Host}:{uri.Port + 1}");
            }
            finally { probe.Stop(); }
        }
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
