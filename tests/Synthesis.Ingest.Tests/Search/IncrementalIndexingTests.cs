using Synthesis.Tests;
using Microsoft.Data.Sqlite;
using Synthesis.Ingest.Import;
using Synthesis.Ingest.Pipeline;
using Synthesis.Ingest.Search;
using Synthesis.Nlp;

namespace Synthesis.Ingest.Tests.Search;

/// <summary>
/// The index stage and the change-log catch-up on a real data folder (SQLite, Lucene in a folder, the embedded vector
/// files, the shipped built-in French model): what the pipeline commits becomes searchable, replaced passages leave,
/// topic and override changes reach the filters, a restart catches up, and a second reader sees the writer's changes.
/// </summary>
[Collection("search indexes")]
public sealed class IncrementalIndexingTests : IDisposable
{
    static readonly PassageEmbedder Builtin = TestPipeline.Default.Embedder;
    static readonly SearchSettings Fast = new() { RefreshInterval = TimeSpan.FromMilliseconds(50), SaveInterval = TimeSpan.Zero };

    const string Contributions = """
        {"id":"a","text":"Les bus de nuit ne passent plus dans le quartier de Bellevue. Il faudrait rétablir la ligne 11."}
        {"id":"b","text":"Je suis bénévole à l'épicerie solidaire : nous distribuons des colis aux familles."}
        {"id":"c","text":"Le loyer de mon appartement a doublé en cinq ans, je ne peux plus payer."}
        """;

    /// <summary>Completes a stage's jobs with nothing to do, so the test pipeline is segment -> index only.</summary>
    sealed class PassThrough(string name, params string[] next) : IPipelineStage
    {
        public string Name => name;
        public int BatchSize => 256;
        public bool WaitsForOtherStages => name == Stages.Corpus;
        public Task<IReadOnlyList<JobOutcome>> RunAsync(IReadOnlyList<Job> jobs, System.Data.Common.DbConnection connection, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<JobOutcome>>(jobs.Select(_ => (JobOutcome)new JobOutcome.Completed(null, next)).ToArray());
    }

    async Task Index(SynthesisStore store)
    {
        var index = new IndexStage(store, Builtin, _indexes, Fast);
        var runner = new PipelineRunner(store,
            [new SegmentStage(PassageSplitter.Default), new PassThrough(Stages.Analyse, Stages.Index), index, new PassThrough(Stages.Corpus)],
            new PipelineOptions { Workers = 2 });
        await runner.RunUntilIdleAsync();
        await index.DrainAsync();
    }

    static SynthesisStore StoreWith(string jsonl)
    {
        var store = TestData.NewStore();
        new Importer(store, new ImportOptions()).Import(TestData.WriteFile("contributions.jsonl", jsonl));
        return store;
    }

    static long PassageWith(SynthesisStore store, string word)
    {
        using var c = store.Connect();
        return c.ScalarLong("SELECT id FROM passages WHERE text LIKE $w", null, ("$w", $"%{word}%"));
    }

    IndexRegistry _indexes = new();

    /// <summary>What a process's end does to its indexes, and a new process's registry.</summary>
    void Restart()
    {
        _indexes.Dispose();
        _indexes = new();
    }

    public void Dispose() => _indexes.Dispose();

    [Fact]
    public async Task The_index_stage_stores_each_vector_with_its_model_and_makes_passages_searchable()
    {
        var store = StoreWith(Contributions);
        await Index(store);
        using (var c = store.Connect())
        {
            var passages = c.ScalarLong("SELECT count(*) FROM passages");
            Assert.True(passages >= 4);
            Assert.Equal(passages, c.ScalarLong("SELECT count(*) FROM passage_vectors WHERE model = $m", null, ("$m", Builtin.Info.Key)));
            using var blob = c.Command("SELECT vector FROM passage_vectors LIMIT 1");
            Assert.Equal(Builtin.Info.Dimensions * sizeof(float), ((byte[])blob.ExecuteScalar()!).Length);
        }
        using var search = PassageSearch.Open(_indexes, store, Builtin, Fast, TestPipeline.Models.Spelling);
        var set = search.Indexes.Current;
        using (var c = store.Connect()) Assert.Equal(SearchRows.LatestChange(c), set.Watermark);
        Assert.Equal(set.Lexical.Count, (int)await set.Vectors.CountAsync());

        var bm25 = await search.SearchAsync("épicerie solidaire", 3, null, SearchMode.Bm25);
        Assert.Equal(PassageWith(store, "épicerie"), bm25[0].PassageId);
        Assert.NotEmpty(bm25[0].Highlights);
        var vector = await search.SearchAsync("loyer trop cher", 3, null, SearchMode.Vector);
        Assert.Equal(PassageWith(store, "loyer"), vector[0].PassageId);
    }

