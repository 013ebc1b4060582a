using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Synthesis.Ingest.Models;
using Synthesis.Nlp;

namespace Synthesis.Ingest.Pipeline;

/// <summary>The pipeline a data folder runs by default, stages in order; each stage is replaceable.</summary>
public static class DefaultPipeline
{
    /// <param name="topicEmbedder">Passage embeddings for topics (default: the model of <see cref="Embedder"/>, whose vectors the
    /// index stage stores and topics read back).</param>
    /// <param name="settings">The settings in force (default: those of the environment, <see cref="SynthesisConfiguration.FromEnvironment"/>).</param>
    public static IReadOnlyList<IPipelineStage> Stages(SynthesisStore store, PipelineOptions options, MediaSettings? media = null,
        IEmbeddingGenerator<string, Embedding<float>>? topicEmbedder = null, SynthesisOptions? settings = null)
    {
        settings ??= SynthesisConfiguration.FromEnvironment();
        media ??= MediaSettings.From(settings, options.Workers);
        var catalog = ModelCatalog.Load(store.DataDirectory, models: settings.Models);
        var embedder = Embedder(settings.Embedder);
        var index = new IndexStage(store, embedder, Search.SearchSettings.From(settings));
        return
        [
            new TranscribeStage(store, catalog, media),
            new OcrStage(store, media),
            new SegmentStage(PassageSplitter.Default),
            new AnalyseStage(Analyzer),
            index,
            new CatchUpAfter(new CorpusStage(Lemmatizer, () => settings.Topics,
                () => topicEmbedder ?? embedder.Generator,
                Summaries.LlmEndpoint.From(settings) is { } llm ? Summaries.LlmTopicSummarizer.Create(llm) : null,
                // topics read back the vectors the index stage stored when both use the same model
                () => topicEmbedder is null ? embedder.Info.Key : null),
                index.RequestCatchUp),
        ];
    }

    /// <summary>Where model files shipped with Synthesis are (models/ beside the binaries).</summary>
    public static string ShippedModels => Path.Combine(AppContext.BaseDirectory, "models");

    static PassageAnalyzer? _analyzer;

    /// <summary>The French analysis with the shipped lexicons and models, loaded once per process.</summary>
    public static PassageAnalyzer Analyzer() =>
        LazyInitializer.EnsureInitialized(ref _analyzer, () =>
        {
            var questions = Nlp.Questions.QuestionClassifier.ZeroShot();
            var lemmatizer = Lemmatizer();
            // Lingua is exact but slow to load and to run: passages that are plainly French (enough French function
            // words) skip it, the rest are detected.
            var detector = new Lazy<Nlp.French.LanguageDetector>(Nlp.French.LanguageDetector.Create);
            return new PassageAnalyzer(Nlp.Sentiment.FrenchSentiment.Load(Path.Combine(ShippedModels, "lexicons")), text =>
            {
                var q = questions.Score(text);
                return (q.Problem, q.Engagement, q.Solution, q.Other);
            }, text => PlainlyFrench(lemmatizer, text) ? ("fr", 1.0) : detector.Value.Detect(text));
        });

    static bool PlainlyFrench(Nlp.French.FrenchLemmatizer lemmatizer, string text)
    {
        int words = 0, function = 0;
        foreach (var word in text.Split([' ', '\n', ',', '.', '\'', '’', ';', ':', '!', '?', '(', ')'], StringSplitOptions.RemoveEmptyEntries))
        {
            words++;
            if (lemmatizer.IsStopWord(word.ToLowerInvariant())) function++;
        }
        return words >= 3 && function * 4 >= words;
    }

    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Search.PassageEmbedder>> Embedders = new();

    /// <summary>
    /// An embedding model, loaded once per process and name: what <c>Synthesis:Embedder</c> names (<paramref name="spec"/>;
    /// null: the setting of the environment), <c>builtin</c> by default (the model shipped in models/builtin-fr),
    /// <c>builtin:FILE</c> (one made by <c>synthesis models train</c>, e.g. with the consultation's contributions) or
    /// <c>onnx:FOLDER</c> (a sentence-transformers ONNX export). Search and topics both use it; an index built with
    /// another model is rebuilt from the store. A wrong value fails with an <see cref="ArgumentException"/> naming the key.
    /// </summary>
    public static Search.PassageEmbedder Embedder(string? spec = null)
    {
        spec ??= SynthesisConfiguration.FromEnvironment().Embedder;
        try
        {
            return Embedders.GetOrAdd(spec, s => new Lazy<Search.PassageEmbedder>(() => Search.PassageEmbedder.Open(s, BuiltinModel))).Value;
        }
        catch (ArgumentException e)
        {
            Embedders.TryRemove(spec, out _);
            throw new ArgumentException($"{SynthesisOptions.Section}:Embedder: {e.Message}", e);
        }
    }

    static Nlp.French.FrenchLemmatizer? _lemmatizer;

    public static Nlp.French.FrenchLemmatizer Lemmatizer() =>
        LazyInitializer.EnsureInitialized(ref _lemmatizer, () => Nlp.French.FrenchLemmatizer.Load(Path.Combine(ShippedModels, "lefff")));

    /// <summary>
    /// Query spelling for search (typos read as the Lefff's nearest form the index has), built from the lemmatiser the
    /// first time a query has a word no passage has; null (search goes on without it) when the Lefff table is missing
    /// or unreadable. <c>Synthesis:SearchSpelling=false</c> gives search <see cref="NoSpelling"/> instead.
    /// </summary>
    public static readonly Lazy<Nlp.French.FrenchSpelling?> Spelling = new(() =>
    {
        try { return new Nlp.French.FrenchSpelling(Lemmatizer()); }
        catch (Exception e) when (e is IOException or InvalidDataException) { return null; }
    });

    /// <summary>No query spelling.</summary>
    public static readonly Lazy<Nlp.French.FrenchSpelling?> NoSpelling = new(() => null);

    static Nlp.Embeddings.BuiltinFrenchModel? _builtin;

    /// <summary>Where the shipped built-in French embedding model lives.</summary>
    public static string BuiltinModelPath => Path.Combine(ShippedModels, "builtin-fr", "builtin-fr.embeddings.gz");

    /// <summary>The shipped built-in French embedding model, loaded once per process (null when the file is missing).</summary>
    public static Nlp.Embeddings.BuiltinFrenchModel? BuiltinModel() =>
        File.Exists(BuiltinModelPath) ? LazyInitializer.EnsureInitialized(ref _builtin, () => Nlp.Embeddings.BuiltinFrenchModel.Load(BuiltinModelPath)) : null;

    public static PipelineRunner Runner(SynthesisStore store, PipelineOptions? options = null, ILogger? logger = null, MediaSettings? media = null,
        IEmbeddingGenerator<string, Embedding<float>>? topicEmbedder = null, SynthesisOptions? settings = null)
    {
        options ??= new PipelineOptions();
        var stages = Stages(store, options, media, topicEmbedder, settings);
        foreach (var index in stages.OfType<IndexStage>()) index.Open();
        return new PipelineRunner(store, stages, options, logger);
    }
}
