using System.CommandLine;
using System.Text.Json.Nodes;
using Synthesis.Ingest.Import;

namespace Synthesis.Cli;

static class ImportVerb
{
    public static Command Command(CliContext cli)
    {
        var path = new Argument<string>("path") { Description = "A file or a folder (searched recursively)" };
        var preset = new Option<string?>("--preset")
        {
            Description = $"Source format: {string.Join(", ", ImportPresets.All.Select(p => p.Name))} (default: detected from the fields)",
        };
        var map = new Option<string?>("--map") { Description = "Field mapping, e.g. text=reponse,title=title,date=publishedAt,ref=id" };
        var set = new Option<string?>("--set") { Description = "Values for every record, e.g. channel=workshop,neighbourhood=Bellevue" };
        var consultation = new Option<string>("--consultation") { Description = "Consultation name", DefaultValueFactory = _ => "default" };
        var maxText = new Option<int>("--max-text-chars") { Description = "Longest text accepted for one contribution", DefaultValueFactory = _ => 1_000_000 };
        var command = new Command("import", "Import contributions: CSV, JSON, JSONL, TXT/MD, audio, video and photos") { path, preset, map, set, consultation, maxText };
        command.SetAction((result, ct) => Commands.Guard(() =>
        {
            var target = result.GetValue(path)!;
            if (!File.Exists(target) && !Directory.Exists(target)) throw new UsageException($"no such file or folder: {target}");
            var options = new ImportOptions
            {
                Preset = result.GetValue(preset),
                Fields = FieldMapping.ParsePairs(result.GetValue(map), "--map"),
                Constants = FieldMapping.ParsePairs(result.GetValue(set), "--set"),
                Consultation = result.GetValue(consultation)!,
                MaxTextChars = result.GetValue(maxText),
            };
            var store = cli.OpenStore(result);
            var report = new Importer(store, options).Import(target);
            if (result.GetValue(Commands.Json)) Console.WriteLine(ToJson(report).ToJsonString());
            else Print(report);
            // every file or record refused: the command failed (a script must not go on as if the data were in)
            if (report.Imported == 0 && report.Duplicates == 0 && report.Rejected > 0)
            {
                Console.Error.WriteLine("synthesis: nothing was imported: every file or record was rejected (reasons above)");
                return Task.FromResult(1);
            }
            return Task.FromResult(0);
        }));
        return command;
    }

    static JsonObject ToJson(ImportReport report) => new()
    {
        ["imported"] = report.Imported,
        ["duplicates"] = report.Duplicates,
        ["rejected"] = report.Rejected,
        ["files"] = report.Files,
        ["errors"] = Errors(report.Errors),
        ["warnings"] = Errors(report.Warnings),
    };

    static JsonArray Errors(IEnumerable<ImportError> errors) =>
        new(errors.Select(e => (JsonNode)new JsonObject { ["source"] = e.Source, ["row"] = e.Row, ["reason"] = e.Reason }).ToArray());

    static void Print(ImportReport report)
    {
        Console.WriteLine($"{report.Imported} imported, {report.Duplicates} already present, {report.Rejected} rejected ({report.Files} files)");
        foreach (var e in report.Errors.Take(50))
            Console.Error.WriteLine($"rejected: {e.Source}{(e.Row is null ? "" : $" row {e.Row}")}: {e.Reason}");
        if (report.Errors.Count > 50) Console.Error.WriteLine($"... and {report.Errors.Count - 50} more (use --json for all)");
        foreach (var w in report.Warnings.Take(20))
            Console.Error.WriteLine($"warning: {w.Source}{(w.Row is null ? "" : $" row {w.Row}")}: {w.Reason}");
        if (report.Warnings.Count > 20) Console.Error.WriteLine($"... and {report.Warnings.Count - 20} more warnings (use --json for all)");
    }
}
