using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Synthesis.Ingest.Models;

namespace Synthesis.Cli;

/// <summary>
/// <c>synthesis models train-classifiers</c>: learns the tone and question-type models from the train part of the
/// civic set (eval-data/civic/civic.jsonl) and writes models/civic/tone.model and question.model. The same set and
/// lexicons give the same files, byte for byte: models/civic/README.md gives the command and the hashes.
/// </summary>
static class ModelsTrainClassifiersVerb
{
    public static Command Command(CliContext cli)
    {
        var output = new Option<string>("--out") { Description = "The folder to write tone.model and question.model to (e.g. models/civic)", Required = true };
        var evalData = new Option<string?>("--eval-data") { Description = "The folder holding eval-data/ (default: found from the current folder upwards, then from the program's)" };
        var command = new Command("train-classifiers", "Learn the tone and question-type models from the civic set's train part") { output, evalData };
        command.SetAction((result, ct) => Commands.Guard(() =>
        {
            var root = result.GetValue(evalData) ?? ModelsTrainVerb.FindEvalDataRoot(CivicSet.RelativePath)
                ?? throw new UsageException($"no {CivicSet.RelativePath} found above the current folder: give the repository folder with --eval-data DIR");
            var path = Path.Combine(root, CivicSet.RelativePath);
            if (!File.Exists(path)) throw new UsageException($"{path} is missing: --eval-data must be the folder holding eval-data/ (the repository root)");
            var clock = Stopwatch.StartNew();
            var examples = CivicSet.Read(path, CivicSet.TrainSplit);
            if (examples.Count == 0) throw new UsageException($"{path} has no example in its {CivicSet.TrainSplit} part");
            var (tone, questions) = CivicSet.Train(examples, cli.Models.Lexicon());
            var folder = result.GetValue(output)!;
            Directory.CreateDirectory(folder);
            var files = new JsonArray();
            foreach (var (name, save) in new (string, Action<Stream>)[] { ("tone.model", tone.Save), ("question.model", questions.Save) })
            {
                var target = Path.Combine(folder, name);
                // written beside the target, then moved: a crash never leaves half a model where the product loads it
                using (var file = File.Create(target + ".tmp")) save(file);
                File.Move(target + ".tmp", target, overwrite: true);
                var bytes = File.ReadAllBytes(target);
                files.Add(new JsonObject { ["path"] = target, ["bytes"] = bytes.Length, ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)) });
            }
            var summary = new JsonObject { ["examples"] = examples.Count, ["files"] = files, ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1) };
            if (result.GetValue(Commands.Json)) Console.WriteLine(summary.ToJsonString());
            else
            {
                Console.WriteLine($"{examples.Count} examples of the civic set's {CivicSet.TrainSplit} part ({clock.Elapsed.TotalSeconds:F1} s)");
                foreach (var f in files) Console.WriteLine($"{f!["path"]}: {f["bytes"]} bytes, sha256 {f["sha256"]}");
            }
            return Task.FromResult(0);
        }));
        return command;
    }
}