    [Fact]
    public async Task Re_segmentation_removes_replaced_passages_from_both_indexes()
    {
        var store = StoreWith(Contributions);
        await Index(store);
        var old = PassageWith(store, "loyer");
        using (var c = store.Connect())
        {
            var contribution = c.ScalarLong("SELECT contribution_id FROM passages WHERE id = $p", null, ("$p", old));
            using var tx = c.BeginTransaction();
            c.Execute("UPDATE contributions SET text = 'La cantine scolaire est trop chère pour les familles nombreuses.' WHERE id = $id", tx, ("$id", contribution));
            JobQueue.Enqueue(c, tx, Stages.Segment, contribution);
            tx.Commit();
        }
        await Index(store);
        using var search = PassageSearch.Open(_indexes, store, Builtin, Fast, TestPipeline.Models.Spelling);
        var set = search.Indexes.Current;
        // SQLite may hand the replaced passage's id to its successor: then the id must carry the new text only.
        Assert.DoesNotContain("loyer", set.Lexical.GetText(old) ?? "");
        using (var c = store.Connect())
        {
            var passages = c.ScalarLong("SELECT count(*) FROM passages");
            Assert.Equal(passages, await set.Vectors.CountAsync());
            Assert.Equal(passages, set.Lexical.Count);
        }
        Assert.Empty(await search.SearchAsync("loyer appartement", 5, null, SearchMode.Bm25));
        var cantine = await search.SearchAsync("cantine", 5, null, SearchMode.Hybrid);
        Assert.Equal(PassageWith(store, "cantine"), cantine[0].PassageId);
    }

    [Fact]
    public async Task Topic_and_reviewer_changes_reach_the_filters_of_a_running_search()
    {
        var store = StoreWith(Contributions);
        await Index(store);
        using var search = PassageSearch.Open(_indexes, store, Builtin, Fast, TestPipeline.Models.Spelling);
        var bus = PassageWith(store, "bus de nuit");
        var topicFilter = new SearchFilter(Topics: [42]);
        var solution = new SearchFilter(Questions: [QuestionType.Solution]);
        Assert.Empty(await search.SearchAsync("bus", 5, topicFilter, SearchMode.Hybrid));

        // The corpus stage assigns topics and a reviewer overrides a question type, in the store only.
        using (var c = store.Connect())
        {
            c.Execute("INSERT INTO topic_assignments(passage_id, topic_id) VALUES ($p, 42)", null, ("$p", bus));
            c.Execute("INSERT INTO passage_overrides(passage_id, question) VALUES ($p, 'solution')", null, ("$p", bus));
        }
        // No explicit call: queries notice the new watermark themselves (refresh interval 50 ms here, 1 s by default).
        IReadOnlyList<PassageResult> byTopic = [];
        for (var i = 0; i < 100 && byTopic.Count == 0; i++)
        {
            await Task.Delay(50);
            byTopic = await search.SearchAsync("bus", 5, topicFilter, SearchMode.Hybrid);
        }
        Assert.Equal(bus, Assert.Single(byTopic).PassageId);
        Assert.Equal(42, byTopic[0].Payload.TopicId);
        Assert.Equal(bus, Assert.Single(await search.SearchAsync("bus", 5, solution, SearchMode.Vector)).PassageId);
        Assert.Equal(bus, Assert.Single(await search.SearchAsync("bus", 5, solution, SearchMode.Bm25)).PassageId);

        // Undoing the override takes the passage out of the filter again.
        using (var c = store.Connect()) c.Execute("DELETE FROM passage_overrides WHERE passage_id = $p", null, ("$p", bus));
        // Within the refresh interval; on a loaded machine a background refresh may still hold the previous reader.
        IReadOnlyList<PassageResult> stillThere = [];
        for (var i = 0; i < 100; i++)
        {
            await search.RefreshAsync();
            stillThere = await search.SearchAsync("bus", 5, solution, SearchMode.Bm25);
            if (stillThere.Count == 0) break;
            await Task.Delay(50);
        }
        Assert.Empty(stillThere);
    }

