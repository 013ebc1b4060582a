using System.Text.Json;
using Synthesis.Nlp;
using Synthesis.Nlp.Questions;
using Synthesis.Nlp.Sentiment;

namespace Synthesis.Ingest.Models;

/// <summary>One labelled text of the civic set (eval-data/civic/README.md).</summary>
public sealed record CivicExample(string Id, string Consultation, string Split, string Text, Sentiment Tone, QuestionType Question);

/// <summary>
/// The civic set: French citizens' contributions labelled by reading for tone and question type
/// (<c>eval-data/civic/civic.jsonl</c>), and the shipped models learned from its <c>train</c> part. The test and
/// held-out parts never train; texts the file does not carry (the held-out consultation's, read from
/// <c>../shared/data</c>) are skipped.
/// </summary>
public static class CivicSet
{
    /// <summary>The set, relative to the repository root.</summary>
    public const string RelativePath = "eval-data/civic/civic.jsonl";

    /// <summary>
    /// The splits the shipped models learn from: train and dev. Their options and decision offsets are chosen by
    /// cross-validation over the same examples, so dev needs no separate tuning role; test and the held-out
    /// consultation never train or tune.
    /// </summary>
    public static IReadOnlyList<string> TrainSplits { get; } = ["train", "dev"];

    /// <summary>The examples of one split that carry their text, in file order.</summary>
    public static List<CivicExample> Read(string path, string split) => Read(path, [split]);

    /// <summary>The examples of these splits that carry their text, in file order.</summary>
    public static List<CivicExample> Read(string path, IReadOnlyCollection<string> splits)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"the civic set is not at {path}: give the repository folder that holds {RelativePath}", path);
        var examples = new List<CivicExample>();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (text.Length == 0) continue;
            using var doc = JsonDocument.Parse(text);
            var e = doc.RootElement;
            string Field(string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!
                : throw new InvalidDataException($"{path}, line {line}: no \"{name}\"");
            if (!splits.Contains(Field("split")) || !e.TryGetProperty("text", out var body) || body.GetString() is not { Length: > 0 } content) continue;
            if (!DomainNames.TryParse<Sentiment>(Field("tone"), out var tone) || !DomainNames.TryParse<QuestionType>(Field("question"), out var question))
                throw new InvalidDataException($"{path}, line {line}: tone \"{Field("tone")}\" or question \"{Field("question")}\" is not a label of the annotation guide");
            examples.Add(new CivicExample(Field("id"), Field("consultation"), Field("split"), content, tone, question));
        }
        return examples;
    }

    /// <summary>
    /// The tone and question models learned from the examples, in their order (deterministic), each with its decision
    /// offsets fitted on 5-fold out-of-fold predictions over the same examples (<see cref="DecisionBias"/>), and the
    /// reports of that fit.
    /// </summary>
    public static CivicModels Train(IReadOnlyList<CivicExample> examples, FrenchSentiment lexicon)
    {
        var (tone, toneReport) = SentimentModel.TrainTuned(examples.Select(e => (e.Text, e.Tone)), lexicon);
        var (questions, questionReport) = QuestionClassifier.TrainCivicTuned(examples.Select(e => (e.Text, e.Question)));
        return new CivicModels(tone, questions, toneReport, questionReport);
    }
}

/// <summary>The shipped models and how their decision offsets were fitted.</summary>
public sealed record CivicModels(SentimentModel Tone, QuestionClassifier Questions, BiasReport ToneFit, BiasReport QuestionFit);
