using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Transforms.Text;

namespace Synthesis.Nlp.Questions;

/// <summary>
/// Scores a passage against the three questions of the dialogue (problems and publics, engagement, solutions
/// and cooperations).
/// <para>Zero-shot (<see cref="ZeroShot"/>): French linguistic cues (<see cref="QuestionCues"/>) and the question
/// descriptions (<see cref="QuestionDescriptions"/>), no data.</para>
/// <para>Supervised (<see cref="Train"/>): an ML.NET L-BFGS maximum-entropy model over word TF-IDF (French
/// normalisation done here: lower case, elisions restored, accents folded, function words dropped, light stemming)
/// and character 3-gram TF-IDF, plus the zero-shot cue families as extra features, trained with balanced class
/// weights; its probabilities are multiplied by the exponentiated zero-shot scores (a product of experts) and
/// renormalised, so in this mode the scores of the labelled types sum to 1.</para>
/// Deterministic; <see cref="Score"/> is thread-safe. Nothing is logged.
/// </summary>
public sealed class QuestionClassifier
{
    const int FormatVersion = 1;
    internal const int CueFeatureCount = QuestionCues.GroupCount + 4;

    readonly CueScorer _cues = CueScorer.Default;
    readonly MLContext? _ml;
    readonly ITransformer? _model;
    readonly DataViewSchema? _inputSchema;
    readonly QuestionType[] _slots = [];
    readonly Settings _settings = new();
    readonly ConcurrentBag<PredictionEngine<Row, Prediction>> _engines = [];
    readonly object _engineLock = new();

    /// <summary>
    /// Weight of the zero-shot scores in the product with the supervised probabilities: the final posterior is
    /// proportional to p(type | text) · exp(weight · zero-shot score of type).
    /// </summary>
    internal double ZeroShotWeight => _settings.ZeroShotWeight;

    /// <summary>Whether this classifier was trained on labelled examples.</summary>
    public bool IsSupervised => _model is not null;

    QuestionClassifier() { }

    QuestionClassifier(MLContext ml, ITransformer model, DataViewSchema inputSchema, Settings settings)
    {
        _ml = ml;
        _model = model;
        _inputSchema = inputSchema;
        _settings = settings;
        _slots = ReadSlots(model, inputSchema);
    }

    /// <summary>A classifier that needs no labelled data: cue words, mood, person and modality.</summary>
    public static QuestionClassifier ZeroShot() => new();

    /// <summary>
    /// Trains the supervised model on reviewer-labelled passages (two types at least; Other may be one).
    /// The same examples in the same order and the same seed give the same model.
    /// </summary>
    public static QuestionClassifier Train(IEnumerable<(string Text, QuestionType Label)> examples, int seed = 1) =>
        Train(examples, seed, TrainingOptions.Default);

    /// <summary>What a trained classifier needs to featurise a passage the way it was trained (saved with it).</summary>
    internal sealed record Settings(double ZeroShotWeight = 2, float CueScale = 0.1f, int Stem = 7, bool DropFunctionWords = true);

    /// <summary>Hyper-parameters of the supervised model (internal: for evaluation).</summary>
    /// <param name="ZeroShotWeight">Weight of the zero-shot scores as a log-prior on the supervised probabilities (0: none).</param>
    /// <param name="L2">L2 regularisation of the maximum-entropy model.</param>
    /// <param name="CharNgram">Character n-gram length (0: none).</param>
    /// <param name="WordNgram">Word n-gram length, all lengths up to it (0: none).</param>
    /// <param name="CueScale">Factor on the cue features (0: text only).</param>
    /// <param name="Stem">Prefix length of the light stemmer (0: none).</param>
    /// <param name="DropFunctionWords">Whether function words leave the word features (the cues keep person and modality).</param>
    /// <param name="Lbfgs">L-BFGS maximum entropy; false: SDCA maximum entropy.</param>
    /// <param name="Balanced">Whether each type weighs the same in the loss whatever its count.</param>
    internal sealed record TrainingOptions(
        double ZeroShotWeight = 2, float L2 = 0.1f, int CharNgram = 3, int WordNgram = 1, float CueScale = 0.1f,
        int Stem = 7, bool DropFunctionWords = true, bool Lbfgs = true, bool Balanced = true)
    {
        public static TrainingOptions Default { get; } = new();
    }