    [Fact]
    public async Task A_topic_run_updates_the_lexical_topics_in_place_and_a_text_change_still_re_indexes_the_passage()
    {
        var store = StoreWith(Contributions);
        await Index(store);
        using var search = PassageSearch.Open(_indexes, store, Builtin, Fast, TestPipeline.Models.Spelling);
        var indexes = search.Indexes;
        var set = indexes.Current;
        var documents = set.Lexical.MaxDoc;
        // what the corpus stage writes: every passage gets a topic
        using (var c = store.Connect()) c.Execute("INSERT INTO topic_assignments(passage_id, topic_id) SELECT id, 7 FROM passages");
        indexes.CatchUp();
        Assert.Equal(documents, set.Lexical.MaxDoc);
        var loyer = PassageWith(store, "loyer");
        Assert.Equal(loyer, (await search.SearchAsync("loyer", 5, new SearchFilter(Topics: [7]), SearchMode.Bm25)).Single().PassageId);

        // a reviewer corrects the text: the document is indexed again, with its topic
        using (var c = store.Connect())
            c.Execute("INSERT INTO passage_overrides(passage_id, text) VALUES ($p, 'Le loyer de ma chambre étudiante a doublé.')", null, ("$p", loyer));
        indexes.CatchUp();
        Assert.Equal(documents + 1, set.Lexical.MaxDoc);
        Assert.Equal(loyer, (await search.SearchAsync("chambre étudiante", 5, new SearchFilter(Topics: [7]), SearchMode.Bm25)).Single().PassageId);
        Assert.Empty(await search.SearchAsync("chambre étudiante", 5, new SearchFilter(Topics: [8]), SearchMode.Bm25));
    }

    [SkippableFact]
    public async Task On_postgres_a_change_committed_after_a_later_one_is_still_indexed()
    {
        var server = PostgresServer.Shared;
        Skip.If(server.Unavailable is not null, server.Unavailable);
        var store = SynthesisStore.Open(Path.Combine(TestData.TempDir(), "data"), server.NewDatabase());
        new Importer(store, new ImportOptions()).Import(TestData.WriteFile("contributions.jsonl", Contributions));
        await Index(store);
        using var search = PassageSearch.Open(_indexes, store, Builtin, Fast, TestPipeline.Models.Spelling);
        var indexes = search.Indexes;
        long Passage(string word)
        {
            using var c = store.Connect();
            return c.ScalarLong("SELECT id FROM passages WHERE text LIKE @w", null, ("@w", $"%{word}%"));
        }
        async Task<long?> Found(string query) =>
            (await search.SearchAsync(query, 5, null, SearchMode.Bm25)).Select(r => (long?)r.PassageId).SingleOrDefault();
        var (loyer, bus) = (Passage("loyer"), Passage("Bellevue"));

        // A reviewer's correction takes its change number first but commits last; another commits in between and
        // is read by the index.
        using var slow = store.Connect();
        using (var tx = slow.BeginTransaction())
        {
            slow.Execute("INSERT INTO passage_overrides(passage_id, text) VALUES (@p, 'Le loyer de ma chambre étudiante a doublé.')", tx, ("@p", loyer));
            // a read while no transaction has ended since the slow one began (its ID is at or above the snapshot's xmax)
            indexes.CatchUp();
            using (var c = store.Connect())
                c.Execute("INSERT INTO passage_overrides(passage_id, text) VALUES (@p, 'Les bus de nuit repassent enfin à Bellevue.')", null, ("@p", bus));
            indexes.Refresh();
            Assert.Equal(bus, await Found("repassent enfin"));
            Assert.Null(await Found("chambre étudiante"));
            tx.Commit();
        }
        indexes.Refresh();
        Assert.Equal(loyer, await Found("chambre étudiante"));
        using (var c = store.Connect())
            Assert.True(c.ScalarLong("SELECT seq FROM search_changes WHERE passage_id = @p", null, ("@p", loyer)) < indexes.Current.Watermark);

        // the mark is saved with the index: a new process resumes from it and misses nothing
        Restart();
        using var again = PassageSearch.Open(_indexes, store, Builtin, Fast, TestPipeline.Models.Spelling);
        Assert.Equal(loyer, (await again.SearchAsync("chambre étudiante", 5, null, SearchMode.Bm25)).Single().PassageId);
    }

