using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms.Text;

namespace Synthesis.Nlp;

/// <summary>One training example: text features (already normalised by the caller), dense features, a label.</summary>
public sealed record MaxEntropyExample(string Text, float[] Dense, string Label);

/// <summary>How a <see cref="MaxEntropyClassifier"/> reads its examples and is trained.</summary>
public sealed record MaxEntropyOptions
{
    /// <summary>Word n-gram TF-IDF over the text, all lengths up to this (0: none).</summary>
    public int WordNgram { get; init; }
    /// <summary>Character n-gram TF-IDF over the text, this length only (0: none).</summary>
    public int CharNgram { get; init; }
    /// <summary>Whether punctuation stays in the text features (the caller's normalised text may use it as markers).</summary>
    public bool KeepPunctuation { get; init; }
    /// <summary>Whether the dense features are scaled to zero mean and unit variance first (embeddings).</summary>
    public bool NormalizeDense { get; init; }
    public float L2 { get; init; } = 0.1f;
    /// <summary>L1 regularisation (L-BFGS only).</summary>
    public float L1 { get; init; }
    /// <summary>
    /// L-BFGS stops when the loss improves by less than this, relatively (ML.NET's default, 1e-7, unless the caller sets
    /// it: the tone and question models use 1e-6, see their training options).
    /// </summary>
    public float Tolerance { get; init; } = 1e-7f;
    /// <summary>L-BFGS maximum entropy; false: SDCA maximum entropy.</summary>
    public bool Lbfgs { get; init; } = true;
    /// <summary>Each label weighs the same in the loss whatever its count (reviewers correct what is rare).</summary>
    public bool Balanced { get; init; } = true;

    internal bool HasText => WordNgram > 0 || CharNgram > 0;
}

/// <summary>
/// The one maximum-entropy classifier of Synthesis (ML.NET, multinomial logistic regression) behind tone, the three
/// questions and the evaluation's embedding comparison: TF-IDF n-grams of a normalised text joined with dense
/// features (lexicon evidence, cue families, an embedding). Deterministic for the same examples, options and seed;
/// <see cref="Predict"/> is thread-safe (a pool of ML.NET prediction engines). Nothing is logged.
/// </summary>
public sealed class MaxEntropyClassifier
{
    sealed class Row
    {
        public string Text { get; set; } = "";
        public float[] Dense { get; set; } = [];
        public string Label { get; set; } = "";
        public float Weight { get; set; } = 1f;
    }

    sealed class Prediction
    {
        public float[] Score { get; set; } = [];
    }

    readonly MLContext _ml;
    readonly ITransformer _model;
    readonly DataViewSchema _inputSchema;
    readonly SchemaDefinition _rows;
    readonly string[] _labels;
    readonly int _dense;
    readonly ConcurrentBag<PredictionEngine<Row, Prediction>> _engines = [];

    MaxEntropyClassifier(MLContext ml, ITransformer model, DataViewSchema inputSchema, int dense)
    {
        _ml = ml;
        _model = model;
        _inputSchema = inputSchema;
        _dense = dense;
        _rows = Schema(dense);
        _labels = ReadLabels(model, inputSchema);
    }

    /// <summary>The labels, in the order of <see cref="Predict"/>'s probabilities (ordinal order).</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>The length of the dense features it was trained on.</summary>
    public int DenseLength => _dense;

