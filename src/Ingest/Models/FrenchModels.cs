using Synthesis.Ingest.Search;
using Synthesis.Nlp;
using Synthesis.Nlp.Embeddings;
using Synthesis.Nlp.French;

namespace Synthesis.Ingest.Models;

/// <summary>
/// The French models Synthesis ships in <c>models/</c> (Lefff lemmas, lexicons, the built-in embeddings) and the
/// embedders a setting names, each loaded on first use and kept as long as this instance: one per composition (the
/// process's host, or a test's configuration), never process-wide, so two configurations can run side by side.
/// Thread-safe.
/// </summary>
public sealed class FrenchModels
{
    /// <summary>Where the models shipped with Synthesis are: models/ beside the binaries.</summary>
    public static string ShippedDirectory => Path.Combine(AppContext.BaseDirectory, "models");

    /// <summary>The folder this instance loads from.</summary>
    public string Directory { get; }

    readonly Lazy<FrenchLemmatizer> _lemmatizer;
    readonly Lazy<PassageAnalyzer> _analyzer;
    readonly Lazy<BuiltinFrenchModel> _builtin;
    readonly Lazy<Nlp.Sentiment.FrenchSentiment> _lexicon;
    readonly Lazy<Nlp.Sentiment.SentimentModel?> _tone;
    readonly Lazy<Nlp.Questions.QuestionClassifier?> _questions;
    readonly Dictionary<string, Lazy<PassageEmbedder>> _embedders = new(StringComparer.Ordinal);

    public FrenchModels(string? directory = null)
    {
        Directory = directory ?? ShippedDirectory;
        _lemmatizer = new(() => FrenchLemmatizer.Load(Path.Combine(Directory, "lefff")));
        _analyzer = new(NewAnalyzer);
        _lexicon = new(() => Nlp.Sentiment.FrenchSentiment.Load(Lexicons));
        _tone = new(() => File.Exists(ToneModelPath) ? LoadModel(ToneModelPath, s => Nlp.Sentiment.SentimentModel.Load(s, _lexicon.Value)) : null);
        _questions = new(() => File.Exists(QuestionModelPath) ? LoadModel(QuestionModelPath, Nlp.Questions.QuestionClassifier.Load) : null);
        _builtin = new(() => BuiltinFrenchModel.Load(BuiltinModelPath));
        Spelling = new(() =>
        {
            try { return new FrenchSpelling(Lemmatizer()); }
            catch (Exception e) when (e is IOException or InvalidDataException) { return null; }
        });
    }

    /// <summary>The lexicons folder (FEEL, AFINN-fr, nlp.js, the civic list).</summary>
    public string Lexicons => Path.Combine(Directory, "lexicons");

    /// <summary>Where the shipped built-in French embedding model lives.</summary>
    public string BuiltinModelPath => Path.Combine(Directory, "builtin-fr", "builtin-fr.embeddings.gz");

    /// <summary>The tone model learned from the civic set (<c>synthesis models train-classifiers</c>).</summary>
    public string ToneModelPath => Path.Combine(Directory, "civic", "tone.model");

    /// <summary>The question-type model learned from the civic set.</summary>
    public string QuestionModelPath => Path.Combine(Directory, "civic", "question.model");

    /// <summary>The lexicon tone scorer (FEEL, AFINN-fr, nlp.js and the civic list, with French negation and contrast).</summary>
    public Nlp.Sentiment.FrenchSentiment Lexicon() => _lexicon.Value;

    /// <summary>The shipped tone model, or null when its file is missing (the lexicon decides then).</summary>
    public Nlp.Sentiment.SentimentModel? ToneModel() => _tone.Value;

    /// <summary>The shipped question-type model, or null when its file is missing (the zero-shot cues decide then).</summary>
    public Nlp.Questions.QuestionClassifier? QuestionModel() => _questions.Value;

    static T LoadModel<T>(string path, Func<Stream, T> load)
    {
        try
        {
            using var file = File.OpenRead(path);
            return load(file);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or FormatException or System.Text.Json.JsonException)
        {
            throw new InvalidDataException($"{path} is not a model Synthesis can read ({e.Message}): rebuild it with `synthesis models train-classifiers`, or delete it to use the lexicon and the zero-shot cues", e);
        }
    }

    /// <summary>The Lefff lemmatiser.</summary>
    public FrenchLemmatizer Lemmatizer() => _lemmatizer.Value;

    /// <summary>
    /// The per-passage French analysis (tone, the three questions, language) with the shipped models: the tone and
    /// question models learned from the civic set, or, where their files are missing, the lexicon and the zero-shot cues.
    /// </summary>
    public PassageAnalyzer Analyzer() => _analyzer.Value;

    PassageAnalyzer NewAnalyzer()
    {
        var questions = QuestionModel() ?? Nlp.Questions.QuestionClassifier.ZeroShot();
        var tone = ToneModel();
        var lemmatizer = Lemmatizer();
        // Lingua is exact but slow to load and to run: passages that are plainly French (enough French function
        // words) skip it, the rest are detected.
        var detector = new Lazy<LanguageDetector>(LanguageDetector.Create);
        return new PassageAnalyzer(Lexicon(), questions.Score,
            text => PlainlyFrench(lemmatizer, text) ? ("fr", 1.0) : detector.Value.Detect(text), tone is null ? null : tone.Score);
    }

    static bool PlainlyFrench(FrenchLemmatizer lemmatizer, string text)
    {
        int words = 0, function = 0;
        foreach (var word in text.Split([' ', '\n', ',', '.', '\'', '’', ';', ':', '!', '?', '(', ')'], StringSplitOptions.RemoveEmptyEntries))
        {
            words++;
            if (lemmatizer.IsStopWord(word.ToLowerInvariant())) function++;
        }
        return words >= 3 && function * 4 >= words;
    }

    /// <summary>The shipped built-in French embedding model (null when the file is missing).</summary>
    public BuiltinFrenchModel? BuiltinModel() => File.Exists(BuiltinModelPath) ? _builtin.Value : null;

    /// <summary>
    /// Query spelling for search (typos read as the Lefff's nearest form the index has), built the first time a query
    /// has a word no passage has; null (search goes on without it) when the Lefff table is missing or unreadable.
    /// </summary>
    public Lazy<FrenchSpelling?> Spelling { get; }

    /// <summary>
    /// The embedding model <paramref name="spec"/> names (the setting <c>Synthesis:Embedder</c>): <c>builtin</c> (the
    /// model shipped in models/builtin-fr), <c>builtin:FILE</c> (one made by <c>synthesis models train</c>) or
    /// <c>onnx:FOLDER</c> (a sentence-transformers ONNX export), loaded once per name. A wrong value fails with an
    /// <see cref="ArgumentException"/> naming the key.
    /// </summary>
    public PassageEmbedder Embedder(string spec)
    {
        Lazy<PassageEmbedder>? lazy;
        lock (_embedders)
            if (!_embedders.TryGetValue(spec, out lazy))
                _embedders[spec] = lazy = new Lazy<PassageEmbedder>(() => PassageEmbedder.Open(spec, BuiltinModel));
        try
        {
            return lazy.Value;
        }
        catch (ArgumentException e)
        {
            lock (_embedders) _embedders.Remove(spec);
            throw new ArgumentException($"{SynthesisOptions.Section}:Embedder: {e.Message}", e);
        }
    }
}
