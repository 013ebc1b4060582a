using System.Text.Json;
using Synthesis.Nlp.Sentiment;
using Xunit.Abstractions;

namespace Synthesis.Nlp.Tests.Sentiment;

/// <summary>
/// Binary accuracy on the Allociné TV-series test reviews (eval only: read from ../shared/data, never copied into
/// the repository, never used to build anything shipped). Only aggregate figures are written, never a review.
/// </summary>
public class AllocineEvaluationTests(SentimentFixture fixture, ITestOutputHelper output) : IClassFixture<SentimentFixture>
{
    [SkippableFact]
    public void Allocine_test_accuracy_is_at_least_070()
    {
        var path = SentimentFixture.Shared("dev-sets", "allocine.test.jsonl");
        Skip.If(path is null, "../shared/data/dev-sets/allocine.test.jsonl is not present on this machine");

        var rows = File.ReadLines(path!)
            .Where(l => l.Length > 0)
            .Select(l =>
            {
                using var doc = JsonDocument.Parse(l);
                return (Text: doc.RootElement.GetProperty("text").GetString()!, Positive: doc.RootElement.GetProperty("label").GetString() == "positive");
            })
            .ToArray();
        Assert.True(rows.Length > 700);

        var sentiment = fixture.Sentiment;
        int correct = 0, neutral = 0, predictedPositive = 0;
        foreach (var (text, positive) in rows)
        {
            var r = sentiment.Score(text);
            if (r.Label == Synthesis.Sentiment.Neutral) neutral++;
            if (r.Score > 0) predictedPositive++;
            // binary evaluation: the sign of the score (an exact 0 counts as wrong)
            if (positive ? r.Score > 0 : r.Score < 0) correct++;
        }
        var accuracy = (double)correct / rows.Length;

        output.WriteLine($"allocine.test: n={rows.Length} accuracy={accuracy:F4} neutral(|score|<{sentiment.Options.NeutralThreshold})={neutral} predicted positive={predictedPositive}");
        Assert.True(accuracy >= 0.70, $"accuracy {accuracy:F4} < 0.70");
    }
}
