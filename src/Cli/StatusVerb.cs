using System.CommandLine;
using System.Text.Json.Nodes;
using Synthesis.Ingest;
using Synthesis.Ingest.Pipeline;
using Synthesis.Ingest.Search;

namespace Synthesis.Cli;

static class StatusVerb
{
    public static Command Command(CliContext cli)
    {
        var command = new Command("status", "What the data folder holds and how far the pipeline has got");
        command.SetAction((result, ct) => Commands.Guard(() =>
        {
            var store = cli.OpenStore(result, mustExist: true);
            using var connection = store.Connect();
            var summary = StoreSummary.Read(connection);
            // Which model built the search index, and which one the setting names (a change rebuilds the index with
            // it at the next analyse, search or serve); read from the pointer file, no model is loaded.
            var index = IndexPointer.Read(store.DataDirectory);
            var setting = cli.Settings.Embedder;
            var sources = cli.Configuration is { } configuration ? SynthesisConfiguration.Sources(configuration) : [];
            if (result.GetValue(Commands.Json))
            {
                var output = ToJson(summary);
                output["search_index"] = index is null ? null : new JsonObject
                {
                    ["model"] = index.Model, ["version"] = index.Version, ["dimensions"] = index.Dimensions,
                    ["vector_store"] = index.VectorStore, ["published_at"] = index.PublishedAt.ToString("O"),
                };
                output["embedder_setting"] = setting;
                output["settings"] = new JsonArray([.. sources.Select(s => (JsonNode)new JsonObject { ["key"] = s.Key, ["value"] = s.Value, ["source"] = s.Source })]);
                Console.WriteLine(output.ToJsonString());
                return Task.FromResult(0);
            }
            var j = summary.Jobs;
            Console.WriteLine($"data:          {store.DataDirectory}");
            Console.WriteLine($"contributions: {summary.Contributions}");
            Console.WriteLine($"passages:      {summary.Passages}");
            Console.WriteLine($"jobs:          {j.Pending} pending, {j.Running} running, {j.Done} done, {j.Failed} failed (will retry), {j.Parked} parked");
            Console.WriteLine(index is null
                ? $"search index:  none yet (built by the next analyse; Synthesis:Embedder: {setting})"
                : $"search index:  {index.Info}, {index.VectorStore}, built {index.PublishedAt:yyyy-MM-dd HH:mm} (Synthesis:Embedder: {setting})");
            Console.WriteLine(sources.Count == 0 ? "settings:      all defaults" : "settings:");
            foreach (var s in sources) Console.WriteLine($"  {s.Key} = {s.Value}   ({s.Source})");
            PrintParked(summary);
            return Task.FromResult(0);
        }));
        return command;
    }

    public static JsonObject ToJson(StoreSummary summary) => new()
    {
        ["contributions"] = summary.Contributions,
        ["passages"] = summary.Passages,
        ["jobs"] = new JsonObject
        {
            ["pending"] = summary.Jobs.Pending,
            ["running"] = summary.Jobs.Running,
            ["done"] = summary.Jobs.Done,
            ["failed"] = summary.Jobs.Failed,
            ["parked"] = summary.Jobs.Parked,
        },
        ["parked"] = new JsonArray(summary.Parked
            .Select(p => (JsonNode)new JsonObject { ["stage"] = p.Stage, ["reason"] = p.Reason, ["count"] = p.Count }).ToArray()),
    };

    public static void PrintParked(StoreSummary summary)
    {
        foreach (var p in summary.Parked)
            Console.WriteLine($"parked: {p.Count} {p.Stage} job(s): {p.Reason}");
    }
}
