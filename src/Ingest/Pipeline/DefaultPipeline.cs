using Microsoft.Extensions.Logging;
using Synthesis.Ingest.Models;
using Synthesis.Ingest.Store;
using Synthesis.Nlp;

namespace Synthesis.Ingest.Pipeline;

/// <summary>The pipeline a data folder runs by default, stages in order; each stage is replaceable.</summary>
public static class DefaultPipeline
{
    public static IReadOnlyList<IPipelineStage> Stages(SynthesisStore store, PipelineOptions options, MediaSettings? media = null)
    {
        media ??= MediaSettings.FromEnvironment(options.Workers);
        var catalog = ModelCatalog.Load(store.DataDirectory);
        return
        [
            new TranscribeStage(store, catalog, media),
            new OcrStage(store, media),
            new SegmentStage(PassageSplitter.Default),
            new AnalyseStage(Analyzer()),
            new IndexStage(),
            new CorpusStage(),
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
            return new PassageAnalyzer(Nlp.Sentiment.FrenchSentiment.Load(Path.Combine(ShippedModels, "lexicons")), text =>
            {
                var q = questions.Score(text);
                return (q.Problem, q.Engagement, q.Solution, q.Other);
            });
        });

    public static PipelineRunner Runner(SynthesisStore store, PipelineOptions? options = null, ILogger? logger = null, MediaSettings? media = null)
    {
        options ??= new PipelineOptions();
        return new PipelineRunner(store, Stages(store, options, media), options, logger);
    }
}
