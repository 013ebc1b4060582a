using System.IO.Compression;
using System.Text.Json;

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
    const int FormatVersion = 3; // 2: the model is a MaxEntropyClassifier (its dense column is "Dense"); 3: options and examples saved
    internal const int CueFeatureCount = QuestionCues.GroupCount + 4;

    readonly CueScorer _cues = CueScorer.Default;
    readonly MaxEntropyClassifier? _model;
    readonly QuestionType[] _slots = [];
    readonly TrainingOptions _options = TrainingOptions.Default;

    /// <summary>
    /// Weight of the zero-shot scores in the product with the supervised probabilities: the final posterior is
    /// proportional to p(type | text) · exp(weight · zero-shot score of type).
    /// </summary>
    internal double ZeroShotWeight => _options.ZeroShotWeight;

    /// <summary>Whether this classifier was trained on labelled examples.</summary>
    public bool IsSupervised => _model is not null;

    QuestionClassifier() { }

    QuestionClassifier(MaxEntropyClassifier model, TrainingOptions options, IReadOnlyList<(string Text, QuestionType Label)> examples)
    {
        _model = model;
        _options = options;
        Examples = examples;
        _slots = model.Labels.Select(Enum.Parse<QuestionType>).ToArray();
    }

    /// <summary>The examples a supervised classifier was trained on, in order (saved with it); none when zero-shot.</summary>
    public IReadOnlyList<(string Text, QuestionType Label)> Examples { get; } = [];

    /// <summary>
    /// A supervised classifier trained, with the same options, on this one's examples followed by
    /// <paramref name="more"/> (reviewers' corrections on top of the set it was built from).
    /// </summary>
    public QuestionClassifier Retrain(IEnumerable<(string Text, QuestionType Label)> more, int seed = 1) =>
        Train(Examples.Concat(more), seed, _options);

    /// <summary>A classifier that needs no labelled data: cue words, mood, person and modality.</summary>
    public static QuestionClassifier ZeroShot() => new();

    /// <summary>
    /// Trains the supervised model on reviewer-labelled passages (two types at least; Other may be one).
    /// The same examples in the same order and the same seed give the same model.
    /// </summary>
    public static QuestionClassifier Train(IEnumerable<(string Text, QuestionType Label)> examples, int seed = 1) =>
        Train(examples, seed, TrainingOptions.Default);

    /// <summary>
    /// Trains with the options chosen for the civic set (<c>models/civic</c>): the cue families weigh fully and the
    /// function words stay in the word features. Retraining such a model keeps its options.
    /// </summary>
    public static QuestionClassifier TrainCivic(IEnumerable<(string Text, QuestionType Label)> examples, int seed = 1) =>
        Train(examples, seed, TrainingOptions.Civic);

    /// <summary>Hyper-parameters of the supervised model, saved with it (what it needs to featurise a passage the way it was trained).</summary>
    /// <param name="ZeroShotWeight">Weight of the zero-shot scores as a log-prior on the supervised probabilities (0: none).</param>
    /// <param name="L2">L2 regularisation of the maximum-entropy model.</param>
    /// <param name="CharNgram">Character n-gram length (0: none).</param>
    /// <param name="WordNgram">Word n-gram length, all lengths up to it (0: none).</param>
    /// <param name="CueScale">Factor on the cue features (0: text only).</param>
    /// <param name="Stem">Prefix length of the light stemmer (0: none).</param>
    /// <param name="DropFunctionWords">Whether function words leave the word features (the cues keep person and modality).</param>
    /// <param name="Lbfgs">L-BFGS maximum entropy; false: SDCA maximum entropy.</param>
    /// <param name="Balanced">Whether each type weighs the same in the loss whatever its count.</param>
    /// <param name="Bias">Offsets on the log-probabilities per type, in the model's label order (<see cref="DecisionBias"/>;
    /// null: none), fitted by <see cref="TrainCivicTuned"/>.</param>
    /// <param name="Tolerance">L-BFGS's relative tolerance (<see cref="MaxEntropyOptions.Tolerance"/>). 1e-6 rather than ML.NET's 1e-7:
    /// on the civic set, <c>models train-classifiers</c> took 110-118 s instead of 145 s (2 cores), with the same decision
    /// offsets and out-of-fold macro-F1 within 0.001 (1e-5 and 1e-4 were faster still but moved the offsets and the
    /// figures). A model saved before it was an option reads as 1e-6, so its retraining is as fast as a new one's.</param>
    internal sealed record TrainingOptions(
        double ZeroShotWeight = 2, float L2 = 0.1f, int CharNgram = 3, int WordNgram = 1, float CueScale = 0.1f,
        int Stem = 7, bool DropFunctionWords = true, bool Lbfgs = true, bool Balanced = true, double[]? Bias = null, float Tolerance = 1e-6f)
    {
        public static TrainingOptions Default { get; } = new();

        /// <summary>
        /// For the civic set (many consultations, mostly proposals), chosen by 5-fold cross-validation on its train and
        /// dev parts (macro-F1 0.588 with <see cref="Default"/>, 0.625 with the cues at full weight, 0.635 keeping the
        /// function words too: person and possessives, « notre », « chacun », tell engagement from solution).
        /// </summary>
        public static TrainingOptions Civic { get; } = Default with { CueScale = 1f, DropFunctionWords = false };
    }

    internal static QuestionClassifier Train(IEnumerable<(string Text, QuestionType Label)> examples, int seed, TrainingOptions o)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var given = examples.ToList();
        var rows = given.Select(e => MakeRow(e.Text, e.Label.ToString(), o)).ToList();
        if (rows.Select(r => r.Label).Distinct().Count() < 2)
            throw new ArgumentException("Training needs labelled examples of at least two question types.", nameof(examples));
        // word TF-IDF and character 3-grams over the normalised text (see SupervisedText), joined with the cue features;
        // balanced example weights: each type weighs as much as the others in the loss, whatever its count
        var options = new MaxEntropyOptions
        {
            WordNgram = o.WordNgram, CharNgram = o.CharNgram, L2 = o.L2, Lbfgs = o.Lbfgs, Balanced = o.Balanced, Tolerance = o.Tolerance,
        };
        return new QuestionClassifier(MaxEntropyClassifier.Train(rows, options, seed), o, given);
    }

    /// <summary>The text the supervised word and character features see.</summary>
    internal static string SupervisedText(FrenchTokens tokens, TrainingOptions settings) =>
        tokens.Normalised(settings.Stem, settings.DropFunctionWords);

    /// <summary>Scores one passage. Thread-safe.</summary>
    public QuestionScores Score(string text)
    {
        var (probabilities, zs) = Posterior(text);
        if (probabilities is null) return zs;
        probabilities = DecisionBias.Apply(probabilities, _options.Bias);
        double p = zs.Problem, e = zs.Engagement, s = zs.Solution, o = zs.Other;
        for (int k = 0; k < probabilities.Length; k++)
        {
            double q = probabilities[k];
            switch (_slots[k])
            {
                case QuestionType.Problem: p = q; break;
                case QuestionType.Engagement: e = q; break;
                case QuestionType.Solution: s = q; break;
                case QuestionType.Other: o = q; break;
            }
        }
        var scores = new QuestionScores(Clamp(p), Clamp(e), Clamp(s), Clamp(o));
        return scores with { Confidence = scores[scores.Top] };
    }

    /// <summary>
    /// The supervised probabilities of the model's types before the decision offsets (null when zero-shot), and the
    /// zero-shot scores.
    /// </summary>
    (float[]? Probabilities, QuestionScores ZeroShot) Posterior(string text)
    {
        var tokens = FrenchTokens.Parse(text);
        var ev = _cues.Evidence(tokens);
        var zs = ZeroShotScores(ev);
        if (_model is null) return (null, zs);

        var probs = _model.Predict(SupervisedText(tokens, _options), CueFeatures(ev, zs, _options.CueScale));

        // product of experts: the supervised posterior times the zero-shot cues as a log-prior, renormalised
        // over the types the reviewers labelled; a type they never labelled (usually Other) keeps its cue score
        double beta = _options.ZeroShotWeight;
        var logits = new double[Math.Min(_slots.Length, probs.Length)];
        double max = double.NegativeInfinity;
        for (int k = 0; k < logits.Length; k++)
        {
            logits[k] = Math.Log(Math.Max(probs[k], 1e-9)) + beta * zs[_slots[k]];
            max = Math.Max(max, logits[k]);
        }
        double sum = 0;
        for (int k = 0; k < logits.Length; k++) sum += logits[k] = Math.Exp(logits[k] - max);
        return (logits.Select(l => (float)(l / sum)).ToArray(), zs);
    }

    /// <summary>
    /// Trains as <see cref="TrainCivic"/>, with decision offsets (<see cref="DecisionBias"/>) fitted on
    /// <paramref name="folds"/>-fold out-of-fold probabilities so that each type counts the same; solution keeps
    /// offset 0. The report gives the out-of-fold macro-F1 before and after.
    /// </summary>
    public static (QuestionClassifier Model, BiasReport Report) TrainCivicTuned(IEnumerable<(string Text, QuestionType Label)> examples, int folds = 5, int seed = 1) =>
        TrainTuned(examples, folds, seed, TrainingOptions.Civic);

    internal static (QuestionClassifier Model, BiasReport Report) TrainTuned(IEnumerable<(string Text, QuestionType Label)> examples, int folds, int seed, TrainingOptions o)
    {
        var given = examples.ToList();
        var untuned = o with { Bias = null };
        var outOfFold = CrossValidation.OutOfFold<(string Text, QuestionType Label), (string[] Labels, float[] Probabilities)>(given, folds, part =>
        {
            var model = Train(part, seed, untuned);
            return e => (model._slots.Select(DomainNames.Name).ToArray(), model.Posterior(e.Text).Probabilities!);
        });
        var report = DecisionBias.Tune(outOfFold, given.Select(e => DomainNames.Name(e.Label)).ToList(), DomainNames.Name(QuestionType.Solution));
        return (Train(given, seed, untuned with { Bias = [.. report.Offsets] }), report);
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

    static MaxEntropyExample MakeRow(string text, string label, TrainingOptions settings)
    {
        var tokens = FrenchTokens.Parse(text);
        var ev = CueScorer.Default.Evidence(tokens);
        return new MaxEntropyExample(SupervisedText(tokens, settings), CueFeatures(ev, ZeroShotScores(ev), settings.CueScale), label);
    }

    // ---------------- persistence ----------------

    sealed record Header(int Format, string Mode, TrainingOptions? Options);

    /// <summary>
    /// Writes the classifier to <paramref name="stream"/>: a zip of a JSON header and, when supervised, the ML.NET model
    /// and the training examples; the same classifier gives the same bytes (<see cref="DeterministicZip"/>).
    /// </summary>
    public void Save(Stream stream)
    {
        var entries = new List<(string, byte[])>
        {
            ("classifier.json", JsonSerializer.SerializeToUtf8Bytes(new Header(FormatVersion, IsSupervised ? "supervised" : "zero-shot", IsSupervised ? _options : null))),
        };
        if (_model is not null)
        {
            using var model = new MemoryStream();
            _model.Save(model);
            entries.Add(("model.zip", DeterministicZip.Normalise(model.ToArray())));
            entries.Add(("examples.jsonl", LabelledText.Write(Examples.Select(e => (e.Text, DomainNames.Name(e.Label))))));
        }
        stream.Write(DeterministicZip.Write(entries));
    }

    /// <summary>Reads a classifier written by <see cref="Save"/>.</summary>
    public static QuestionClassifier Load(Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var header = JsonSerializer.Deserialize<Header>(DeterministicZip.Read(zip, "classifier.json")
            ?? throw new InvalidDataException("not a question classifier file")) ?? throw new InvalidDataException("empty classifier header");
        if (header.Format != FormatVersion) throw new InvalidDataException($"unsupported classifier format {header.Format}");
        if (header.Mode == "zero-shot") return ZeroShot();
        var model = DeterministicZip.Read(zip, "model.zip") ?? throw new InvalidDataException("supervised classifier without a model");
        var examples = LabelledText.Read(DeterministicZip.Read(zip, "examples.jsonl") ?? [])
            .Select(e => (e.Text, DomainNames.Parse<QuestionType>(e.Label))).ToList();
        return new QuestionClassifier(MaxEntropyClassifier.Load(new MemoryStream(model)), header.Options ?? TrainingOptions.Default, examples);
    }
}
