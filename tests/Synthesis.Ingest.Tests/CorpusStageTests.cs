using Synthesis.Tests;
using Synthesis.Ingest.Import;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Ingest.Tests;

public class CorpusStageTests
{
    static readonly PipelineOptions Options = new() { Workers = 2 };

    static Dictionary<long, (long? Parent, string Label, long Size)> Topics(SynthesisStore store)
    {
        using var c = store.Connect();
        var topics = new Dictionary<long, (long?, string, long)>();
        using var command = c.Command("SELECT id, parent_id, label, size FROM topics WHERE retired = 0");
        using var reader = command.ExecuteReader();
        while (reader.Read()) topics[reader.GetInt64(0)] = (reader.GetInt64OrNull(1), reader.GetString(2), reader.GetInt64(3));
        return topics;
    }

    static List<long> PassagesUnder(SynthesisStore store, long topic)
    {
        using var c = store.Connect();
        using var command = c.Command("SELECT ta.passage_id FROM topic_assignments ta JOIN topics t ON t.id = ta.topic_id WHERE t.id = $t OR t.parent_id = $t", null, ("$t", topic));
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read()) ids.Add(reader.GetInt64(0));
        return ids;
    }

    [Fact]
    public void Renaming_or_accepting_a_theme_does_not_run_the_themes_again_and_undoing_it_does()
    {
        var store = TestData.NewStore();
        using var c = store.Connect();
        c.Execute("""
            INSERT INTO topics(id, consultation, parent_id, label, label_fixed, keywords, representatives, size, retired, updated_at)
            VALUES (1, 'default', NULL, 'Aides et retraite', 0, '[]', '[]', 12, 0, '2022-03-01T10:00:00+00:00')
            """);
        long CorpusJobs() => c.ScalarLong("SELECT count(*) FROM jobs WHERE stage = 'corpus' AND state = 'pending'");
        var review = new ReviewLog(store);
        var renamed = review.Rename("claire", 1, "Aides sociales et retraite");
        review.Accept("claire", 1);
        Assert.Equal("Aides sociales et retraite", c.Scalar("SELECT label FROM topics WHERE id = 1"));
        Assert.Equal(0, CorpusJobs());
        // undoing a decision runs the themes again (the next run forgets the constraint)
        review.Undo("claire", renamed);
        Assert.Equal(1, CorpusJobs());
    }

    [Fact]
    public async Task Topics_summaries_and_reviewers_decisions_survive_a_reanalysis()
    {
        var store = TestData.NewStore();
        new Importer(store, new ImportOptions()).Import(TestData.EvalData("granddebat", "answers.dev.json"));
        await TestPipeline.Default.Runner(store, Options).RunUntilIdleAsync();

        var first = Topics(store);
        var themes = first.Where(t => t.Value.Parent is null).OrderByDescending(t => t.Value.Size).Select(t => t.Key).ToList();
        Assert.InRange(themes.Count, 3, 40);
        using (var c = store.Connect())
        {
            var passages = c.ScalarLong("SELECT count(*) FROM passages");
            Assert.Equal(passages, c.ScalarLong("SELECT count(*) FROM topic_assignments"));
            Assert.True(c.ScalarLong("SELECT count(*) FROM topic_assignments WHERE topic_id IS NULL") <= passages / 10, "more than 10% unassigned");
            Assert.Equal(first.Count, c.ScalarLong("SELECT count(*) FROM summaries WHERE question = ''"));
            // a question tab's charts count that question's passages only
            var all = TopicQueries.Breakdowns(c, themes[0]);
            var solutions = TopicQueries.Breakdowns(c, themes[0], "solution");
            Assert.Equal(["solution"], solutions["question"].Counts.Keys);
            Assert.Equal(all["question"].Counts["solution"], solutions["question"].Counts["solution"]);
            Assert.Equal(solutions["question"].Counts["solution"], solutions["sentiment"].Counts.Values.Sum());
            Assert.True(all["sentiment"].Counts.Values.Sum() > solutions["sentiment"].Counts.Values.Sum());
            // every theme has its « En bref », each sentence citing passages of that theme
            Assert.Equal(themes.Count, c.ScalarLong("SELECT count(*) FROM summaries WHERE question = 'overview'"));
            foreach (var theme in themes)
            {
                var under = PassagesUnder(store, theme).ToHashSet();
                var json = (string)c.Scalar("SELECT sentences FROM summaries WHERE question = 'overview' AND topic_id = $t", null, ("$t", theme))!;
                foreach (var sentence in System.Text.Json.JsonDocument.Parse(json).RootElement.EnumerateArray())
                {
                    Assert.NotEmpty(sentence.GetProperty("Citations").EnumerateArray());
                    Assert.All(sentence.GetProperty("Citations").EnumerateArray(), cited => Assert.Contains(cited.GetInt64(), under));
                }
            }
            // A summary for one question cites only passages that speak to it.
            Assert.True(c.ScalarLong("SELECT count(*) FROM summaries WHERE question NOT IN ('', 'overview')") > 0, "no summary per topic and question");
            using (var perQuestion = c.Command("SELECT question, sentences FROM summaries WHERE question NOT IN ('', 'overview')"))
            using (var r = perQuestion.ExecuteReader())
                while (r.Read())
                    foreach (var sentence in System.Text.Json.JsonDocument.Parse(r.GetString(1)).RootElement.EnumerateArray())
                        foreach (var cited in sentence.GetProperty("Citations").EnumerateArray())
                            Assert.Equal(r.GetString(0), c.Scalar("SELECT question FROM passage_analysis WHERE passage_id = $p", null, ("$p", cited.GetInt64())));
            Assert.Equal(0, c.ScalarLong("SELECT count(*) FROM summaries WHERE sentences NOT LIKE '%\"Supported\":true%'"));
        }
        // names are short French noun phrases (« Circuits courts », « Impôts et TVA »): a capital first, at most 6 words
        Assert.All(first.Values, t => { Assert.InRange(t.Label.Split(' ').Length, 1, 6); Assert.True(char.IsUpper(t.Label[0]), t.Label); });

        // A reviewer merges the two largest themes and renames the result.
        var review = new ReviewLog(store);
        var (into, from) = (themes[0], themes[1]);
        var fromPassages = PassagesUnder(store, from);
        review.Merge("claire", into, from);
        review.Rename("claire", into, "Fiscalité et services publics");
        // New contributions arrive, and the whole analysis runs again.
        new Importer(store, new ImportOptions()).Import(TestData.WriteFile("nouvelles.jsonl",
            "{\"id\":\"n1\",\"text\":\"Il faut baisser la TVA sur les produits de première nécessité.\"}\n{\"id\":\"n2\",\"text\":\"Les services publics ferment dans les petites communes.\"}\n"));
        await TestPipeline.Default.Runner(store, Options).RunUntilIdleAsync();

        var second = Topics(store);
        Assert.False(second.ContainsKey(from));
        Assert.Equal("Fiscalité et services publics", second[into].Label);
        var nowInto = PassagesUnder(store, into).ToHashSet();
        Assert.True(fromPassages.Count(nowInto.Contains) >= fromPassages.Count * 0.9, "the merged theme's passages did not follow");
        // Themes nobody touched keep their IDs.
        var kept = themes.Skip(2).Count(second.ContainsKey);
        Assert.True(kept >= (themes.Count - 2) * 0.8, $"{kept} of {themes.Count - 2} untouched themes kept their ID");
        using (var c = store.Connect())
        {
            Assert.Equal(2, c.ScalarLong("SELECT count(*) FROM review_decisions WHERE reviewer = 'claire'"));
            Assert.Equal(0, c.ScalarLong($"SELECT count(*) FROM topic_assignments ta JOIN topics t ON t.id = ta.topic_id WHERE t.id = {from} OR t.parent_id = {from}"));
        }
    }
}

