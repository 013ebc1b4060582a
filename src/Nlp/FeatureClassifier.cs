using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Synthesis.Nlp;

/// <summary>
/// A maximum-entropy classifier (ML.NET L-BFGS) over dense feature vectors, with balanced class weights: what
/// <c>synthesis eval classify --embedder</c> trains on each passage's embedding joined with the product's own scores,
/// to compare embedding models on the question and sentiment tasks. Deterministic for a seed; Predict is thread-safe.
/// </summary>
public sealed class FeatureClassifier
{
    sealed class Row
    {
        public string Label { get; set; } = "";
        public float[] Features { get; set; } = [];
        public float Weight { get; set; } = 1f;
    }

    sealed class Prediction
    {
        public float[] Score { get; set; } = [];
    }

    readonly MLContext _ml;
    readonly ITransformer _model;
    readonly SchemaDefinition _schema;
    readonly string[] _labels;
    readonly int _dimensions;
    readonly System.Collections.Concurrent.ConcurrentBag<PredictionEngine<Row, Prediction>> _engines = [];

    FeatureClassifier(MLContext ml, ITransformer model, SchemaDefinition schema, string[] labels, int dimensions)
    {
        _ml = ml;
        _model = model;
        _schema = schema;
        _labels = labels;
        _dimensions = dimensions;
    }

    /// <summary>The labels the model knows, in the order of its scores.</summary>
    public IReadOnlyList<string> Labels => _labels;

    static SchemaDefinition Schema(int dimensions)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimensions);
        return schema;
    }

    /// <summary>Trains on labelled feature vectors (all of one length; two labels at least).</summary>
    public static FeatureClassifier Train(IReadOnlyList<(float[] Features, string Label)> examples, int seed = 1)
    {
        if (examples.Count == 0) throw new ArgumentException("no training examples", nameof(examples));
        var dimensions = examples[0].Features.Length;
        if (examples.Any(e => e.Features.Length != dimensions)) throw new ArgumentException("training vectors of different lengths", nameof(examples));
        var counts = examples.GroupBy(e => e.Label).ToDictionary(g => g.Key, g => g.Count());
        if (counts.Count < 2) throw new ArgumentException("training needs examples of two labels at least", nameof(examples));
        var ml = new MLContext(seed);
        var schema = Schema(dimensions);
        var rows = examples.Select(e => new Row { Label = e.Label, Features = e.Features, Weight = (float)examples.Count / (counts.Count * counts[e.Label]) });
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("LabelKey", nameof(Row.Label), keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.Transforms.NormalizeMeanVariance(nameof(Row.Features)))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = "LabelKey",
                FeatureColumnName = nameof(Row.Features),
                ExampleWeightColumnName = nameof(Row.Weight),
                NumberOfThreads = 1,
                L2Regularization = 1f,
            }));
        var model = pipeline.Fit(data);
        // labels sorted by value (the key ordinality above), which is the order of the score slots
        var labels = counts.Keys.Order(StringComparer.Ordinal).ToArray();
        return new FeatureClassifier(ml, model, schema, labels, dimensions);
    }

    /// <summary>The most likely label and the probability of each.</summary>
    public (string Label, Dictionary<string, double> Scores) Predict(float[] features)
    {
        if (features.Length != _dimensions) throw new ArgumentException($"{features.Length} features, the model was trained on {_dimensions}", nameof(features));
        if (!_engines.TryTake(out var engine)) engine = _ml.Model.CreatePredictionEngine<Row, Prediction>(_model, inputSchemaDefinition: _schema);
        float[] scores;
        try { scores = engine.Predict(new Row { Features = features }).Score; }
        finally { _engines.Add(engine); }
        var result = new Dictionary<string, double>(_labels.Length);
        for (var i = 0; i < _labels.Length && i < scores.Length; i++) result[_labels[i]] = scores[i];
        return (result.MaxBy(kv => kv.Value).Key, result);
    }
}
