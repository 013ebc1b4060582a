using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Synthesis.Ingest.Models;

namespace Synthesis.Cli;

/// <summary>
/// <c>synthesis models train-classifiers</c>: learns the tone and question-type models from the train and dev parts of
/// the civic set (eval-data/civic/civic.jsonl) and writes models/civic/tone.model and question.model. The same set and
/// lexicons give the same files, byte for byte: models/civic/README.md gives the command and the hashes.
/// </summary>
static class ModelsTrainClassifiersVerb
{
    public static Command Command(CliContext cli)
    {
        var output = new Option<string>("--out") { Description = "The folder to write tone.model and question.model to (e.g. models/civic)", Required = true };
        var evalData = new Option<string?>("--eval-data") { Description = "The folder holding eval-data/ (default: found from the current folder upwards, then from the program's)" };
        var outOfFold = new Option<string?>("--out-of-fold") { Description = "Also write each training example's out-of-fold label and confidence, with its gold label, to this JSONL file (how the confidence thresholds and per-label figures were read)" };
        var command = new Command("train-classifiers", "Learn the tone and question-type models from the civic set's train and dev parts") { output, evalData, outOfFold };
        command.SetAction((result, ct) => Commands.Guard(() =>
        {
            var root = result.GetValue(evalData) ?? ModelsTrainVerb.FindEvalDataRoot(CivicSet.RelativePath)
                ?? throw new UsageException($"no {CivicSet.RelativePath} found above the current folder: give the repository folder with --eval-data DIR");
            var path = Path.Combine(root, CivicSet.RelativePath);
            if (!File.Exists(path)) throw new UsageException($"{path} is missing: --eval-data must be the folder holding eval-data/ (the repository root)");
            var clock = Stopwatch.StartNew();
            var examples = CivicSet.Read(path, CivicSet.TrainSplits);
            if (examples.Count == 0) throw new UsageException($"{path} has no example in its {string.Join(" and ", CivicSet.TrainSplits)} parts");
            var (toneModel, questionModel, toneFit, questionFit) = CivicSet.Train(examples, cli.Models.Lexicon());
            var folder = result.GetValue(output)!;
            Directory.CreateDirectory(folder);
            var files = new JsonArray();
            foreach (var (name, save) in new (string, Action<Stream>)[] { ("tone.model", toneModel.Save), ("question.model", questionModel.Save) })
            {
                var target = Path.Combine(folder, name);
                // written beside the target, then moved: a crash never leaves half a model where the product loads it
                using (var file = File.Create(target + ".tmp")) save(file);
                File.Move(target + ".tmp", target, overwrite: true);
                var bytes = File.ReadAllBytes(target);
                files.Add(new JsonObject { ["path"] = target, ["bytes"] = bytes.Length, ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)) });
            }
            if (result.GetValue(outOfFold) is { } oofPath)
            {
                using var oof = new StreamWriter(oofPath);
                foreach (var (e, (tone, toneConfidence), (question, questionConfidence)) in examples.Zip(toneFit.Decisions(), questionFit.Decisions()))
                    oof.WriteLine(new JsonObject
                    {
                        ["id"] = e.Id, ["split"] = e.Split, ["tone"] = DomainNames.Name(e.Tone), ["tone_out_of_fold"] = tone, ["tone_confidence"] = Math.Round(toneConfidence, 4),
                        ["question"] = DomainNames.Name(e.Question), ["question_out_of_fold"] = question, ["question_confidence"] = Math.Round(questionConfidence, 4),
                    }.ToJsonString());
            }
            var fits = new JsonObject { ["tone"] = Fit(toneFit), ["question"] = Fit(questionFit) };
            var summary = new JsonObject { ["examples"] = examples.Count, ["files"] = files, ["decision_offsets"] = fits, ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 1) };
            if (result.GetValue(Commands.Json)) Console.WriteLine(summary.ToJsonString());
            else
            {
                Console.WriteLine($"{examples.Count} examples of the civic set's {string.Join(" and ", CivicSet.TrainSplits)} parts ({clock.Elapsed.TotalSeconds:F1} s)");
                foreach (var f in files) Console.WriteLine($"{f!["path"]}: {f["bytes"]} bytes, sha256 {f["sha256"]}");
                foreach (var (name, fit) in new[] { ("tone", toneFit), ("question", questionFit) })
                    Console.WriteLine($"{name}: 5-fold out-of-fold macro-F1 {fit.MacroF1Before:F3} without decision offsets, {fit.MacroF1After:F3} with "
                        + string.Join(", ", fit.Labels.Zip(fit.Offsets, (l, o) => $"{l} {o:+0.00;-0.00;0}")));
            }
            return Task.FromResult(0);
        }));
        return command;
    }

    static JsonObject Fit(Synthesis.Nlp.BiasReport fit) => new()
    {
        ["out_of_fold_macro_f1"] = Math.Round(fit.MacroF1Before, 4),
        ["tuned_macro_f1"] = Math.Round(fit.MacroF1After, 4),
        ["offsets"] = new JsonObject(fit.Labels.Zip(fit.Offsets, (l, o) => KeyValuePair.Create(l, (JsonNode?)o))),
    };
}