public class CorpusStageStoredVectorsTests
{
    /// <summary>Counts the texts it is asked to embed, and embeds them with the built-in model.</summary>
    sealed class CountingEmbedder(Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>> inner)
        : Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>
    {
        public int Texts;

        public Task<Microsoft.Extensions.AI.GeneratedEmbeddings<Microsoft.Extensions.AI.Embedding<float>>> GenerateAsync(IEnumerable<string> values,
            Microsoft.Extensions.AI.EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = values.ToList();
            Interlocked.Add(ref Texts, list.Count);
            return inner.GenerateAsync(list, options, cancellationToken);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);
        public void Dispose() { }
    }

    [Fact]
    public async Task The_corpus_stage_reads_the_vectors_the_index_stage_stored_and_embeds_only_the_missing_ones()
    {
        var store = TestData.NewStore();
        new Importer(store, new ImportOptions()).Import(TestData.EvalData("granddebat", "answers.dev.json"));
        await TestPipeline.Default.Runner(store, new PipelineOptions { Workers = 2 }).RunUntilIdleAsync();
        var key = TestPipeline.Default.Embedder.Info.Key;
        var counting = new CountingEmbedder(TestPipeline.Models.BuiltinModel()!);
        var stage = new CorpusStage(TestPipeline.Models.Lemmatizer, () => 12, () => counting, storedVectors: () => key);
        using var c = store.Connect();
        var passages = c.ScalarLong("SELECT count(*) FROM passages");
        Assert.Equal(passages, c.ScalarLong("SELECT count(*) FROM passage_vectors WHERE model = $m", null, ("$m", (object?)key)));

        var outcomes = await stage.RunAsync([new Job(1, Stages.Corpus, 0, 1)], c, CancellationToken.None);
        Assert.IsType<JobOutcome.Completed>(Assert.Single(outcomes));
        Assert.Equal(0, counting.Texts);

        c.Execute("DELETE FROM passage_vectors WHERE passage_id = (SELECT min(id) FROM passages)");
        c.Execute("UPDATE passage_vectors SET model = 'another@1' WHERE passage_id = (SELECT max(id) FROM passages)");
        await stage.RunAsync([new Job(1, Stages.Corpus, 0, 1)], c, CancellationToken.None);
        Assert.Equal(2, counting.Texts);

        // without a key every passage is embedded
        var computing = new CountingEmbedder(TestPipeline.Models.BuiltinModel()!);
        await new CorpusStage(TestPipeline.Models.Lemmatizer, () => 12, () => computing).RunAsync([new Job(1, Stages.Corpus, 0, 1)], c, CancellationToken.None);
        Assert.Equal(passages, computing.Texts);
    }
}

