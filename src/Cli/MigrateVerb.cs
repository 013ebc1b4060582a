using System.CommandLine;
using System.Text.Json.Nodes;
using Synthesis.Store;

namespace Synthesis.Cli;

/// <summary>
/// <c>synthesis migrate --to postgres://…</c>: copies the data folder's SQLite store into a PostgreSQL database
/// (contributions, passages, analysis, themes, reviewers' decisions, users, keys, jobs) and checks every table's
/// count. Running it again copies only what is new. The original files stay where they are (Synthesis:Originals).
/// </summary>
static class MigrateVerb
{
    public static Command Command(CliContext cli)
    {
        var to = new Option<string>("--to") { Description = "The PostgreSQL database to copy into: postgres://user:password@host:5432/database", Required = true };
        var command = new Command("migrate", "Copy the data folder's SQLite store into PostgreSQL, then check the counts") { to };
        command.SetAction((result, ct) => Commands.Guard(() =>
        {
            var dir = cli.DataDirectory(result);
            if (!File.Exists(Path.Combine(dir, "synthesis.db")))
                throw new UsageException($"no SQLite store in '{Path.GetFullPath(dir)}' to copy (give its folder with --data)");
            var address = result.GetValue(to)!;
            var source = cli.OpenStore(dir, null);
            var target = cli.OpenStore(dir, address);
            var json = result.GetValue(Commands.Json);
            var counts = StoreCopy.Copy(source, target, json ? null : table => Console.Error.Write($"\r{table,-20}"));
            if (!json) Console.Error.WriteLine();
            var incomplete = counts.Where(t => t.Target < t.Source).ToList();
            if (json)
                Console.WriteLine(new JsonObject
                {
                    ["tables"] = new JsonArray(counts.Select(t => (JsonNode)new JsonObject { ["table"] = t.Table, ["sqlite"] = t.Source, ["postgres"] = t.Target }).ToArray()),
                    ["complete"] = incomplete.Count == 0,
                }.ToJsonString());
            else
            {
                foreach (var t in counts) Console.WriteLine($"{t.Table,-20} {t.Source,10} -> {t.Target,10}{(t.Target < t.Source ? "  MISSING ROWS" : "")}");
                Console.WriteLine(incomplete.Count == 0
                    ? $"copied: set Synthesis:Store = {PostgresAddress.Redacted(address)} (or --store) to work on PostgreSQL"
                    : $"{incomplete.Count} table(s) short of rows: run migrate again, then check the store's log");
            }
            return Task.FromResult(incomplete.Count == 0 ? 0 : 1);
        }));
        return command;
    }
}
