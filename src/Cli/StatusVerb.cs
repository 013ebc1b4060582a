using System.CommandLine;
using System.Text.Json.Nodes;
using Synthesis.Ingest;

namespace Synthesis.Cli;

static class StatusVerb
{
    public static Command Command()
    {
        var command = new Command("status", "What the data folder holds and how far the pipeline has got");
        command.SetAction((result, ct) => Commands.Guard(() =>
        {
            var store = Commands.OpenStore(result, mustExist: true);
            using var connection = store.Connect();
            var summary = StoreSummary.Read(connection);
            if (result.GetValue(Commands.Json))
            {
                Console.WriteLine(ToJson(summary).ToJsonString());
                return Task.FromResult(0);
            }
            var j = summary.Jobs;
            Console.WriteLine($"data:          {store.DataDirectory}");
            Console.WriteLine($"contributions: {summary.Contributions}");
            Console.WriteLine($"passages:      {summary.Passages}");
            Console.WriteLine($"jobs:          {j.Pending} pending, {j.Running} running, {j.Done} done, {j.Failed} failed (will retry), {j.Parked} parked");
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
