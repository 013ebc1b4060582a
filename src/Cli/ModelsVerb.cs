using System.CommandLine;
using System.Text.Json.Nodes;
using Synthesis.Ingest.Models;

namespace Synthesis.Cli;

static class ModelsVerb
{
    public static Command Command(CliContext cli)
    {
        var list = new Command("list", "The models Synthesis knows, and which are present");
        list.SetAction((result, ct) => Commands.Guard(() =>
        {
            var catalog = ModelCatalog.For(cli.DataDirectory(result), cli.Settings);
            if (result.GetValue(Commands.Json))
            {
                Console.WriteLine(new JsonObject
                {
                    ["directory"] = catalog.Directory,
                    ["models"] = new JsonArray(catalog.Entries.Select(e => (JsonNode)new JsonObject
                    {
                        ["name"] = e.Name, ["kind"] = e.Kind, ["size"] = e.Size, ["present"] = catalog.IsPresent(e), ["licence"] = e.Licence,
                    }).ToArray()),
                }.ToJsonString());
                return Task.FromResult(0);
            }
            Console.WriteLine($"models folder: {catalog.Directory}");
            foreach (var e in catalog.Entries)
                Console.WriteLine($"{(catalog.IsPresent(e) ? "present" : "       ")}  {e.Name,-34} {e.Kind,-15} {(e.Size is { } s ? $"{s / 1_048_576.0:F0} MB" : ""),8}  {e.Licence}");
            return Task.FromResult(0);
        }));

        var name = new Argument<string>("name") { Description = "A model name from `synthesis models list`" };
        var pull = new Command("pull", "Download a model, verify its SHA-256 and resume a broken download") { name };
        pull.SetAction((result, ct) => Commands.Guard(async () =>
        {
            var catalog = ModelCatalog.For(cli.DataDirectory(result), cli.Settings);
            using var http = new HttpClient { Timeout = TimeSpan.FromHours(2) };
            var lastPercent = -1;
            var progress = new Progress<(long Done, long? Total)>(p =>
            {
                if (p.Total is not { } total || result.GetValue(Commands.Json)) return;
                var percent = (int)(100 * p.Done / Math.Max(1, total));
                if (percent != lastPercent) Console.Error.Write($"\r{percent,3} % of {total / 1_048_576.0:F0} MB");
                lastPercent = percent;
            });
            try
            {
                var path = await catalog.PullAsync(result.GetValue(name)!, http, progress, ct);
                if (result.GetValue(Commands.Json)) Console.WriteLine(new JsonObject { ["path"] = path, ["verified"] = true }.ToJsonString());
                else Console.WriteLine($"\n{path} (SHA-256 verified)");
                return 0;
            }
            catch (ModelDownloadException e)
            {
                Console.Error.WriteLine($"synthesis: {e.Message}");
                return 1;
            }
        }));
        return new Command("models", "List, download and train models (Whisper, embeddings, tone and question types)") { list, pull, ModelsTrainVerb.Command(cli), ModelsTrainClassifiersVerb.Command(cli) };
    }
}
