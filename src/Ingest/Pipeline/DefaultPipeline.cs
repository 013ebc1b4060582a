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
    public static IReadOnlyList<IPipelineStage> Stages(SynthesisStore store, PipelineOptions options, MediaSettings? media = null,
        IEmbeddingGenerator<string, Embedding<float>>? topicEmbedder = null)
    {
        media ??= MediaSettings.FromEnvironment(options.Workers);
        var catalog = ModelCatalog.Load(store.DataDirectory);
        var index = new IndexStage(store, Embedder(), Search.SearchSettings.FromEnvironment());
        return
        [
            new TranscribeStage(store, catalog, media),
            new OcrStage(store, media),
            new SegmentStage(PassageSplitter.Default),
            new AnalyseStage(Analyzer),
            index,
            new CatchUpAfter(new CorpusStage(Lemmatizer, () => int.TryParse(Environment.GetEnvironmentVariable("SYNTHESIS_TOPICS"), out var k) && k > 0 ? k : null,
                () => topicEmbedder ?? Embedder().Generator,
                Summaries.LlmEndpoint.FromEnvironment() is { } llm ? Summaries.LlmTopicSummarizer.Create(llm) : null,
                // topics read back the vectors the index stage stored when both use the same model
                () => topicEmbedder is null ? Embedder().Info.Key : null),
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

    static Search.PassageEmbedder? _embedder;

    /// <summary>The environment form of the <c>Synthesis:Embedder</c> setting (<see cref="Embedder"/>).</summary>
    public const string EmbedderVariable = "Synthesis__Embedder";

    /// <summary>What <c>Synthesis:Embedder</c> says, <c>builtin</c> when it is unset or empty (read, not loaded).</summary>
    public static string EmbedderSetting => Environment.GetEnvironmentVariable(EmbedderVariable) is { Length: > 0 } v ? v : "builtin";

    /// <summary>
    /// The embedding model of the data folder, loaded once per process: what <c>Synthesis:Embedder</c> (environment
    /// <c>Synthesis__Embedder</c>) names, <c>builtin</c> by default (the model shipped in models/builtin-fr), or
    /// <c>builtin:FILE</c> (one made by <c>synthesis models train</c>, e.g. with the consultation's contributions) or
    /// <c>onnx:FOLDER</c> (a sentence-transformers ONNX export). Search and topics both use it; an index built with
    /// another model is rebuilt from the store. A wrong value fails with an <see cref="ArgumentException"/> naming it.
    /// </summary>
    public static Search.PassageEmbedder Embedder() =>
        LazyInitializer.EnsureInitialized(ref _embedder, () =>
        {
            var spec = EmbedderSetting;
            try
            {
                return Search.PassageEmbedder.Open(spec, BuiltinModel);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"{EmbedderVariable}: {e.Message}", e);
            }
        });

    static Nlp.French.FrenchLemmatizer? _lemmatizer;

    public static Nlp.French.FrenchLemmatizer Lemmatizer() =>
        LazyInitializer.EnsureInitialized(ref _lemmatizer, () => Nlp.French.FrenchLemmatizer.Load(Path.Combine(ShippedModels, "lefff")));

    /// <summary>
    /// Query spelling for search (typos read as the Lefff's nearest form the index has), built from the lemmatiser the
    /// first time a query has a word no passage has; null (search goes on without it) with SYNTHESIS_SEARCH_SPELLING=0,
    /// or when the Lefff table is missing or unreadable.
    /// </summary>
    public static readonly Lazy<Nlp.French.FrenchSpelling?> Spelling = new(() =>
    {
        if (Environment.GetEnvironmentVariable("SYNTHESIS_SEARCH_SPELLING") == "0") return null;
        try { return new Nlp.French.FrenchSpelling(Lemmatizer()); }
        catch (Exception e) when (e is IOException or InvalidDataException) { return null; }
    });

    static Nlp.Embeddings.BuiltinFrenchModel? _builtin;

    /// <summary>Where the shipped built-in French embedding model lives.</summary>
    public static string BuiltinModelPath => Path.Combine(ShippedModels, "builtin-fr", "builtin-fr.embeddings.gz");

    /// <summary>The shipped built-in French embedding model, loaded once per process (null when the file is missing).</summary>
    public static Nlp.Embeddings.BuiltinFrenchModel? BuiltinModel() =>
        File.Exists(BuiltinModelPath) ? LazyInitializer.EnsureInitialized(ref _builtin, () => Nlp.Embeddings.BuiltinFrenchModel.Load(BuiltinModelPath)) : null;

    public static PipelineRunner Runner(SynthesisStore store, PipelineOptions? options = null, ILogger? logger = null, MediaSettings? media = null,
        IEmbeddingGenerator<string, Embedding<float>>? topicEmbedder = null)
    {
        options ??= new PipelineOptions();
        var stages = Stages(store, options, media, topicEmbedder);
        foreach (var index in stages.OfType<IndexStage>()) index.Open();
        return new PipelineRunner(store, stages, options, logger);
    }
}