    [Fact]
    public async Task A_restart_catches_up_what_the_files_missed_and_rebuilds_damaged_vector_files()
    {
        var store = StoreWith(Contributions);
        await Index(store);
        Restart();
        var pointer = IndexPointer.Read(store.DataDirectory)!;
        // A commit whose catch-up never ran (the process died right after it): a passage and its vector, in the store only.
        long added;
        using (var c = store.Connect())
        {
            var contribution = c.ScalarLong("SELECT min(id) FROM contributions");
            added = c.ScalarLong("INSERT INTO passages(contribution_id, ord, text, source) VALUES ($c, 99, 'Une ludothèque au centre social', 'text') RETURNING id", null, ("$c", contribution));
            using var tx = c.BeginTransaction();
            using var w = new StoreWriter(c, tx);
            SearchRows.SaveVector(w, added, Builtin.Info.Key, Builtin.EmbedPassages(["Une ludothèque au centre social"])[0]);
            w.Commit();
        }
        using (var search = PassageSearch.Open(_indexes, store, Builtin, Fast, TestPipeline.Models.Spelling))
        {
            Assert.Equal(pointer.Folder, Path.GetFileName(search.Indexes.Current.Folder));
            Assert.Equal(added, (await search.SearchAsync("ludothèque", 3, null, SearchMode.Bm25))[0].PassageId);
            Assert.NotNull(await search.Indexes.Current.Vectors.GetAsync(added));
        }
        Restart();

        // A damaged vector manifest: the set starts again from watermark 0 and refills itself from the store.
        File.WriteAllText(Path.Combine(pointer.FullPath(store.DataDirectory), "vectors", EmbeddedVectorIndex.ManifestName), "{ not json");
        using (var search = PassageSearch.Open(_indexes, store, Builtin, Fast, TestPipeline.Models.Spelling))
        {
            using var c = store.Connect();
            Assert.Equal(c.ScalarLong("SELECT count(*) FROM passages"), await search.Indexes.Current.Vectors.CountAsync());
            Assert.Equal(added, (await search.SearchAsync("ludothèque centre social", 3, null, SearchMode.Vector))[0].PassageId);
        }
    }

    /// <summary>Collects what the registry logs.</summary>
    sealed class ListLogger : Microsoft.Extensions.Logging.ILogger<IndexRegistry>
    {
        public readonly System.Collections.Concurrent.ConcurrentQueue<string> Lines = new();
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;
        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state,
            Exception? exception, Func<TState, Exception?, string> formatter) => Lines.Enqueue(formatter(state, exception));
    }

