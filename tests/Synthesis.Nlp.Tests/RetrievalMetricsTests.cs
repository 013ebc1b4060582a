using Synthesis.Eval;
using Synthesis.Nlp;

namespace Synthesis.Nlp.Tests;

public class RetrievalMetricsTests
{
    [Fact]
    public void Figures_come_from_the_targets_ranks()
    {
        // ranks 0, 1, 4, absent
        var f = RetrievalMetrics.Score([0, 1, 4, -1]);
        Assert.Equal(0.25, f.Top1, 12);
        Assert.Equal((1 + 0.5 + 0.2) / 4, f.Mrr10, 12);
        Assert.Equal(0.75, f.Recall10, 12);
        Assert.Equal(4, f.Queries);
        // a rank beyond the depth counts as absent
        Assert.Equal(0, RetrievalMetrics.Score([10]).Recall10);
    }

    [Fact]
    public void A_run_compared_with_itself_differs_by_nothing()
    {
        int[] ranks = [0, 3, -1, 1, 0, 7];
        var c = RetrievalMetrics.Compare(ranks, ranks, resamples: 500);
        foreach (var m in new[] { c.Top1, c.Mrr10, c.Recall10 })
        {
            Assert.Equal(0, m.Delta);
            Assert.Equal(0, m.Low95);
            Assert.Equal(0, m.High95);
            Assert.Equal(1, m.P);
        }
        Assert.Equal((0, 0), (c.Won, c.Lost));
    }

    [Fact]
    public void A_run_better_on_every_query_has_an_interval_above_zero()
    {
        var run = Enumerable.Repeat(0, 40).ToArray();
        var baseline = Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? 1 : -1).ToArray();
        var c = RetrievalMetrics.Compare(run, baseline, resamples: 2000);
        Assert.Equal(1.0, c.Top1.Delta, 12);
        Assert.Equal((40, 0), (c.Won, c.Lost));
        Assert.True(c.Top1.Low95 > 0.99, $"{c.Top1.Low95}");
        Assert.True(c.Mrr10.Low95 > 0, $"{c.Mrr10.Low95}");
        Assert.Equal(0.75, c.Mrr10.Delta, 12); // half the baseline's targets second (0.5), half absent (0)
        Assert.True(c.Top1.P < 1e-10, $"{c.Top1.P}");
        Assert.True(c.Mrr10.P < 0.001, $"{c.Mrr10.P}");
    }

    [Fact]
    public void A_difference_of_one_query_in_two_hundred_is_not_significant()
    {
        // the baseline finds 107 of 200 targets first, the run the same 107 and one more
        var baseline = Enumerable.Range(0, 200).Select(i => i < 107 ? 0 : 2).ToArray();
        var run = baseline.Select((r, i) => i == 150 ? 0 : r).ToArray();
        var c = RetrievalMetrics.Compare(run, baseline);
        Assert.Equal(0.005, c.Top1.Delta, 12);
        Assert.Equal((1, 0), (c.Won, c.Lost));
        Assert.True(c.Top1.Low95 <= 0 && c.Top1.High95 >= c.Top1.Delta, $"[{c.Top1.Low95}, {c.Top1.High95}]");
        Assert.Equal(1, c.Top1.P); // one discordant query: the sign test cannot tell
    }

    [Fact]
    public void The_interval_holds_the_delta_and_the_seed_fixes_it()
    {
        var rng = new Random(7);
        var run = Enumerable.Range(0, 300).Select(_ => rng.Next(-1, 12)).ToArray();
        var baseline = Enumerable.Range(0, 300).Select(_ => rng.Next(-1, 12)).ToArray();
        var a = RetrievalMetrics.Compare(run, baseline, seed: 1);
        var b = RetrievalMetrics.Compare(run, baseline, seed: 1);
        Assert.Equal(a, b);
        foreach (var m in new[] { a.Top1, a.Mrr10, a.Recall10 })
        {
            Assert.InRange(m.Delta, m.Low95, m.High95);
            Assert.InRange(m.P, 0, 1);
        }
        Assert.Equal(a.Run.Top1 - a.Baseline.Top1, a.Top1.Delta, 12);
        Assert.Equal(a.Run.Mrr10 - a.Baseline.Mrr10, a.Mrr10.Delta, 12);
    }

    [Theory]
    [InlineData(8, 0, 0.0078125)]    // 2 x (1/2)^8
    [InlineData(5, 5, 1.0)]
    [InlineData(12, 7, 0.359283)]    // 2 x P(X <= 7), X ~ Binomial(19, 1/2)
    [InlineData(600, 500, 0.002820)] // large counts stay finite
    public void The_sign_test_is_exact(int won, int lost, double p) =>
        Assert.Equal(p, RetrievalMetrics.SignTest(won, lost), 4);

    [Fact]
    public void Runs_over_different_queries_are_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => RetrievalMetrics.Compare([0, 1], [0]));
        Assert.Contains("same queries", e.Message);
    }
}
