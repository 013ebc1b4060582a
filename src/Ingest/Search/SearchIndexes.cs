namespace Synthesis.Ingest.Search;

/// <summary>Where the search indexes live in a data folder, and opening the configured vector store.</summary>
public static class SearchIndexes
{
    /// <summary>The embedded vector index's folder: the data folder's index/ subfolder.</summary>
    public static string VectorFolder(string dataFolder) => Path.Combine(dataFolder, "index");

    /// <summary>The Lucene index's folder (index/lexical; the vector index only touches its own files in index/).</summary>
    public static string LexicalFolder(string dataFolder) => Path.Combine(dataFolder, "index", "lexical");

    /// <summary>
    /// Opens the vector store that configuration selects: Qdrant when <c>Synthesis:VectorStore</c> = qdrant, else the
    /// embedded index in the data folder. <see cref="IndexOpenResult.NeedsRebuild"/> tells the caller to re-add every
    /// passage from the store (embedded index missing, stale or corrupt; Qdrant collection just created).
    /// </summary>
    public static async Task<(IVectorIndex Index, IndexOpenResult Status)> OpenVectorIndexAsync(
        Func<string, string?> config, string dataFolder, string consultation, IndexInfo info,
        EmbeddedIndexOptions? embedded = null, CancellationToken cancellationToken = default)
    {
        if (QdrantOptions.IsSelected(config))
        {
            var q = await QdrantVectorIndex.OpenAsync(QdrantOptions.From(config), consultation, info, cancellationToken).ConfigureAwait(false);
            return (q, q.Created ? new IndexOpenResult(IndexOpenStatus.Missing, $"Qdrant collection {q.Collection} created") : new IndexOpenResult(IndexOpenStatus.Ok));
        }
        var index = EmbeddedVectorIndex.Open(VectorFolder(dataFolder), info, out IndexOpenResult status, embedded);
        return (index, status);
    }
}
