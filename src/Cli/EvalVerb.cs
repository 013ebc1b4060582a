using System.CommandLine;
using System.Text.Json.Nodes;
using Synthesis.Ingest.Media;
using Synthesis.Nlp;
using Synthesis;

namespace Synthesis.Cli;

static class EvalVerb
{
    public static Command Command() => new("eval", "Measure quality on labelled data") { Wer(), Classify(), EvalRetrievalVerb.Command(), EvalClustersVerb.Command() };

    static Command Classify()
    {
        var task = new Option<string>("--task") { Description = "question or sentiment", Required = true };
        var input = new Option<string>("--input") { Description = "JSONL lines {\"id\",\"text\",\"label\"?}", Required = true };
        var train = new Option<string?>("--train") { Description = "Labelled examples to learn from (as reviewers' corrections train the supervised models)" };
        var output = new Option<string?>("--out") { Description = "Where to write {\"id\",\"label\",\"scores\"} per line" };
        var command = new Command("classify", "Classify passages by question type or sentiment; accuracy and macro-F1 when labels are present") { task, input, train, output };
        command.SetAction((result, ct) => Commands.Guard(() =>
        {
            var items = EvalData.Read(result.GetValue(input)!);
            var kind = result.GetValue(task)!.ToLowerInvariant();
            var predictions = kind switch
            {
                "sentiment" => ClassifySentiment(items, result.GetValue(train)),
                "question" => ClassifyQuestion(items, result.GetValue(train)),
                _ => throw new UsageException($"--task must be question or sentiment, not '{kind}'"),
            };
            EvalData.Write(result.GetValue(output), predictions.Select((p, i) => new JsonObject
            {
                ["id"] = items[i].Id, ["label"] = p.Label, ["scores"] = new JsonObject(p.Scores.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Math.Round(kv.Value, 4)))),
            }));
            var labelled = items.Select((item, i) => (item.Label, Predicted: predictions[i].Label)).Where(x => x.Label is not null).ToList();
            var summary = new JsonObject { ["task"] = kind, ["items"] = items.Count };
            if (labelled.Count > 0)
            {
                var report = ClassificationMetrics.Compute(labelled.Select(x => x.Label!).ToList(), labelled.Select(x => x.Predicted).ToList());
                summary["accuracy"] = Math.Round(report.Accuracy, 4);
                summary["macro_f1"] = Math.Round(report.MacroF1, 4);
            }
            Console.WriteLine(result.GetValue(Commands.Json) ? summary.ToJsonString()
                : string.Join("  ", summary.Select(kv => $"{kv.Key}: {kv.Value}")));
            return Task.FromResult(0);
        }));
        return command;
    }

    static List<(string Label, Dictionary<string, double> Scores)> ClassifyQuestion(List<EvalItem> items, string? trainPath)
    {
        Synthesis.Nlp.Questions.QuestionClassifier classifier;
        if (trainPath is null) classifier = Synthesis.Nlp.Questions.QuestionClassifier.ZeroShot();
        else
        {
            var examples = EvalData.Read(trainPath).Where(e => e.Label is not null).Select(e =>
                DomainNames.TryParse<QuestionType>(e.Label, out var q) ? (e.Text, q) : throw new UsageException($"{trainPath}: '{e.Label}' is not problem, engagement, solution or other"));
            classifier = Synthesis.Nlp.Questions.QuestionClassifier.Train(examples);
        }
        // A gold set without "other" asks which of the three questions a passage answers: argmax over those.
        var threeWay = items.Any(i => i.Label is not null) && items.All(i => i.Label is null or "problem" or "engagement" or "solution");
        return items.Select(item =>
        {
            var s = classifier.Score(item.Text);
            var top = !threeWay ? s.Top
                : new[] { (QuestionType.Problem, s.Problem), (QuestionType.Engagement, s.Engagement), (QuestionType.Solution, s.Solution) }.MaxBy(x => x.Item2).Item1;
            return (DomainNames.Name(top), new Dictionary<string, double>
            {
                ["problem"] = s.Problem, ["engagement"] = s.Engagement, ["solution"] = s.Solution, ["other"] = s.Other,
            });
        }).ToList();
    }

    static List<(string Label, Dictionary<string, double> Scores)> ClassifySentiment(List<EvalItem> items, string? trainPath)
    {
        var lexicon = Synthesis.Nlp.Sentiment.FrenchSentiment.Load(Path.Combine(Synthesis.Ingest.Pipeline.DefaultPipeline.ShippedModels, "lexicons"));
        Func<string, Synthesis.Nlp.Sentiment.SentimentResult> analyzer = lexicon.Score;
        if (trainPath is not null)
        {
            var examples = EvalData.Read(trainPath).Where(e => e.Label is not null).Select(e =>
                DomainNames.TryParse<Sentiment>(e.Label, out var s) ? (e.Text, s) : throw new UsageException($"{trainPath}: '{e.Label}' is not positive, neutral or negative")).ToList();
            if (examples.Select(e => e.s).Distinct().Count() < 2) throw new UsageException($"{trainPath}: training needs labelled examples of at least two sentiments");
            analyzer = Synthesis.Nlp.Sentiment.SentimentModel.Train(examples, lexicon).Score;
        }
        // Gold sets may be binary (positive / negative): then the sign decides, and neutral is not an answer.
        var binary = items.Where(i => i.Label is not null).All(i => i.Label is "positive" or "negative") && items.Any(i => i.Label is not null);
        return items.Select(item =>
        {
            var r = analyzer(item.Text);
            var label = binary ? (r.Score >= 0 ? "positive" : "negative") : DomainNames.Name(r.Label);
            return (label, new Dictionary<string, double> { ["score"] = r.Score });
        }).ToList();
    }

    static readonly HashSet<string> AudioExtensions = [".wav", ".ogg", ".opus", ".mp3", ".m4a", ".flac", ".webm", ".mp4", ".mkv", ".mov"];

    static Command Wer()
    {
        var model = new Option<string>("--model") { Description = "A ggml Whisper model file", Required = true };
        var input = new Option<string>("--input") { Description = "A folder of recordings, each with a reference NAME.txt beside it or listed in a TSV (file, ..., transcript)", Required = true };
        var language = new Option<string>("--language") { Description = "Language code, or auto", DefaultValueFactory = _ => "fr" };
        var threads = new Option<int>("--threads") { Description = "Whisper threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Cap tokens per segment (0: Whisper's default)" };
        var command = new Command("wer", "Word error rate of a Whisper model on recordings with reference transcripts") { model, input, language, threads, maxTokens };
        command.SetAction((result, ct) => Commands.Guard(async () =>
        {
            var dir = result.GetValue(input)!;
            if (!Directory.Exists(dir)) throw new UsageException($"no such folder: {dir}");
            var modelPath = result.GetValue(model)!;
            if (!File.Exists(modelPath)) throw new UsageException($"no such model file: {modelPath}");
            var references = References(dir);
            if (references.Count == 0) throw new UsageException($"no recording in {dir} has a reference transcript (NAME.txt beside it, or a TSV listing it)");
            using var transcriber = new WhisperTranscriber(modelPath, new TranscriptionOptions
            {
                Language = result.GetValue(language)!, Threads = result.GetValue(threads), MaxTokensPerSegment = result.GetValue(maxTokens),
            });
            var files = new JsonArray();
            int errors = 0, words = 0;
            foreach (var (audio, reference) in references.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                var hypothesis = new List<string>();
                await foreach (var segment in transcriber.TranscribeAsync(audio, ct)) hypothesis.Add(segment.Text);
                var wer = WordErrorRate.Compute(reference, string.Join(' ', hypothesis));
                errors += wer.Errors;
                words += wer.ReferenceWords;
                files.Add(new JsonObject { ["file"] = Path.GetFileName(audio), ["wer"] = Math.Round(wer.Rate, 4), ["words"] = wer.ReferenceWords });
                if (!result.GetValue(Commands.Json)) Console.WriteLine($"{Path.GetFileName(audio),-40} WER {wer.Rate:P1} ({wer.Errors}/{wer.ReferenceWords})");
            }
            var overall = words == 0 ? 0 : errors / (double)words;
            if (result.GetValue(Commands.Json))
                Console.WriteLine(new JsonObject { ["wer"] = Math.Round(overall, 4), ["files"] = files, ["model"] = Path.GetFileName(modelPath) }.ToJsonString());
            else Console.WriteLine($"overall WER {overall:P1} over {references.Count} recordings, {words} reference words");
            return 0;
        }));
        return command;
    }

    /// <summary>Recording path to reference text: NAME.txt beside NAME.ext, or rows of any TSV in the folder.</summary>
    static Dictionary<string, string> References(string dir)
    {
        var found = new Dictionary<string, string>();
        var audio = Directory.EnumerateFiles(dir).Where(f => AudioExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())).ToList();
        foreach (var file in audio)
        {
            var txt = Path.ChangeExtension(file, ".txt");
            if (File.Exists(txt)) found[file] = File.ReadAllText(txt);
        }
        foreach (var tsv in Directory.EnumerateFiles(dir, "*.tsv"))
            foreach (var line in File.ReadLines(tsv).Skip(1))
            {
                var fields = line.Split('\t');
                var file = Path.Combine(dir, fields[0]);
                if (fields.Length >= 2 && File.Exists(file) && !found.ContainsKey(file)) found[file] = fields[^1];
            }
        return found;
    }
}
