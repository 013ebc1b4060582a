using Synthesis.Tests;
using Synthesis.Ingest.Review;
using Synthesis.Ingest.Import;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Ingest.Tests;

public class ReviewerSentimentTests
{
    [Fact]
    public async Task Reviewers_corrections_train_the_sentiment_model_once_there_are_enough()
    {
        var store = TestData.NewStore();
        var lines = Enumerable.Range(0, 40).Select(i => i % 2 == 0
            ? $"{{\"id\":\"g{i}\",\"text\":\"La ludothèque numéro {i} accueille les familles le mercredi.\"}}"
            : $"{{\"id\":\"b{i}\",\"text\":\"La ludothèque numéro {i} reste fermée le mercredi.\"}}");
        new Importer(store, new ImportOptions()).Import(TestData.WriteFile("ludo.jsonl", string.Join('\n', lines)));
        await TestPipeline.Default.Runner(store, new PipelineOptions { Workers = 1 }).RunUntilIdleAsync();
        var lexicon = TestPipeline.Models.Analyzer().Lexicon;
        var reviewers = new ReviewerSentiment();
        using var c = store.Connect();
        void Label(int count)
        {
            c.Execute("DELETE FROM passage_overrides");
            c.Execute($"""
                INSERT INTO passage_overrides(passage_id, sentiment)
                SELECT p.id, CASE WHEN p.text LIKE '%fermée%' THEN 'negative' ELSE 'positive' END FROM passages p ORDER BY p.id LIMIT {count}
                """);
        }
        Label(ReviewerSentiment.MinExamples - 1);
        Assert.Null(reviewers.For(c, lexicon));
        Label(ReviewerSentiment.MinExamples);
        var model = reviewers.For(c, lexicon);
        Assert.NotNull(model);
        Assert.Same(model, reviewers.For(c, lexicon)); // unchanged labels: not retrained
        Assert.Equal(Synthesis.Sentiment.Negative, model!.Score("La ludothèque reste fermée").Label);
        c.Execute("UPDATE passage_overrides SET sentiment = 'neutral' WHERE passage_id = (SELECT min(passage_id) FROM passage_overrides)");
        Assert.NotSame(model, reviewers.For(c, lexicon));
    }
}
