using System.CommandLine;
using System.Text.Json.Nodes;
using Synthesis.Ingest.Import;

namespace Synthesis.Cli;

/// <summary>
/// The neighbourhood reference table: which neighbourhood a postcode, an IRIS code or a street belongs to, so that
/// filters, charts and reports say « Bellevue » rather than « 44100 ». Applied to the contributions already imported
/// at once, and to every later import.
/// </summary>
static class PlacesVerb
{
    public static Command Command(CliContext cli)
    {
        var root = new Command("places", "Neighbourhood names for postcodes, IRIS codes and streets");
        root.Subcommands.Add(Import(cli));
        root.Subcommands.Add(List(cli));
        return root;
    }

    static Command Import(CliContext cli)
    {
        var file = new Argument<string>("file") { Description = "CSV or TSV: a code column (code, code_postal, iris, rue...), a name column (quartier, nom...), an optional type" };
        var replace = new Option<bool>("--replace") { Description = "The file is the whole table: places not in it are removed" };
        var command = new Command("import", "Import a neighbourhood reference table and name the contributions' places with it") { file, replace };
        command.SetAction((result, ct) => Commands.Guard(() =>
        {
            var path = result.GetValue(file)!;
            if (!File.Exists(path)) throw new UsageException($"no such file: {path}");
            List<Place> places;
            List<ImportError> errors;
            try { (places, errors) = PlacesFile.Read(path); }
            catch (ImportException e) { throw new UsageException(e.Message); }
            var store = cli.OpenStore(result, mustExist: true);
            int renamed;
            using (var c = store.Connect())
            using (var tx = c.BeginTransaction())
            {
                PlaceRows.Save(c, tx, places, result.GetValue(replace));
                renamed = PlaceRows.Apply(c, tx);
                tx.Commit();
            }
            List<(string Place, long Contributions)> unnamed;
            using (var c = store.Connect()) unnamed = PlaceRows.Unnamed(c);
            if (result.GetValue(Commands.Json))
                Console.WriteLine(new JsonObject
                {
                    ["places"] = places.Count, ["contributions_renamed"] = renamed, ["rejected"] = errors.Count,
                    ["errors"] = new JsonArray(errors.Select(e => (JsonNode)new JsonObject { ["source"] = e.Source, ["row"] = e.Row, ["reason"] = e.Reason }).ToArray()),
                    ["unnamed"] = new JsonArray(unnamed.Take(100).Select(u => (JsonNode)new JsonObject { ["place"] = u.Place, ["contributions"] = u.Contributions }).ToArray()),
                }.ToJsonString());
            else
            {
                Console.WriteLine($"{places.Count} places imported, {renamed} contributions renamed, {errors.Count} rows rejected");
                foreach (var e in errors) Console.Error.WriteLine($"rejected: {e.Source} row {e.Row}: {e.Reason}");
                if (unnamed.Count > 0)
                    Console.WriteLine($"{unnamed.Count} places of contributions have no name in the table, the most frequent: " +
                        string.Join(", ", unnamed.Take(5).Select(u => $"{u.Place} ({u.Contributions})")));
            }
            return Task.FromResult(places.Count == 0 && errors.Count > 0 ? 1 : 0);
        }));
        return command;
    }

    static Command List(CliContext cli)
    {
        var command = new Command("list", "The reference table, and the contributions' places it does not name");
        command.SetAction((result, ct) => Commands.Guard(() =>
        {
            using var c = cli.OpenStore(result, mustExist: true).Connect();
            var places = PlaceRows.All(c);
            var unnamed = PlaceRows.Unnamed(c);
            if (result.GetValue(Commands.Json))
                Console.WriteLine(new JsonObject
                {
                    ["places"] = new JsonArray(places.Select(p => (JsonNode)new JsonObject { ["code"] = p.Code, ["name"] = p.Name, ["type"] = p.Kind }).ToArray()),
                    ["unnamed"] = new JsonArray(unnamed.Select(u => (JsonNode)new JsonObject { ["place"] = u.Place, ["contributions"] = u.Contributions }).ToArray()),
                }.ToJsonString());
            else
            {
                foreach (var p in places) Console.WriteLine($"{p.Code}\t{p.Name}\t{p.Kind}");
                foreach (var u in unnamed) Console.WriteLine($"{u.Place}\t(no name)\t{u.Contributions} contributions");
            }
            return Task.FromResult(0);
        }));
        return command;
    }
}