    [Theory]
    [InlineData("delete a segment")]
    [InlineData("truncate the segments file")]
    [InlineData("garble every file")]
    public async Task A_bm25_index_that_does_not_open_is_rebuilt_from_the_store_with_a_line_saying_so(string damage)
    {
        var store = StoreWith(Contributions);
        await Index(store);
        var expected = PassageWith(store, "bénévole");
        Restart();
        var lexical = Path.Combine(IndexPointer.Read(store.DataDirectory)!.FullPath(store.DataDirectory), "lexical");
        var files = Directory.GetFiles(lexical).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)).ToList();
        switch (damage)
        {
            case "delete a segment":
                File.Delete(files.First(f => f.EndsWith(".cfs", StringComparison.Ordinal) || f.EndsWith(".si", StringComparison.Ordinal)));
                break;
            case "truncate the segments file":
                var segments = files.First(f => Path.GetFileName(f).StartsWith("segments_", StringComparison.Ordinal));
                File.WriteAllBytes(segments, File.ReadAllBytes(segments)[..12]);
                break;
            default:
                foreach (var f in files) File.WriteAllBytes(f, System.Text.Encoding.ASCII.GetBytes("pas un index Lucene"));
                break;
        }

        var log = new ListLogger();
        _indexes.Dispose();
        _indexes = new IndexRegistry(log);
        using var search = PassageSearch.Open(_indexes, store, Builtin, Fast, TestPipeline.Models.Spelling);
        Assert.Equal(expected, (await search.SearchAsync("bénévole épicerie", 3, null, SearchMode.Bm25))[0].PassageId);
        using (var c = store.Connect())
            Assert.Equal(c.ScalarLong("SELECT count(*) FROM passages"), search.Indexes.Current.Lexical.Count);
        var line = Assert.Single(log.Lines, l => l.Contains("did not open"));
        Assert.Contains("rebuilt from the store", line);
    }

    [Fact]
    public async Task A_second_reader_of_the_folder_follows_the_writers_commits()
    {
        var store = StoreWith(Contributions);
        await Index(store);
        using var writer = _indexes.For(store, Builtin, Fast);
        // What another process gets: the write lock is taken, so the folder opens read-only.
        using var reader = PassageIndexSet.Open(writer.Current.Folder, Builtin.Info, Fast);
        Assert.False(reader.IsWriter);
        Assert.True(writer.Current.IsWriter);

        new Importer(store, new ImportOptions()).Import(TestData.WriteFile("more.jsonl", """{"id":"d","text":"Créer un jardin partagé au pied des immeubles."}"""));
        await Index(store);
        using (var c = store.Connect()) reader.CatchUp(c, embedder: null);
        var jardin = PassageWith(store, "jardin");
        Assert.NotNull(await reader.Vectors.GetAsync(jardin));
        var hits = reader.Lexical.Search("jardin partagé", 3);
        Assert.Equal(jardin, hits[0].PassageId);
    }

    [Fact]
    public async Task Passages_still_in_the_pipeline_are_left_to_the_index_stage_and_others_get_a_vector_from_the_catch_up()
    {
        var store = StoreWith(Contributions);
        long passage;
        using (var c = store.Connect())
        {
            // Cut by hand while the contribution's segment job is still pending: the pipeline will index it.
            passage = c.ScalarLong("INSERT INTO passages(contribution_id, ord, text, source) SELECT min(id), 0, 'Une ludothèque au centre social', 'text' FROM contributions RETURNING id");
        }
        using var search = PassageSearch.Open(_indexes, store, Builtin, Fast, TestPipeline.Models.Spelling);
        Assert.Null(await search.Indexes.Current.Vectors.GetAsync(passage));
        Assert.Empty(await search.SearchAsync("ludothèque", 3, null, SearchMode.Bm25));

        // A parked job will not bring the passage back: parking logs it, and the writer embeds and stores its vector itself.
        using (var c = store.Connect()) c.Execute("UPDATE jobs SET state = 'parked'");
        await search.RefreshAsync();
        Assert.NotNull(await search.Indexes.Current.Vectors.GetAsync(passage));
        Assert.Equal(passage, (await search.SearchAsync("ludothèque", 3, null, SearchMode.Bm25))[0].PassageId);
        using (var c = store.Connect())
            Assert.Equal(Builtin.Info.Key, c.Scalar("SELECT model FROM passage_vectors WHERE passage_id = $p", null, ("$p", passage)));
    }

    [Fact]
    public async Task Searches_run_concurrently_with_indexing()
    {
        var store = StoreWith(Contributions);
        await Index(store);
        using var search = PassageSearch.Open(_indexes, store, Builtin, Fast, TestPipeline.Models.Spelling);
        using var stop = new CancellationTokenSource();
        var errors = 0;
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try { await search.SearchAsync("quartier familles", 5, null, SearchMode.Hybrid); }
                catch { Interlocked.Increment(ref errors); }
            }
        })).ToList();
        var lines = string.Join('\n', Enumerable.Range(0, 200).Select(i => $$"""{"id":"x{{i}}","text":"Proposition {{i}} : des bancs et de l'ombre place numéro {{i}}."}"""));
        new Importer(store, new ImportOptions()).Import(TestData.WriteFile("many.jsonl", lines));
        await Index(store);
        await search.RefreshAsync();
        stop.Cancel();
        await Task.WhenAll(readers);
        Assert.Equal(0, errors);
        Assert.Equal(5, (await search.SearchAsync("bancs ombre", 5, null, SearchMode.Hybrid)).Count);
    }
}
