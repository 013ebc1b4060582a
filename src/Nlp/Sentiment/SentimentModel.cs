using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms.Text;

namespace Synthesis.Nlp.Sentiment;

/// <summary>
/// An ML.NET maximum-entropy sentiment model over <see cref="SentimentFeatures"/> (word and word-pair TF-IDF of
/// stems with negation and contrast marked), combined with the lexicon scorer at the feature level: the lexicon's
/// score, its positive and negative evidence are features of the model, which learns how far to trust them
/// against the words. Trained from reviewers' corrected labels (positive, neutral,
/// negative: two of them at least). Deterministic for the same examples and seed; <see cref="Score"/> is
/// thread-safe. Nothing is logged.
/// </summary>
public sealed class SentimentModel
{
    const int LexiconFeatures = 3;

    readonly MLContext _ml;
    readonly ITransformer _model;
    readonly DataViewSchema _schema;
    readonly FrenchSentiment _lexicon;
    readonly Synthesis.Sentiment[] _slots;
    readonly ConcurrentBag<PredictionEngine<Row, Prediction>> _engines = [];

    SentimentModel(MLContext ml, ITransformer model, DataViewSchema schema, FrenchSentiment lexicon, Synthesis.Sentiment[] slots)
    {
        _ml = ml;
        _model = model;
        _schema = schema;
        _lexicon = lexicon;
        _slots = slots;
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
        var rows = examples.Select(e => MakeRow(e.Text, lexicon, e.Label.ToString())).ToList();
        var counts = rows.GroupBy(r => r.Label).ToDictionary(g => g.Key, g => g.Count());
        if (counts.Count < 2)
            throw new ArgumentException("Training needs labelled examples of at least two sentiments (positive, neutral, negative).", nameof(examples));
        // each sentiment weighs the same in the loss whatever its count: reviewers correct what is rare
        foreach (var r in rows) r.Weight = (float)rows.Count / (counts.Count * counts[r.Label]);

        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(rows);
        var text = new TextFeaturizingEstimator.Options
        {
            // already normalised by SentimentFeatures: keep the tokens as they are
            CaseMode = TextNormalizingEstimator.CaseMode.None,
            KeepDiacritics = true,
            KeepPunctuations = true,
            KeepNumbers = true,
            StopWordsRemoverOptions = null,
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf },
            CharFeatureExtractor = null,
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };
        var pipeline = ml.Transforms.Conversion.MapValueToKey("LabelKey", nameof(Row.Label), keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.Transforms.Text.FeaturizeText("TextFeatures", text, nameof(Row.Text)))
            .Append(ml.Transforms.Concatenate("Features", "TextFeatures", nameof(Row.Lexicon)))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = "LabelKey",
                FeatureColumnName = "Features",
                ExampleWeightColumnName = nameof(Row.Weight),
                NumberOfThreads = 1,
                L2Regularization = 0.1f,
                L1Regularization = 0,
            }));
        var model = pipeline.Fit(data);
        var slots = counts.Keys.Order(StringComparer.Ordinal).Select(Enum.Parse<Synthesis.Sentiment>).ToArray();
        return new SentimentModel(ml, model, data.Schema, lexicon, slots);
    }

    /// <summary>
    /// The model's verdict: the most probable label, and a score in [-1, 1] (probability of positive minus
    /// probability of negative); the lexicon's emotions are kept as facets.
    /// </summary>
    public SentimentResult Score(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lexical = _lexicon.Score(text);
        var row = MakeRow(text, lexical, "");
        var engine = _engines.TryTake(out var e) ? e : _ml.Model.CreatePredictionEngine<Row, Prediction>(_model, _schema);
        float[] probabilities;
        try { probabilities = engine.Predict(row).Score; }
        finally { _engines.Add(engine); }
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

    static Row MakeRow(string text, FrenchSentiment lexicon, string label) => MakeRow(text, lexicon.Score(text), label);

    static Row MakeRow(string text, SentimentResult lexical, string label) => new()
    {
        Text = SentimentFeatures.Normalise(text),
        // the lexicon's score and which side of neutral it falls on
        Lexicon = [(float)Math.Clamp(lexical.Score, -1, 1), lexical.Label == Synthesis.Sentiment.Positive ? 1 : 0, lexical.Label == Synthesis.Sentiment.Negative ? 1 : 0],
        Label = label,
    };

    sealed class Row
    {
        public string Text { get; set; } = "";

        [VectorType(LexiconFeatures)]
        public float[] Lexicon { get; set; } = new float[LexiconFeatures];

        public string Label { get; set; } = "";

        public float Weight { get; set; } = 1f;
    }

    sealed class Prediction
    {
        public float[] Score { get; set; } = [];
    }
}