    internal static QuestionClassifier Train(IEnumerable<(string Text, QuestionType Label)> examples, int seed, TrainingOptions o)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var settings = new Settings(o.ZeroShotWeight, o.CueScale, o.Stem, o.DropFunctionWords);
        var rows = examples.Select(e => MakeRow(e.Text, e.Label.ToString(), settings)).ToList();
        var counts = rows.GroupBy(r => r.Label).ToDictionary(g => g.Key, g => g.Count());
        if (counts.Count < 2)
            throw new ArgumentException("Training needs labelled examples of at least two question types.", nameof(examples));
        // balanced example weights: each type weighs as much as the others in the loss, whatever its count
        foreach (var r in rows)
            r.Weight = o.Balanced ? (float)rows.Count / (counts.Count * counts[r.Label]) : 1f;

        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(rows);
        var text = new TextFeaturizingEstimator.Options
        {
            // the text is already normalised (see SupervisedText): ML.NET's French stop-word removal does not
            // work, so it is done before
            CaseMode = TextNormalizingEstimator.CaseMode.None,
            KeepDiacritics = true,
            KeepPunctuations = false,
            KeepNumbers = true,
            StopWordsRemoverOptions = null,
            WordFeatureExtractor = o.WordNgram <= 0 ? null : new WordBagEstimator.Options { NgramLength = o.WordNgram, UseAllLengths = true, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf },
            CharFeatureExtractor = o.CharNgram <= 0 ? null : new WordBagEstimator.Options { NgramLength = o.CharNgram, UseAllLengths = false, Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf },
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };
        var pipeline = ml.Transforms.Conversion.MapValueToKey("LabelKey", nameof(Row.Label), keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.Transforms.Text.FeaturizeText("TextFeatures", text, nameof(Row.Text)))
            .Append(ml.Transforms.Concatenate("Features", "TextFeatures", nameof(Row.Cues)));
        IEstimator<ITransformer> trainer = o.Lbfgs
            ? ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(new LbfgsMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = "LabelKey",
                FeatureColumnName = "Features",
                ExampleWeightColumnName = nameof(Row.Weight),
                NumberOfThreads = 1,
                L2Regularization = o.L2,
                L1Regularization = 0,
            })
            : ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
            {
                LabelColumnName = "LabelKey",
                FeatureColumnName = "Features",
                ExampleWeightColumnName = nameof(Row.Weight),
                NumberOfThreads = 1,
                L2Regularization = o.L2,
                MaximumNumberOfIterations = 200,
            });
        var model = pipeline.Append(trainer).Fit(data);
        return new QuestionClassifier(ml, model, data.Schema, settings);
    }

    /// <summary>The text the supervised word and character features see.</summary>
    internal static string SupervisedText(FrenchTokens tokens, Settings settings) =>
        tokens.Normalised(settings.Stem, settings.DropFunctionWords);

    /// <summary>Scores one passage. Thread-safe.</summary>
    public QuestionScores Score(string text)
    {
        var tokens = FrenchTokens.Parse(text);
        var ev = _cues.Evidence(tokens);
        var zs = ZeroShotScores(ev);
        if (_model is null) return zs;

        var row = new Row { Text = SupervisedText(tokens, _settings), Cues = CueFeatures(ev, zs, _settings.CueScale), Label = "" };
        var engine = Rent();
        float[] probs;
        try { probs = engine.Predict(row).Score; }
        finally { _engines.Add(engine); }

        // product of experts: the supervised posterior times the zero-shot cues as a log-prior, renormalised
        // over the types the reviewers labelled; a type they never labelled (usually Other) keeps its cue score
        double beta = _settings.ZeroShotWeight;
        var logits = new double[Math.Min(_slots.Length, probs.Length)];
        double max = double.NegativeInfinity;
        for (int k = 0; k < logits.Length; k++)
        {
            logits[k] = Math.Log(Math.Max(probs[k], 1e-9)) + beta * zs[_slots[k]];
            max = Math.Max(max, logits[k]);
        }
        double sum = 0;
        for (int k = 0; k < logits.Length; k++) sum += logits[k] = Math.Exp(logits[k] - max);
        double p = zs.Problem, e = zs.Engagement, s = zs.Solution, o = zs.Other;
        for (int k = 0; k < logits.Length; k++)
        {
            double q = logits[k] / sum;
            switch (_slots[k])
            {
                case QuestionType.Problem: p = q; break;
                case QuestionType.Engagement: e = q; break;
                case QuestionType.Solution: s = q; break;
                case QuestionType.Other: o = q; break;
            }
        }
        return new QuestionScores(Clamp(p), Clamp(e), Clamp(s), Clamp(o));
    }

    static double Clamp(double x) => x < 0 ? 0 : x > 1 ? 1 : x;

    /// <summary>Zero-shot scores: each type's cue evidence squashed to [0, 1]; Other is what is left.</summary>
    internal static QuestionScores ZeroShotScores(CueEvidence ev)
    {
        // Long texts gather cues of every kind: the scale grows with length so that scores stay comparable
        // (a sentence of 20 words keeps scale 1.5; 80 words, 3).
        double scale = 1.5 * Math.Max(1, Math.Sqrt(ev.Tokens / 20.0));
        double p = Squash(ev.Category(0), scale), e = Squash(ev.Category(1), scale), s = Squash(ev.Category(2), scale);
        double other = 1 - Math.Max(p, Math.Max(e, s));
        return new QuestionScores(p, e, s, other);
    }

    static double Squash(double evidence, double scale) => 1 - Math.Exp(-evidence / scale);

    /// <summary>Cue features for the supervised model: log evidence of each cue family, the zero-shot scores, length.</summary>
    internal static float[] CueFeatures(CueEvidence ev, QuestionScores zs, float scale)
    {
        var f = new float[CueFeatureCount];
        for (int g = 0; g < QuestionCues.GroupCount; g++) f[g] = (float)Math.Log(1 + ev.Groups[g]);
        f[QuestionCues.GroupCount] = (float)zs.Problem;
        f[QuestionCues.GroupCount + 1] = (float)zs.Engagement;
        f[QuestionCues.GroupCount + 2] = (float)zs.Solution;
        f[QuestionCues.GroupCount + 3] = (float)(Math.Log(1 + ev.Tokens) / 5);
        for (int k = 0; k < f.Length; k++) f[k] *= scale;
        return f;
    }

    static Row MakeRow(string text, string label, Settings settings)
    {
        var tokens = FrenchTokens.Parse(text);
        var ev = CueScorer.Default.Evidence(tokens);
        return new Row { Text = SupervisedText(tokens, settings), Cues = CueFeatures(ev, ZeroShotScores(ev), settings.CueScale), Label = label };
    }

    PredictionEngine<Row, Prediction> Rent()
    {
        if (_engines.TryTake(out var engine)) return engine;
        lock (_engineLock) return _ml!.Model.CreatePredictionEngine<Row, Prediction>(_model!, _inputSchema);
    }

    static QuestionType[] ReadSlots(ITransformer model, DataViewSchema inputSchema)
    {
        var output = model.GetOutputSchema(inputSchema);
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        output["Score"].GetSlotNames(ref names);
        return names.DenseValues().Select(n => Enum.Parse<QuestionType>(n.ToString())).ToArray();
    }

    // ---------------- persistence ----------------

    sealed record Header(int Format, string Mode, Settings? Settings);

    /// <summary>Writes the classifier to one file (a zip holding a JSON header and, when supervised, the ML.NET model).</summary>
    public void Save(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        var tmp = path + ".tmp";
        using (var fs = File.Create(tmp))
        using (var zip = new ZipArchive(fs, ZipArchiveMode.Create))
        {
            var header = new Header(FormatVersion, IsSupervised ? "supervised" : "zero-shot", IsSupervised ? _settings : null);
            using (var s = zip.CreateEntry("classifier.json").Open())
                JsonSerializer.Serialize(s, header);
            if (_model is not null)
            {
                using var s = zip.CreateEntry("model.zip").Open();
                using var ms = new MemoryStream();
                _ml!.Model.Save(_model, _inputSchema, ms);
                ms.Position = 0;
                ms.CopyTo(s);
            }
        }
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Reads a classifier written by <see cref="Save"/>.</summary>
    public static QuestionClassifier Load(string path)
    {
        using var fs = File.OpenRead(path);
        using var zip = new ZipArchive(fs, ZipArchiveMode.Read);
        var headerEntry = zip.GetEntry("classifier.json") ?? throw new InvalidDataException("not a question classifier file");
        Header header;
        using (var s = headerEntry.Open())
            header = JsonSerializer.Deserialize<Header>(s) ?? throw new InvalidDataException("empty classifier header");
        if (header.Format != FormatVersion) throw new InvalidDataException($"unsupported classifier format {header.Format}");
        if (header.Mode == "zero-shot") return ZeroShot();
        var modelEntry = zip.GetEntry("model.zip") ?? throw new InvalidDataException("supervised classifier without a model");
        using var ms = new MemoryStream();
        using (var s = modelEntry.Open()) s.CopyTo(ms);
        ms.Position = 0;
        var ml = new MLContext(1);
        var model = ml.Model.Load(ms, out var schema);
        return new QuestionClassifier(ml, model, schema, header.Settings ?? new Settings());
    }

    // ---------------- ML.NET rows ----------------

    internal sealed class Row
    {
        public string Text { get; set; } = "";

        [VectorType(CueFeatureCount)]
        public float[] Cues { get; set; } = new float[CueFeatureCount];

        public string Label { get; set; } = "";

        public float Weight { get; set; } = 1f;
    }

    internal sealed class Prediction
    {
        public float[] Score { get; set; } = [];
    }
}
