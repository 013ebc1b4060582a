using Synthesis.Eval;
using System.CommandLine;
using System.Text.Json.Nodes;
using Synthesis.Ingest.Media;
using Synthesis.Nlp;
using Synthesis;

namespace Synthesis.Cli;

static class EvalVerb
{
    public static Command Command(CliContext cli) => new("eval", "Measure quality on labelled data") { Wer(), Classify(cli), EvalRetrievalVerb.Command(cli), EvalClustersVerb.Command(cli) };

    static Command Classify(CliContext cli)
    {
        var task = new Option<string>("--task") { Description = "question or sentiment", Required = true };
        var input = new Option<string>("--input") { Description = "JSONL lines {\"id\",\"text\",\"label\"?}", Required = true };
        var train = new Option<string?>("--train") { Description = "Labelled examples to learn from (as reviewers' corrections train the supervised models)" };
        var output = new Option<string?>("--out") { Description = "Where to write {\"id\",\"label\",\"scores\"} per line" };
        var fallback = new Option<bool>("--fallback") { Description = "The product without its learned models (models/civic): the lexicon's tone, the zero-shot question cues" };
        var embedder = EvalEmbedder.Option();
        embedder.Description = "none (the product's classifiers, the default), or an embedding model to compare (builtin, builtin:FILE, onnx:FOLDER): "
            + "a model is trained with --train on each passage's embedding joined with the product's zero-shot scores";
        embedder.DefaultValueFactory = _ => "none";
        var command = new Command("classify", "Classify passages by question type or sentiment; accuracy and macro-F1 when labels are present") { task, input, train, output, embedder, fallback };
        command.SetAction((result, ct) => Commands.Guard(() =>
        {
            var models = cli.Models;
            var items = EvalData.Read(result.GetValue(input)!);
            var kind = result.GetValue(task)!.ToLowerInvariant();
            if (kind is not ("sentiment" or "question")) throw new UsageException($"--task must be question or sentiment, not '{kind}'");
            var model = result.GetValue(embedder)!;
            var predictions = !model.Equals("none", StringComparison.OrdinalIgnoreCase)
                ? ClassifyWithEmbeddings(models, kind, items, result.GetValue(train)
                    ?? throw new UsageException("--embedder compares embedding models as features of a model trained on --train T.jsonl: give --train"), model)
                : kind == "sentiment" ? ClassifySentiment(models, items, result.GetValue(train), result.GetValue(fallback))
                : ClassifyQuestion(models, items, result.GetValue(train), result.GetValue(fallback));
            EvalData.Write(result.GetValue(output), predictions.Select((p, i) => new JsonObject
            {
                ["id"] = items[i].Id, ["label"] = p.Label, ["scores"] = new JsonObject(p.Scores.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Math.Round(kv.Value, 4)))),
            }));
            var labelled = items.Select((item, i) => (item.Label, Predicted: predictions[i].Label)).Where(x => x.Label is not null).ToList();
            var summary = new JsonObject { ["task"] = kind, ["items"] = items.Count, ["embedder"] = model };
            if (labelled.Count > 0)
            {
                var report = ClassificationMetrics.Compute(labelled.Select(x => x.Label!).ToList(), labelled.Select(x => x.Predicted).ToList());
                summary["accuracy"] = Math.Round(report.Accuracy, 4);
                summary["macro_f1"] = Math.Round(report.MacroF1, 4);
                // each gold label's F1 and how many items carry it: a macro-F1 over a label of 12 items says little alone
                summary["per_label"] = new JsonObject(report.PerLabel.Select(kv => KeyValuePair.Create(kv.Key,
                    (JsonNode?)new JsonObject { ["f1"] = Math.Round(kv.Value.F1, 4), ["support"] = kv.Value.Support })));
            }
            Console.WriteLine(result.GetValue(Commands.Json) ? summary.ToJsonString()
                : string.Join("  ", summary.Select(kv => kv.Key == "per_label"
                    ? "f1: " + string.Join(", ", kv.Value!.AsObject().Select(l => $"{l.Key} {(double)l.Value!["f1"]!:0.00} ({l.Value["support"]})"))
                    : $"{kv.Key}: {kv.Value}")));
            return Task.FromResult(0);
        }));
        return command;
    }

    /// <summary>
    /// A maximum-entropy model trained on the --train examples, over each text's embedding joined with the product's
    /// zero-shot scores (the question cues, or the sentiment lexicon): what an embedding model adds to each task.
    /// Zero-shot scores, not the supervised ones, so that the training texts' features are not fitted to their labels.
    /// </summary>
    static List<(string Label, Dictionary<string, double> Scores)> ClassifyWithEmbeddings(Synthesis.Ingest.Models.FrenchModels models, string kind, List<EvalItem> items, string trainPath, string model)
    {
        var examples = EvalData.Read(trainPath).Where(e => e.Label is not null).ToList();
        foreach (var e in examples)
            if (kind == "question") QuestionLabel(trainPath, e.Label!); else SentimentLabel(trainPath, e.Label!);
        if (examples.Select(e => e.Label).Distinct().Count() < 2) throw new UsageException($"{trainPath}: training needs labelled examples of at least two labels");
        var generator = EvalEmbedder.Create(model, models)!;
        // an ONNX session is this call's own; the built-in model is the process's shared one
        using var owned = generator as Synthesis.Nlp.Embeddings.OnnxSentenceEmbedder;
        var questions = Synthesis.Nlp.Questions.QuestionClassifier.ZeroShot();
        var lexicon = kind == "sentiment" ? models.Lexicon() : null;
        float[] ProductScores(string text)
        {
            if (lexicon is not null) return [(float)lexicon.Score(text).Score];
            var q = questions.Score(text);
            return [(float)q.Problem, (float)q.Engagement, (float)q.Solution, (float)q.Other];
        }
        float[][] Features(IReadOnlyList<string> texts)
        {
            var vectors = generator.GenerateAsync(texts).GetAwaiter().GetResult();
            return texts.Select((t, i) => vectors[i].Vector.ToArray().Concat(ProductScores(t)).ToArray()).ToArray();
        }
        var trainFeatures = Features(examples.Select(e => e.Text).ToList());
        // embeddings scaled to zero mean and unit variance; L1 and L2 of 1 (the README's comparison figures were made so)
        var classifier = MaxEntropyClassifier.Train(examples.Select((e, i) => new MaxEntropyExample("", trainFeatures[i], e.Label!)).ToList(),
            new MaxEntropyOptions { NormalizeDense = true, L2 = 1f, L1 = 1f });
        // as in the product paths: a gold set without "other" (or without "neutral") is answered among its labels
        var gold = items.Where(i => i.Label is not null).Select(i => i.Label!).ToHashSet();
        var allowed = gold.Count > 0 ? classifier.Labels.Where(gold.Contains).ToHashSet() : classifier.Labels.ToHashSet();
        if (allowed.Count == 0) allowed = classifier.Labels.ToHashSet();
        var features = Features(items.Select(i => i.Text).ToList());
        return features.Select(f =>
        {
            var (_, scores) = classifier.Classify("", f);
            return (scores.Where(kv => allowed.Contains(kv.Key)).MaxBy(kv => kv.Value).Key, scores);
        }).ToList();
    }

    /// <summary>A training file's question label, or a usage error naming the file and the label.</summary>
    static QuestionType QuestionLabel(string path, string label) =>
        DomainNames.TryParse<QuestionType>(label, out var q) ? q : throw new UsageException($"{path}: '{label}' is not problem, engagement, solution or other");

    /// <summary>A training file's sentiment label, or a usage error naming the file and the label.</summary>
    static Sentiment SentimentLabel(string path, string label) =>
        DomainNames.TryParse<Sentiment>(label, out var s) ? s : throw new UsageException($"{path}: '{label}' is not positive, neutral or negative");

    static List<(string Label, Dictionary<string, double> Scores)> ClassifyQuestion(Synthesis.Ingest.Models.FrenchModels models, List<EvalItem> items, string? trainPath, bool fallback)
    {
        Synthesis.Nlp.Questions.QuestionClassifier classifier;
        if (trainPath is null)
            classifier = (fallback ? null : models.QuestionModel()) ?? Synthesis.Nlp.Questions.QuestionClassifier.ZeroShot();
        else
        {
            var examples = EvalData.Read(trainPath).Where(e => e.Label is not null).Select(e =>
                (e.Text, QuestionLabel(trainPath, e.Label!)));
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
            }.Concat(s.Confidence is { } confidence ? [KeyValuePair.Create("confidence", confidence)] : []).ToDictionary());
        }).ToList();
    }

    static List<(string Label, Dictionary<string, double> Scores)> ClassifySentiment(Synthesis.Ingest.Models.FrenchModels models, List<EvalItem> items, string? trainPath, bool fallback)
    {
        var lexicon = models.Lexicon();
        Func<string, Synthesis.Nlp.Sentiment.SentimentResult> analyzer = (fallback ? null : models.ToneModel()) is { } shipped ? shipped.Score : lexicon.Score;
        if (trainPath is not null)
        {
            var examples = EvalData.Read(trainPath).Where(e => e.Label is not null).Select(e =>
                (e.Text, s: SentimentLabel(trainPath, e.Label!))).ToList();
            if (examples.Select(e => e.s).Distinct().Count() < 2) throw new UsageException($"{trainPath}: training needs labelled examples of at least two sentiments");
            analyzer = Synthesis.Nlp.Sentiment.SentimentModel.Train(examples, lexicon).Score;
        }
        // Gold sets may be binary (positive / negative): then the sign decides, and neutral is not an answer.
        var binary = items.Where(i => i.Label is not null).All(i => i.Label is "positive" or "negative") && items.Any(i => i.Label is not null);
        return items.Select(item =>
        {
            var r = analyzer(item.Text);
            var label = binary ? (r.Score >= 0 ? "positive" : "negative") : DomainNames.Name(r.Label);
            var scores = new Dictionary<string, double> { ["score"] = r.Score };
            if (r.Confidence is { } confidence) scores["confidence"] = confidence;
            return (label, scores);
        }).ToList();
    }

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
        var audio = Directory.EnumerateFiles(dir).Where(MediaTypes.HasSound).ToList();
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
