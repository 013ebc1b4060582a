using Synthesis.Tests;
using Synthesis.Ingest.Pipeline;
using Synthesis.Ingest.Search;

namespace Synthesis.Ingest.Tests.Search;

/// <summary>Choosing the vector store by setting, and the data folder's Qdrant generation (run only where QDRANT_URL is set).</summary>
[Collection("search indexes")]
public sealed class VectorStoreSettingTests : IDisposable
{
    IndexRegistry _indexes = new();

    /// <summary>What a process's end does to its indexes, and a new process's registry.</summary>
    void Restart()
    {
        _indexes.Dispose();
        _indexes = new();
    }

    public void Dispose() => _indexes.Dispose();

    static Func<string, string?> Config(params (string Key, string Value)[] pairs) => key => pairs.FirstOrDefault(p => p.Key == key).Value;

    [Fact]
    public void Synthesis_VectorStore_qdrant_selects_qdrant_with_its_url_and_key()
    {
        var settings = SearchSettings.From(Config(("Synthesis:VectorStore", " Qdrant "), ("Synthesis:Qdrant:Url", "http://qdrant:6334"), ("Synthesis:Qdrant:ApiKey", "s3cret")));
        Assert.True(settings.UseQdrant);
        Assert.Equal("qdrant", settings.VectorStoreName);
        Assert.Equal("http://qdrant:6334", settings.Qdrant.Url);
        Assert.Equal("s3cret", settings.Qdrant.ApiKey);

        var embedded = SearchSettings.From(Config());
        Assert.False(embedded.UseQdrant);
        Assert.Null(embedded.Qdrant.ApiKey);
        Assert.False(SearchSettings.From(Config(("Synthesis:VectorStore", "embedded"))).UseQdrant);
        Assert.True(embedded.WithVectorStore("qdrant").UseQdrant);
        Assert.Throws<ArgumentException>(() => embedded.WithVectorStore("faiss"));
    }

    [Fact]
    public void An_unreachable_qdrant_fails_to_open_and_publishes_nothing()
    {
        var store = TestData.NewStore();
        var settings = new SearchSettings { UseQdrant = true, Qdrant = new QdrantOptions { Url = "http://127.0.0.1:1", MaxAttempts = 1 } };
        Assert.ThrowsAny<Exception>(() => PassageSearch.Open(_indexes, store, TestPipeline.Default.Embedder, settings, TestPipeline.Models.Spelling));
        Assert.Null(IndexPointer.Read(store.DataDirectory));
    }

    [SkippableFact]
    public async Task With_the_setting_the_data_folder_indexes_and_searches_through_qdrant()
    {
        var url = Environment.GetEnvironmentVariable("QDRANT_URL");
        Skip.If(string.IsNullOrWhiteSpace(url), "QDRANT_URL is not set: no Qdrant server to run against");
        var settings = new SearchSettings
        {
            UseQdrant = true, Consultation = "test-" + Guid.NewGuid().ToString("N")[..8],
            Qdrant = new QdrantOptions { Url = url!, ApiKey = Environment.GetEnvironmentVariable("QDRANT_API_KEY") },
        };
        var store = TestData.NewStore();
        using (var c = store.Connect())
        {
            c.Execute("""
                INSERT INTO contributions(consultation, external_ref, content_hash, channel, author_kind, profile, text, media, imported_at)
                VALUES ('default', 'r1', 'h1', 'platform', 'unknown', 'unknown', 'Les trottoirs sont encombrés de trottinettes.', 'text', '2024-01-01')
                """);
            c.Execute("INSERT INTO passages(contribution_id, ord, text, source) SELECT id, 0, text, 'text' FROM contributions");
        }
        using var search = PassageSearch.Open(_indexes, store, TestPipeline.Default.Embedder, settings, TestPipeline.Models.Spelling);
        Assert.IsType<QdrantVectorIndex>(search.Indexes.Current.Vectors);
        Assert.Equal("qdrant", IndexPointer.Read(store.DataDirectory)!.VectorStore);
        var hits = await search.SearchAsync("trottinettes", 3, null, SearchMode.Vector);
        Assert.Single(hits);
    }
}
