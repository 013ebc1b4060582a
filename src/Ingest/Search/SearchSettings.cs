namespace Synthesis.Ingest.Search;

/// <summary>
/// Which vector store search uses and how often it looks for changes. <c>Synthesis:VectorStore</c> = <c>qdrant</c>
/// (environment <c>Synthesis__VectorStore</c>) selects Qdrant at <c>Synthesis:Qdrant:Url</c> with the optional
/// <c>Synthesis:Qdrant:ApiKey</c>; anything else, or nothing, the embedded index in the data folder.
/// </summary>
public sealed record SearchSettings
{
    public bool UseQdrant { get; init; }
    public QdrantOptions Qdrant { get; init; } = new();
    public EmbeddedIndexOptions Embedded { get; init; } = new();
    /// <summary>The consultation the Qdrant collection is named after.</summary>
    public string Consultation { get; init; } = "default";
    /// <summary>How often a search checks the store's change watermark (one indexed SQL lookup) and the index pointer.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>How often the writer saves the embedded vector files while changes flow (the Lucene side commits every catch-up).</summary>
    public TimeSpan SaveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a generation replaced by a rebuild stays open for the searches that picked it a moment before; then it
    /// closes, and its folder is deleted unless another process still has it open.
    /// </summary>
    public TimeSpan RetireAfter { get; init; } = TimeSpan.FromSeconds(10);

    public string VectorStoreName => UseQdrant ? "qdrant" : "embedded";

    /// <summary>Query spelling (a typo read as the nearest French form the index has).</summary>
    public bool Spelling { get; init; } = true;

    /// <summary>From the settings in force.</summary>
    public static SearchSettings From(SynthesisOptions options) => new()
    {
        UseQdrant = options.VectorStore == "qdrant",
        Qdrant = options.Qdrant.Url is { Length: > 0 } url ? new QdrantOptions { Url = url, ApiKey = options.Qdrant.ApiKey } : new QdrantOptions { ApiKey = options.Qdrant.ApiKey },
        Spelling = options.SearchSpelling,
    };

    /// <summary>From any key lookup (IConfiguration's indexer, for one).</summary>
    public static SearchSettings From(Func<string, string?> config) => new()
    {
        UseQdrant = QdrantOptions.IsSelected(config),
        Qdrant = QdrantOptions.From(config),
    };

    /// <summary>Parses a vector store name given on the command line.</summary>
    public SearchSettings WithVectorStore(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" => this,
        "qdrant" => this with { UseQdrant = true },
        "embedded" => this with { UseQdrant = false },
        _ => throw new ArgumentException($"--vector-store: '{name}' is not embedded or qdrant"),
    };
}
