using Synthesis.Tests;
using Synthesis.Ingest.Import;
using Synthesis.Ingest.Pipeline;
using Synthesis.Ingest.Search;

namespace Synthesis.Ingest.Tests.Search;

/// <summary>Rebuilds into a new index generation, swapped in atomically, and the background rebuild when the model changes.</summary>
[Collection("search indexes")]
public sealed class ReindexTests : IDisposable
{
    static readonly PassageEmbedder Builtin = TestPipeline.Default.Embedder;
    static readonly SearchSettings Fast = new() { RefreshInterval = TimeSpan.FromMilliseconds(50), SaveInterval = TimeSpan.Zero, RetireAfter = TimeSpan.FromMilliseconds(200) };

    /// <summary>Another model: the built-in vectors reversed and under another version, so that a rebuild is needed.</summary>
    static readonly PassageEmbedder Other = new(Builtin.Info with { Version = "other-1" },
        texts => Builtin.EmbedPassages(texts).Select(v => v.Reverse().ToArray()).ToArray(),
        q => Builtin.EmbedQuery(q).Reverse().ToArray());

    IndexRegistry _indexes = new();

    /// <summary>What a process's end does to its indexes, and a new process's registry.</summary>
    void Restart()
    {
        _indexes.Dispose();
        _indexes = new();
    }

    public void Dispose() => _indexes.Dispose();

    static SynthesisStore Store()
    {
        var store = TestData.NewStore();
        var lines = string.Join('\n', Enumerable.Range(0, 60).Select(i =>
            $$"""{"id":"p{{i}}","text":"Contribution {{i}} : {{(i % 3 == 0 ? "les pistes cyclables manquent" : i % 3 == 1 ? "la halte-garderie ferme trop tôt" : "le marché du dimanche est trop cher")}}."}"""));
        new Importer(store, new ImportOptions()).Import(TestData.WriteFile("p.jsonl", lines));
        // Passages as the segment stage would cut them (one per contribution here), without running the pipeline.
        using var c = store.Connect();
        c.Execute("INSERT INTO passages(contribution_id, ord, text, source, char_start, char_end) SELECT id, 0, text, 'text', 0, length(text) FROM contributions");
        // As if the pipeline had run: nothing is on its way any more.
        c.Execute("UPDATE jobs SET state = 'done'");
        return store;
    }

    [Fact]
    public async Task Reindex_publishes_a_new_generation_and_searches_move_to_it()
    {
        var store = Store();
        using var search = PassageSearch.Open(_indexes, store, Builtin, Fast, TestPipeline.Models.Spelling);
        var before = search.Indexes.Current.Folder;
        var expected = (await search.SearchAsync("pistes cyclables", 5, null, SearchMode.Hybrid)).Select(r => r.PassageId).ToList();
        Assert.Equal(5, expected.Count);

        var count = search.Indexes.Reindex();
        Assert.Equal(60, count);
        var after = search.Indexes.Current.Folder;
        Assert.NotEqual(before, after);
        Assert.Equal(Path.GetFileName(after), IndexPointer.Read(store.DataDirectory)!.Folder);
        Assert.Equal(expected, (await search.SearchAsync("pistes cyclables", 5, null, SearchMode.Hybrid)).Select(r => r.PassageId).ToList());
        // The previous generation stays while a search may still read it, then goes once nothing has it open.
        Assert.True(Directory.Exists(before));
        for (var wait = 0; wait < 100 && Directory.Exists(before); wait++) await Task.Delay(100);
        Assert.False(Directory.Exists(before));
        Assert.True(Directory.Exists(after));
        // a generation another process still has open (its shared lock on the in-use mark) is left to it
        using (IndexPointer.MarkInUse(after))
        {
            search.Indexes.Reindex();
            await Task.Delay(1000);
            Assert.True(Directory.Exists(after));
        }
        using (IndexPointer.LockGenerations(store.DataDirectory))
            IndexPointer.DeleteOldGenerations(store.DataDirectory);
        Assert.False(Directory.Exists(after));
    }

