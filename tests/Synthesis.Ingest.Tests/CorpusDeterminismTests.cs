using Synthesis.Tests;
using Synthesis.Ingest.Import;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Ingest.Tests;

public class CorpusDeterminismTests
{
    /// <summary>Each passage, named by its contribution's reference and its position, with its theme's label.</summary>
    static async Task<List<string>> TopicsOfAFreshImport()
    {
        var store = TestData.NewStore();
        new Importer(store, new ImportOptions()).Import(TestData.EvalData("granddebat", "answers.dev.json"));
        // two workers: passage IDs depend on which commits first, the topics must not
        await TestPipeline.Default.Runner(store, new PipelineOptions { Workers = 2, BatchSize = 7 }).RunUntilIdleAsync();
        using var c = store.Connect();
        using var command = c.Command("""
            SELECT c.external_ref || '#' || p.ord || ' ' || coalesce(coalesce(t.parent_label, t.label), '-')
            FROM passages p JOIN contributions c ON c.id = p.contribution_id
            LEFT JOIN topic_assignments ta ON ta.passage_id = p.id
            LEFT JOIN (SELECT t.id, t.label, pt.label AS parent_label FROM topics t LEFT JOIN topics pt ON pt.id = t.parent_id) t ON t.id = ta.topic_id
            ORDER BY c.external_ref, p.ord
            """);
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read()) rows.Add(reader.GetString(0));
        return rows;
    }

    [Fact]
    public async Task The_same_import_gives_the_same_themes_whatever_order_the_workers_commit_in()
    {
        var first = await TopicsOfAFreshImport();
        var second = await TopicsOfAFreshImport();
        Assert.True(first.Count > 1000);
        Assert.Equal(first, second);
    }
}
