using Microsoft.Extensions.Logging;
using Synthesis.Ingest.Store;
using Synthesis.Nlp;

namespace Synthesis.Ingest.Pipeline;

/// <summary>The pipeline a data folder runs by default, stages in order; each stage is replaceable.</summary>
public static class DefaultPipeline
{
    public static IReadOnlyList<IPipelineStage> Stages() =>
    [
        TranscribeStage.Unavailable(),
        OcrStage.Unavailable(),
        new SegmentStage(PassageSplitter.Default),
        new AnalyseStage(),
        new IndexStage(),
        new CorpusStage(),
    ];

    public static PipelineRunner Runner(SynthesisStore store, PipelineOptions? options = null, ILogger? logger = null) =>
        new(store, Stages(), options ?? new PipelineOptions(), logger);
}