public class CorpusStageWritesTests
{
    static Dictionary<long, long?> Assignments(System.Data.Common.DbConnection c)
    {
        var map = new Dictionary<long, long?>();
        using var command = c.Command("SELECT passage_id, topic_id FROM topic_assignments");
        using var reader = command.ExecuteReader();
        while (reader.Read()) map[reader.GetInt64(0)] = reader.IsDBNull(1) ? null : reader.GetInt64(1);
        return map;
    }

    [Fact]
    public async Task A_new_run_writes_only_the_assignments_that_changed_and_logs_one_search_change_for_each()
    {
        var store = TestData.NewStore();
        new Importer(store, new ImportOptions()).Import(TestData.EvalData("granddebat", "answers.dev.json"));
        await TestPipeline.Default.Runner(store, new PipelineOptions { Workers = 2 }).RunUntilIdleAsync();
        long changes;
        string? ranAt;
        Dictionary<long, long?> before;
        using (var c = store.Connect())
        {
            changes = SearchRows.LatestChange(c);
            ranAt = (string?)c.Scalar("SELECT max(updated_at) FROM topics");
            before = Assignments(c);
            Assert.Equal(c.ScalarLong("SELECT count(*) FROM passages"), before.Count);
            using var tx = c.BeginTransaction();
            JobQueue.Enqueue(c, tx, Stages.Corpus, 0);
            tx.Commit();
        }
        // a second run over the same passages, warm-started from the first one's topics
        await TestPipeline.Default.Runner(store, new PipelineOptions { Workers = 2 }).RunUntilIdleAsync();
        using (var c = store.Connect())
        {
            Assert.NotEqual(ranAt, (string?)c.Scalar("SELECT max(updated_at) FROM topics")); // it did run
            var after = Assignments(c);
            Assert.Equal(before.Count, after.Count);
            var moved = after.Count(kv => before[kv.Key] != kv.Value);
            Assert.True(moved < before.Count / 5, $"{moved} of {before.Count} passages moved");
            // one search change per moved passage, none for the others
            Assert.Equal(changes + moved, SearchRows.LatestChange(c));
        }
    }
}
