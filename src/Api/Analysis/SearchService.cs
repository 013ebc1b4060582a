using Synthesis.Ingest.Pipeline;
using Synthesis.Ingest.Search;
using Synthesis.Ingest.Store;
using Synthesis.Nlp.Embeddings;

namespace Synthesis.Api.Analysis;

/// <summary>
/// The process's one search over the data folder, opened on first use with the shipped built-in French model
/// (opening reads the indexes, and rebuilds them from the store when they are missing or stale).
/// </summary>
public sealed class SearchService(SynthesisStore store) : IDisposable
{
    readonly Lazy<PassageSearch> _search = new(() => PassageSearch.Open(store, Model.Value), LazyThreadSafetyMode.ExecutionAndPublication);

    static readonly Lazy<BuiltinFrenchModel> Model = new(() =>
        BuiltinFrenchModel.Load(Path.Combine(DefaultPipeline.ShippedModels, "builtin-fr", "builtin-fr.embeddings.gz")));

    public PassageSearch Search => _search.Value;

    public void Dispose()
    {
        if (_search.IsValueCreated) _search.Value.Dispose();
    }
}
