using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Synthesis.Nlp.Sentiment;

namespace Synthesis.Ingest.Review;

/// <summary>
/// The sentiment model trained on reviewers' corrected labels (passage_overrides.sentiment), once there are enough
/// of them: no French sentiment data that may be shipped exists, so the model learns from the consultation's own
/// reviewers, on top of the lexicon (its evidence is a feature of the model). Retrained only when the labels
/// change; the same labels give the same model. One instance per analyse stage keeps the last model.
/// </summary>
public sealed class ReviewerSentiment
{
    /// <summary>Labelled passages needed before the model replaces the lexicon alone.</summary>
    public const int MinExamples = 30;

    readonly Lock _gate = new();
    (string Fingerprint, SentimentModel Model)? _cached;

    /// <summary>The model for the labels now in the store, or null while there are too few (or of one sentiment only).</summary>
    public SentimentModel? For(SqliteConnection connection, FrenchSentiment lexicon)
    {
        var examples = new List<(string Text, Synthesis.Sentiment Label)>();
        using var fingerprint = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (id, text, sentiment) in PassageRows.ReviewerSentiments(connection))
        {
            if (!DomainNames.TryParse<Synthesis.Sentiment>(sentiment, out var label)) continue;
            examples.Add((text, label));
            fingerprint.AppendData(Encoding.UTF8.GetBytes($"{id}\u0001{label}\u0001{text}\u0002"));
        }
        if (examples.Count < MinExamples || examples.Select(e => e.Label).Distinct().Count() < 2) return null;
        var key = Convert.ToHexString(fingerprint.GetHashAndReset());
        lock (_gate)
        {
            if (_cached is { } c && c.Fingerprint == key) return c.Model;
            var model = SentimentModel.Train(examples, lexicon);
            _cached = (key, model);
            return model;
        }
    }
}
