using Synthesis.Tests;
using Synthesis.Api.Security;
using Synthesis.Ingest.Pipeline;
using Synthesis.Ingest.Search;

namespace Synthesis.Api.Tests;

/// <summary>
/// A data folder whose search index holds another model's vectors (the embedding model changed and the rebuild with the
/// new one has not finished): the API says BM25 answered, and the search page says so in French.
/// </summary>
[Collection(Name)]
public sealed class ReindexingApiTests : IAsyncLifetime
{
    /// <summary>Run alone, after the other collections: it holds the data folder's rebuild lock for a while.</summary>
    public const string Name = "reindexing (alone)";

    readonly ApiFactory _factory = new() { WithDemo = false };

    public Task InitializeAsync() => ((IAsyncLifetime)_factory).InitializeAsync();

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task While_the_index_is_rebuilt_search_says_keywords_alone_answered()
    {
        var shipped = TestPipeline.Default.Embedder;
        // the index as another model left it: the shipped vectors reversed, under another version
        var other = new PassageEmbedder(shipped.Info with { Version = "other-1" },
            texts => shipped.EmbedPassages(texts).Select(v => v.Reverse().ToArray()).ToArray(),
            q => shipped.EmbedQuery(q).Reverse().ToArray());
        // another process's indexes, opened with the other model
        using (var registry = new IndexRegistry())
        using (var rebuild = PassageSearch.Open(registry, _factory.Store, other, new SearchSettings()))
        {
            await rebuild.Indexes.ReindexTask!;
            Assert.Null(rebuild.Indexes.LastError);
        }
        Assert.Equal("other-1", IndexPointer.Read(_factory.Store.DataDirectory)!.Version);

        // another process holds the rebuild, so the host's own rebuild with the shipped model cannot start yet
        var lockPath = Path.Combine(IndexPointer.Root(_factory.Store.DataDirectory), "reindex.lock");
        using var held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var analyst = _factory.As(Roles.Analyst);
        var json = await analyst.GetJson("/api/search?q=" + Uri.EscapeDataString("logement") + "&mode=hybrid");
        Assert.True((bool)json["reindexing"]!);
        Assert.Equal("bm25", (string)json["mode"]!);
        var results = json["results"]!.AsArray();
        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.Null((int?)r!["vector_rank"]));
        Assert.False((bool)(await analyst.GetJson("/api/search?q=logement&mode=bm25"))["reindexing"]!);

        var page = await analyst.GetStringAsync("/recherche?q=logement");
        Assert.Contains("id=\"reindexing\"", page);
        Assert.Contains("en cours de reconstruction", page);
    }
}

[CollectionDefinition(ReindexingApiTests.Name, DisableParallelization = true)]
public sealed class ReindexingCollection;
