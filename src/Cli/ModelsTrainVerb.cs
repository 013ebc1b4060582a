using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Synthesis.Nlp.Embeddings;

namespace Synthesis.Cli;

/// <summary>
/// <c>synthesis models train</c>: builds the built-in French embedding model from the French text of eval-data (and,
/// with <c>--with-contributions</c>, the contributions of the data folder), deterministically: the same texts give the
/// same file, byte for byte. models/builtin-fr/README.md gives the command that rebuilds the shipped file.
/// </summary>
static class ModelsTrainVerb
{
    /// <summary>The most a model file may weigh (it is committed to the repository).</summary>
    const long MaxModelBytes = 20L * 1024 * 1024;

    public static Command Command(CliContext cli)
    {
        var output = new Option<string>("--out") { Description = "Where to write the model file (e.g. models/builtin-fr/builtin-fr.embeddings.gz)", Required = true };
        var evalData = new Option<string?>("--eval-data") { Description = "The folder holding eval-data/ (default: found from the current folder upwards, then from the program's)" };
        var contributions = new Option<bool>("--with-contributions") { Description = "Also train on the contributions of the data folder (--data)" };
        var dimensions = new Option<int>("--dimensions") { Description = "Vector length", DefaultValueFactory = _ => new BuiltinTrainingOptions().Dimensions };
        var command = new Command("train", "Build the built-in French embedding model from eval-data (and the consultation's contributions)")
            { output, evalData, contributions, dimensions };
        command.SetAction((result, ct) => Commands.Guard(() =>
        {
            var root = result.GetValue(evalData) ?? FindEvalDataRoot(Synthesis.Ingest.Models.TrainingCorpus.MakeOrgCsv)
                ?? throw new UsageException("no eval-data folder found above the current folder: give the repository folder with --eval-data DIR");
            foreach (var required in new[] { Synthesis.Ingest.Models.TrainingCorpus.MakeOrgCsv, Synthesis.Ingest.Models.TrainingCorpus.GrandDebatJson })
                if (!File.Exists(Path.Combine(root, required)))
                    throw new UsageException($"{Path.Combine(root, required)} is missing: --eval-data must be the folder holding eval-data/ (the repository root)");
            if (result.GetValue(dimensions) is < 2 or > 1024) throw new UsageException("--dimensions must be between 2 and 1024");
            var extra = result.GetValue(contributions) ? ReadContributions(cli, result) : null;
            var json = result.GetValue(Commands.Json);
            var clock = Stopwatch.StartNew();
            var model = Synthesis.Ingest.Models.TrainingCorpus.TrainBuiltin(root, extra,
                new BuiltinTrainingOptions { Dimensions = result.GetValue(dimensions) }, json ? null : line => Console.Error.WriteLine(line));
            var path = result.GetValue(output)!;
            var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
            Directory.CreateDirectory(folder);
            // written beside the target, then moved: a crash never leaves half a model where the product loads it
            var temporary = path + ".tmp";
            using (var file = File.Create(temporary)) model.Save(file);
            var size = new FileInfo(temporary).Length;
            if (size > MaxModelBytes)
            {
                File.Delete(temporary);
                throw new UsageException($"the model would weigh {size / 1_048_576.0:F1} MB, over the 20 MB limit: train with fewer --dimensions");
            }
            File.Move(temporary, path, overwrite: true);
            var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
            var summary = new JsonObject
            {
                ["path"] = path, ["version"] = model.Version, ["bytes"] = size, ["sha256"] = sha,
                ["vocabulary"] = model.VocabularySize, ["dimensions"] = model.Dimensions,
                ["contributions"] = extra?.Count ?? 0, ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1),
            };
            Console.WriteLine(json ? summary.ToJsonString()
                : $"{path}: {model.Version}, {size / 1_048_576.0:F1} MB, {model.VocabularySize} stems x {model.Dimensions}, sha256 {sha}" +
                  (extra is null ? "" : $", {extra.Count} contributions added") + $" ({clock.Elapsed.TotalSeconds:F1} s)");
            return Task.FromResult(0);
        }));
        return command;
    }

    /// <summary>The contributions' titles and texts in store order (the same data folder gives the same model).</summary>
    static List<string> ReadContributions(CliContext cli, ParseResult result)
    {
        var store = cli.OpenStore(result, mustExist: true);
        using var connection = store.Connect();
        return ContributionRows.TrainingTexts(connection);
    }

    /// <summary>The folder holding <paramref name="file"/> (a path under eval-data), from the current folder upwards, then from the program's.</summary>
    internal static string? FindEvalDataRoot(string file)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, file))) return dir.FullName;
        return null;
    }
}
