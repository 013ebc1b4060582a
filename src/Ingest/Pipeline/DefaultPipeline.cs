using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Synthesis.Ingest.Models;
using Synthesis.Ingest.Search;

namespace Synthesis.Ingest.Pipeline;

/// <summary>
/// The pipeline a data folder runs by default, stages in order, built from the settings in force, the composition's
/// models and its search indexes (each stage is replaceable). One per composition, registered by
/// <see cref="SynthesisServices.AddSynthesis"/>; nothing here is process-wide.
/// </summary>
public sealed class DefaultPipeline(SynthesisOptions settings, FrenchModels models, IndexRegistry indexes)
{
    public SynthesisOptions Settings => settings;
    public FrenchModels Models => models;
    public IndexRegistry Indexes => indexes;

    /// <summary>The embedding model <c>Synthesis:Embedder</c> names, for search and topics (a wrong value names the key).</summary>
    public PassageEmbedder Embedder => models.Embedder(settings.Embedder);

    /// <summary>The search settings in force (vector store, Qdrant, spelling).</summary>
    public SearchSettings SearchSettings => SearchSettings.From(settings);

    /// <param name="topicEmbedder">Passage embeddings for topics (default: the model of <see cref="Embedder"/>, whose vectors the
    /// index stage stores and topics read back).</param>
    public IReadOnlyList<IPipelineStage> Stages(SynthesisStore store, PipelineOptions options, MediaSettings? media = null,
        IEmbeddingGenerator<string, Embedding<float>>? topicEmbedder = null)
    {
        media ??= MediaSettings.From(settings, options.Workers);
        var catalog = ModelCatalog.For(store.DataDirectory, settings);
        var embedder = Embedder;
        var index = new IndexStage(store, embedder, indexes, SearchSettings) { KeepsIndexes = options.KeepsSearchIndexes };
        return
        [
            new TranscribeStage(store, catalog, media),
            new OcrStage(store, media),
            new SegmentStage(Nlp.PassageSplitter.Default),
            new AnalyseStage(models),
            index,
            new CatchUpAfter(new CorpusStage(models.Lemmatizer, () => settings.Topics,
                () => topicEmbedder ?? embedder.Generator,
                Summaries.LlmEndpoint.From(settings) is { } llm ? Summaries.LlmTopicSummarizer.Create(llm) : null,
                // topics read back the vectors the index stage stored when both use the same model
                () => topicEmbedder is null ? embedder.Info.Key : null),
                index.RequestCatchUp),
        ];
    }

    public PipelineRunner Runner(SynthesisStore store, PipelineOptions? options = null, ILogger? logger = null, MediaSettings? media = null,
        IEmbeddingGenerator<string, Embedding<float>>? topicEmbedder = null)
    {
        options ??= new PipelineOptions();
        var stages = Stages(store, options, media, topicEmbedder);
        foreach (var index in stages.OfType<IndexStage>()) index.Open();
        return new PipelineRunner(store, stages, options, logger);
    }

    /// <summary>The search over a data folder with the settings in force (indexes shared with this pipeline's index stage).</summary>
    public PassageSearch OpenSearch(SynthesisStore store) =>
        PassageSearch.Open(indexes, store, Embedder, SearchSettings, models.Spelling);
}
