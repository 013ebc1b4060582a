using Synthesis.Ingest.Pipeline;
using Synthesis.Ingest.Search;

namespace Synthesis.Api.Analysis;

/// <summary>
/// The host's one search over the data folder, opened on first use with the pipeline's embedder and vector store
/// (the same index generations the in-process index stage writes; opening catches them up with the store).
/// </summary>
public sealed class SearchService(SynthesisStore store, DefaultPipeline pipeline) : IDisposable
{
    readonly Lazy<PassageSearch> _search = new(() => pipeline.OpenSearch(store), LazyThreadSafetyMode.ExecutionAndPublication);

    public PassageSearch Search => _search.Value;

    public void Dispose()
    {
        if (_search.IsValueCreated) _search.Value.Dispose();
    }
}