    static SchemaDefinition Schema(int dense)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Dense)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dense);
        return schema;
    }

    /// <summary>Trains on the examples (all dense vectors of one length; two labels at least).</summary>
    public static MaxEntropyClassifier Train(IReadOnlyList<MaxEntropyExample> examples, MaxEntropyOptions options, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0) throw new ArgumentException("no training examples", nameof(examples));
        var dense = examples[0].Dense.Length;
        if (examples.Any(e => e.Dense.Length != dense)) throw new ArgumentException("training vectors of different lengths", nameof(examples));
        var counts = examples.GroupBy(e => e.Label).ToDictionary(g => g.Key, g => g.Count());
        if (counts.Count < 2) throw new ArgumentException("training needs examples of two labels at least", nameof(examples));
        var rows = examples.Select(e => new Row
        {
            Text = e.Text, Dense = e.Dense, Label = e.Label,
            Weight = options.Balanced ? (float)examples.Count / (counts.Count * counts[e.Label]) : 1f,
        });

        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(rows, Schema(dense));
        IEstimator<ITransformer> pipeline = ml.Transforms.Conversion.MapValueToKey("LabelKey", nameof(Row.Label),
            keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue);
        if (options.NormalizeDense) pipeline = pipeline.Append(ml.Transforms.NormalizeMeanVariance(nameof(Row.Dense)));
        var features = nameof(Row.Dense);
        if (options.HasText)
        {
            var text = new TextFeaturizingEstimator.Options
            {
                // the caller normalises the text (ML.NET's French normalisation and stop words do not work)
                CaseMode = TextNormalizingEstimator.CaseMode.None,
                KeepDiacritics = true,
                KeepPunctuations = options.KeepPunctuation,
                KeepNumbers = true,
                StopWordsRemoverOptions = null,
                WordFeatureExtractor = options.WordNgram <= 0 ? null : new WordBagEstimator.Options { NgramLength = options.WordNgram, UseAllLengths = true, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf },
                CharFeatureExtractor = options.CharNgram <= 0 ? null : new WordBagEstimator.Options { NgramLength = options.CharNgram, UseAllLengths = false, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf },
                Norm = TextFeaturizingEstimator.NormFunction.L2,
            };
            pipeline = pipeline.Append(ml.Transforms.Text.FeaturizeText("TextFeatures", text, nameof(Row.Text)))
                .Append(ml.Transforms.Concatenate("Features", "TextFeatures", nameof(Row.Dense)));
            features = "Features";
        }
        IEstimator<ITransformer> trainer = options.Lbfgs
            ? ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = "LabelKey",
                FeatureColumnName = features,
                ExampleWeightColumnName = nameof(Row.Weight),
                NumberOfThreads = 1,
                L2Regularization = options.L2,
                L1Regularization = options.L1,
                OptimizationTolerance = options.Tolerance,
            })
            : ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = "LabelKey",
                FeatureColumnName = features,
                ExampleWeightColumnName = nameof(Row.Weight),
                NumberOfThreads = 1,
                L2Regularization = options.L2,
                MaximumNumberOfIterations = 200,
            });
        return new MaxEntropyClassifier(ml, pipeline.Append(trainer).Fit(data), data.Schema, dense);
    }

    /// <summary>The probability of each label, in the order of <see cref="Labels"/>.</summary>
    public float[] Predict(string text, float[] dense)
    {
        if (dense.Length != _dense) throw new ArgumentException($"{dense.Length} dense features, the model was trained on {_dense}", nameof(dense));
        if (!_engines.TryTake(out var engine))
            // the MLContext is shared: engines are made one at a time (each is then used by one caller at a time)
            lock (_engines) engine = _ml.Model.CreatePredictionEngine<Row, Prediction>(_model, ignoreMissingColumns: true, inputSchemaDefinition: _rows);
        try { return engine.Predict(new Row { Text = text, Dense = dense }).Score; }
        finally { _engines.Add(engine); }
    }

    /// <summary>The most likely label and the probability of each.</summary>
    public (string Label, Dictionary<string, double> Scores) Classify(string text, float[] dense)
    {
        var scores = Predict(text, dense);
        var result = new Dictionary<string, double>(_labels.Length);
        for (var i = 0; i < _labels.Length && i < scores.Length; i++) result[_labels[i]] = scores[i];
        return (result.MaxBy(kv => kv.Value).Key, result);
    }

    static string[] ReadLabels(ITransformer model, DataViewSchema inputSchema)
    {
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        model.GetOutputSchema(inputSchema)["Score"].GetSlotNames(ref names);
        return names.DenseValues().Select(n => n.ToString()).ToArray();
    }

    /// <summary>Writes the model (ML.NET's zip format) to <paramref name="stream"/>: the caller decides where it goes.</summary>
    public void Save(Stream stream) => _ml.Model.Save(_model, _inputSchema, stream);

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static MaxEntropyClassifier Load(Stream stream)
    {
        var ml = new MLContext(1);
        var model = ml.Model.Load(stream, out var schema);
        var dense = schema[nameof(Row.Dense)].Type is VectorDataViewType v ? v.Size : throw new InvalidDataException("not a Synthesis classifier: no dense feature column");
        return new MaxEntropyClassifier(ml, model, schema, dense);
    }
}
