using System.Security.Cryptography;
using System.Text;
using System.Data.Common;
using Synthesis.Nlp;
using Synthesis.Nlp.Questions;
using Synthesis.Nlp.Sentiment;

namespace Synthesis.Ingest.Review;

/// <summary>
/// The tone and question models retrained with reviewers' corrected labels (passage_overrides.sentiment and
/// .question) on top of the shipped ones: each shipped model carries the civic set it was learned from, and is
/// retrained on those examples followed by the reviewers' labels, each of which counts <see cref="ReviewerWeight"/>
/// times (they are this consultation's own). Without a shipped model, a model is learned from the reviewers' labels
/// alone once there are <see cref="MinExamples"/> of two kinds. Retrained only when the labels change; the same labels
/// give the same models. One instance per analyse stage keeps the last models.
/// </summary>
public sealed class ReviewerModels
{
    /// <summary>Labelled passages needed before a model learned from reviewers alone replaces the lexicon or the cues.</summary>
    public const int MinExamples = 30;

    /// <summary>How many times a reviewer's label counts against one example of the civic set.</summary>
    public const int ReviewerWeight = 5;

    readonly Lock _gate = new();
    (string Fingerprint, SentimentModel Model)? _tone;
    (string Fingerprint, QuestionClassifier Model)? _questions;

    /// <summary>
    /// <paramref name="analyzer"/> with the tone and question models retrained for the labels now in the store, or as
    /// it is where there are none (or too few without a shipped model).
    /// </summary>
    public PassageAnalyzer For(DbConnection connection, PassageAnalyzer analyzer, SentimentModel? shippedTone, QuestionClassifier? shippedQuestions)
    {
        if (Tone(connection, analyzer.Lexicon, shippedTone) is { } tone) analyzer = analyzer.WithSentiment(tone.Score);
        if (Questions(connection, shippedQuestions) is { } questions) analyzer = analyzer.WithQuestions(questions.Score);
        return analyzer;
    }

    /// <summary>The tone model for the reviewers' labels now in the store, or null when there is nothing to learn.</summary>
    public SentimentModel? Tone(DbConnection connection, FrenchSentiment lexicon, SentimentModel? shipped)
    {
        var labels = Labels<Synthesis.Sentiment>(PassageRows.ReviewerSentiments(connection), out var key);
        if (!Enough(labels, shipped is not null)) return null;
        lock (_gate)
        {
            if (_tone is { } c && c.Fingerprint == key) return c.Model;
            var model = shipped is null ? SentimentModel.Train(labels, lexicon) : shipped.Retrain(Weighted(labels));
            _tone = (key, model);
            return model;
        }
    }

    /// <summary>The question model for the reviewers' labels now in the store, or null when there is nothing to learn.</summary>
    public QuestionClassifier? Questions(DbConnection connection, QuestionClassifier? shipped)
    {
        var labels = Labels<QuestionType>(PassageRows.ReviewerQuestions(connection), out var key);
        if (!Enough(labels, shipped is { IsSupervised: true })) return null;
        lock (_gate)
        {
            if (_questions is { } c && c.Fingerprint == key) return c.Model;
            var model = shipped is { IsSupervised: true } ? shipped.Retrain(Weighted(labels)) : QuestionClassifier.Train(labels);
            _questions = (key, model);
            return model;
        }
    }

    static bool Enough<T>(List<(string Text, T Label)> labels, bool onTop) =>
        onTop ? labels.Count > 0 : labels.Count >= MinExamples && labels.Select(l => l.Label).Distinct().Count() >= 2;

    static IEnumerable<(string Text, T Label)> Weighted<T>(List<(string Text, T Label)> labels) =>
        labels.SelectMany(l => Enumerable.Repeat(l, ReviewerWeight));

    static List<(string Text, T Label)> Labels<T>(List<(long Id, string Text, string Label)> rows, out string fingerprint) where T : struct, Enum
    {
        var labels = new List<(string, T)>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (id, text, value) in rows)
        {
            if (!DomainNames.TryParse<T>(value, out var label)) continue;
            labels.Add((text, label));
            hash.AppendData(Encoding.UTF8.GetBytes($"{id}\u0001{label}\u0001{text}\u0002"));
        }
        fingerprint = Convert.ToHexString(hash.GetHashAndReset());
        return labels;
    }
}