    [Fact]
    public async Task While_the_index_holds_another_models_vectors_answers_say_bm25_alone_answered()
    {
        var store = Store();
        using (PassageSearch.Open(_indexes, store, Builtin, Fast, TestPipeline.Models.Spelling)) { }
        Restart();
        using (var corpus = store.Connect())
            Assert.Equal(0, corpus.ScalarLong("SELECT count(*) FROM jobs WHERE stage = 'corpus' AND state = 'pending'"));

        // Another process holds the rebuild: this one's background rebuild with the new model cannot start.
        var lockPath = Path.Combine(IndexPointer.Root(store.DataDirectory), "reindex.lock");
        using (new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        using (var search = PassageSearch.Open(_indexes, store, Other, Fast, TestPipeline.Models.Spelling))
        {
            await search.Indexes.ReindexTask!;
            Assert.Contains("another process is rebuilding", search.Indexes.LastError!.Message);
            var hybrid = await search.AnswerAsync("halte-garderie", 5, null, SearchMode.Hybrid);
            Assert.True(hybrid.LexicalOnly);
            Assert.NotEmpty(hybrid.Results);
            Assert.All(hybrid.Results, r => Assert.Null(r.VectorRank));
            Assert.True((await search.AnswerAsync("halte-garderie", 5, null, SearchMode.Vector)).LexicalOnly);
            Assert.False((await search.AnswerAsync("halte-garderie", 5, null, SearchMode.Bm25)).LexicalOnly);
        }
        // the model change also queued topics again, for the pipeline's next corpus run
        using (var corpus = store.Connect())
            Assert.Equal(1, corpus.ScalarLong("SELECT count(*) FROM jobs WHERE stage = 'corpus' AND state = 'pending'"));
        Restart();

        using var rebuilt = PassageSearch.Open(_indexes, store, Other, Fast, TestPipeline.Models.Spelling);
        await rebuilt.Indexes.ReindexTask!;
        Assert.Null(rebuilt.Indexes.LastError);
        var answer = await rebuilt.AnswerAsync("halte-garderie", 5, null, SearchMode.Hybrid);
        Assert.False(answer.LexicalOnly);
        Assert.Contains(answer.Results, r => r.VectorRank is not null);
    }

    [Fact]
    public async Task A_changed_model_is_rebuilt_in_the_background_while_bm25_keeps_answering()
    {
        var store = Store();
        using (PassageSearch.Open(_indexes, store, Builtin, Fast, TestPipeline.Models.Spelling)) { }
        Restart();

        using var search = PassageSearch.Open(_indexes, store, Other, Fast, TestPipeline.Models.Spelling);
        var rebuild = search.Indexes.ReindexTask;
        Assert.NotNull(rebuild);
        // Until the new generation is in, hybrid answers (BM25 over the old generation) and never fails.
        Assert.NotEmpty(await search.SearchAsync("halte-garderie", 5, null, SearchMode.Hybrid));
        await rebuild!;
        Assert.Null(search.Indexes.LastError);
        Assert.True(search.Indexes.Current.Info.SameModel(Other.Info));
        using (var c = store.Connect())
            Assert.Equal(60, c.ScalarLong("SELECT count(*) FROM passage_vectors WHERE model = $m", null, ("$m", Other.Info.Key)));
        var vector = await search.SearchAsync("halte-garderie ferme", 5, null, SearchMode.Vector);
        Assert.Equal(5, vector.Count);
        Assert.All(vector, r => Assert.NotNull(r.VectorRank));
    }

    [Fact]
    public void A_second_rebuild_at_the_same_time_is_refused()
    {
        var store = Store();
        using var indexes = _indexes.For(store, Builtin, Fast);
        using var held = new FileStream(Path.Combine(IndexPointer.Root(store.DataDirectory), "reindex.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var e = Assert.Throws<InvalidOperationException>(() => indexes.Reindex());
        Assert.Contains("another process is rebuilding", e.Message);
    }
}
