namespace Synthesis.Nlp.Sentiment;

/// <summary>
/// A maximum-entropy sentiment model (<see cref="MaxEntropyClassifier"/>) over <see cref="SentimentFeatures"/> (word
/// and word-pair TF-IDF of stems with negation and contrast marked), combined with the lexicon scorer at the feature
/// level: the lexicon's score, its positive and negative evidence are features of the model, which learns how far to
/// trust them against the words. Trained from reviewers' corrected labels (positive, neutral, negative: two of them
/// at least). Deterministic for the same examples and seed; <see cref="Score"/> is thread-safe. Nothing is logged.
/// </summary>
public sealed class SentimentModel
{
    /// <summary>Word and word-pair TF-IDF; the markers of <see cref="SentimentFeatures"/> keep their underscores.</summary>
    static readonly MaxEntropyOptions Options = new() { WordNgram = 2, KeepPunctuation = true, L2 = 0.1f };

    readonly MaxEntropyClassifier _model;
    readonly FrenchSentiment _lexicon;
    readonly Synthesis.Sentiment[] _slots;

    SentimentModel(MaxEntropyClassifier model, FrenchSentiment lexicon)
    {
        _model = model;
        _lexicon = lexicon;
        _slots = model.Labels.Select(Enum.Parse<Synthesis.Sentiment>).ToArray();
    }

    /// <summary>The labels the model was trained on, in the order of its probabilities.</summary>
    public IReadOnlyList<Synthesis.Sentiment> Labels => _slots;

    /// <summary>
    /// Trains on labelled passages; <paramref name="lexicon"/> gives the lexicon features (the scorer with French
    /// negation, intensifiers and contrast). The same examples in the same order and seed give the same model.
    /// </summary>
    public static SentimentModel Train(IEnumerable<(string Text, Synthesis.Sentiment Label)> examples, FrenchSentiment lexicon, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(lexicon);
        var rows = examples.Select(e => Example(e.Text, lexicon.Score(e.Text), e.Label.ToString())).ToList();
        if (rows.Select(r => r.Label).Distinct().Count() < 2)
            throw new ArgumentException("Training needs labelled examples of at least two sentiments (positive, neutral, negative).", nameof(examples));
        return new SentimentModel(MaxEntropyClassifier.Train(rows, Options, seed), lexicon);
    }

    /// <summary>
    /// The model's verdict: the most probable label, and a score in [-1, 1] (probability of positive minus
    /// probability of negative); the lexicon's emotions are kept as facets.
    /// </summary>
    public SentimentResult Score(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lexical = _lexicon.Score(text);
        var row = Example(text, lexical, "");
        var probabilities = _model.Predict(row.Text, row.Dense);
        double positive = 0, negative = 0;
        var best = 0;
        for (var k = 0; k < _slots.Length && k < probabilities.Length; k++)
        {
            if (probabilities[k] > probabilities[best]) best = k;
            if (_slots[k] == Synthesis.Sentiment.Positive) positive = probabilities[k];
            if (_slots[k] == Synthesis.Sentiment.Negative) negative = probabilities[k];
        }
        return new SentimentResult(_slots[best], positive - negative, lexical.Emotions);
    }

    static MaxEntropyExample Example(string text, SentimentResult lexical, string label) => new(
        SentimentFeatures.Normalise(text),
        // the lexicon's score and which side of neutral it falls on
        [(float)Math.Clamp(lexical.Score, -1, 1), lexical.Label == Synthesis.Sentiment.Positive ? 1 : 0, lexical.Label == Synthesis.Sentiment.Negative ? 1 : 0],
        label);
}
