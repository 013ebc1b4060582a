using Synthesis.Tests;
using Synthesis.Ingest.Review;
using Synthesis.Ingest.Import;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Ingest.Tests;

public class ReviewerModelsTests
{
    static async Task<Store.SynthesisStore> Ludotheque()
    {
        var store = TestData.NewStore();
        var lines = Enumerable.Range(0, 40).Select(i => i % 2 == 0
            ? $"{{\"id\":\"g{i}\",\"text\":\"La ludothèque numéro {i} accueille les familles le mercredi.\"}}"
            : $"{{\"id\":\"b{i}\",\"text\":\"La ludothèque numéro {i} reste fermée le mercredi.\"}}");
        new Importer(store, new ImportOptions()).Import(TestData.WriteFile("ludo.jsonl", string.Join('\n', lines)));
        await TestPipeline.Default.Runner(store, new PipelineOptions { Workers = 1 }).RunUntilIdleAsync();
        return store;
    }

    static void Label(System.Data.Common.DbConnection c, int count, string column, string good, string bad)
    {
        c.Execute("DELETE FROM passage_overrides");
        c.Execute($"""
            INSERT INTO passage_overrides(passage_id, {column})
            SELECT p.id, CASE WHEN p.text LIKE '%fermée%' THEN '{bad}' ELSE '{good}' END FROM passages p ORDER BY p.id LIMIT {count}
            """);
    }

    [Fact]
    public async Task Without_a_shipped_model_reviewers_corrections_train_one_once_there_are_enough()
    {
        var store = await Ludotheque();
        var lexicon = TestPipeline.Models.Lexicon();
        var reviewers = new ReviewerModels();
        using var c = store.Connect();
        Label(c, ReviewerModels.MinExamples - 1, "sentiment", "positive", "negative");
        Assert.Null(reviewers.Tone(c, lexicon, shipped: null));
        Label(c, ReviewerModels.MinExamples, "sentiment", "positive", "negative");
        var model = reviewers.Tone(c, lexicon, shipped: null);
        Assert.NotNull(model);
        Assert.Same(model, reviewers.Tone(c, lexicon, shipped: null)); // unchanged labels: not retrained
        Assert.Equal(Synthesis.Sentiment.Negative, model!.Score("La ludothèque reste fermée").Label);
        c.Execute("UPDATE passage_overrides SET sentiment = 'neutral' WHERE passage_id = (SELECT min(passage_id) FROM passage_overrides)");
        Assert.NotSame(model, reviewers.Tone(c, lexicon, shipped: null));
    }

    [Fact]
    public async Task With_the_shipped_models_every_correction_retrains_them_on_their_civic_examples_and_the_corrections()
    {
        var shippedTone = TestPipeline.Models.ToneModel();
        var shippedQuestions = TestPipeline.Models.QuestionModel();
        Assert.NotNull(shippedTone);
        Assert.NotNull(shippedQuestions);
        var store = await Ludotheque();
        var reviewers = new ReviewerModels();
        using var c = store.Connect();
        Assert.Null(reviewers.Tone(c, TestPipeline.Models.Lexicon(), shippedTone)); // no correction: the shipped model as it is
        Assert.Null(reviewers.Questions(c, shippedQuestions));

        // the shipped models read a closed ludothèque as neutral and not as a problem; this consultation's reviewers say
        // otherwise: 20 tone corrections, 10 of question type (each model is trained once: the analyzer below reuses them)
        const string closed = "La ludothèque du centre reste fermée le mercredi.";
        Assert.NotEqual(Synthesis.Sentiment.Negative, shippedTone!.Score(closed).Label);
        Assert.NotEqual(QuestionType.Problem, shippedQuestions!.Score(closed).Top);
        Label(c, 20, "sentiment", "neutral", "negative");
        c.Execute("""
            UPDATE passage_overrides SET question = CASE WHEN (SELECT text FROM passages WHERE id = passage_id) LIKE '%fermée%' THEN 'problem' ELSE 'other' END
            WHERE passage_id IN (SELECT passage_id FROM passage_overrides ORDER BY passage_id LIMIT 10)
            """);
        var tone = reviewers.Tone(c, TestPipeline.Models.Lexicon(), shippedTone)!;
        Assert.Equal(shippedTone.Examples.Count + 20 * ReviewerModels.ReviewerWeight, tone.Examples.Count);
        Assert.Equal(Synthesis.Sentiment.Negative, tone.Score(closed).Label);
        var questions = reviewers.Questions(c, shippedQuestions)!;
        Assert.Equal(shippedQuestions.Examples.Count + 10 * ReviewerModels.ReviewerWeight, questions.Examples.Count);
        Assert.Equal(QuestionType.Problem, questions.Score(closed).Top);

        // the analyse stage uses both: a re-analysis gives the reviewers' reading to passages they did not correct
        var analyzer = reviewers.For(c, TestPipeline.Models.Analyzer(), shippedTone, shippedQuestions);
        Assert.Same(tone, reviewers.Tone(c, TestPipeline.Models.Lexicon(), shippedTone)); // the corrections unchanged: not retrained
        Assert.Same(questions, reviewers.Questions(c, shippedQuestions));
        var result = analyzer.Analyse("La ludothèque numéro 99 reste fermée le mercredi.");
        Assert.Equal(Synthesis.Sentiment.Negative, result.Sentiment.Label);
        Assert.Equal(QuestionType.Problem, result.Question);
        Assert.NotNull(result.ToneConfidence);
        Assert.NotNull(result.QuestionConfidence);
    }
}
