namespace Synthesis.Eval;

/// <summary>Top-1, MRR@10 and recall@10 of one run over queries with a known target.</summary>
public sealed record RetrievalFigures(double Top1, double Mrr10, double Recall10, int Queries);

/// <summary>
/// One metric of a run against a baseline over the same queries: the mean of the per-query differences, its 95 %
/// paired-bootstrap interval (percentile method), and a two-sided p-value (exact sign test for top-1 and recall@10,
/// whose per-query outcome is 0 or 1; a paired sign-flip randomisation test for MRR@10).
/// </summary>
public sealed record MetricDifference(double Delta, double Low95, double High95, double P);

/// <summary>
/// A run against a baseline. Won and Lost count the queries whose target is first in one run and not in the other.
/// </summary>
public sealed record RetrievalComparison(
    RetrievalFigures Run, RetrievalFigures Baseline, MetricDifference Top1, MetricDifference Mrr10, MetricDifference Recall10,
    int Won, int Lost, int Resamples);

/// <summary>
/// Retrieval figures from the 0-based rank of each query's target in the top 10 (-1 when it is not there), and the
/// comparison of two runs with its uncertainty: with a few hundred queries one query is worth 0.5 % of top-1, so a
/// difference means little without its interval. Deterministic: the same ranks and seed give the same figures.
/// </summary>
public static class RetrievalMetrics
{
    public const int Depth = 10;

    public static RetrievalFigures Score(IReadOnlyList<int> ranks)
    {
        if (ranks.Count == 0) return new RetrievalFigures(0, 0, 0, 0);
        double top1 = 0, mrr = 0, recall = 0;
        foreach (var r in ranks)
        {
            top1 += Top1(r);
            mrr += Reciprocal(r);
            recall += Recall(r);
        }
        return new RetrievalFigures(top1 / ranks.Count, mrr / ranks.Count, recall / ranks.Count, ranks.Count);
    }

    /// <summary>
    /// <paramref name="run"/> against <paramref name="baseline"/>, query by query (the two lists are in the same query
    /// order). <paramref name="resamples"/> draws for the bootstrap interval and for the randomisation test.
    /// </summary>
    public static RetrievalComparison Compare(IReadOnlyList<int> run, IReadOnlyList<int> baseline, int resamples = 10_000, int seed = 20_190_115)
    {
        if (run.Count != baseline.Count) throw new ArgumentException($"the runs rank {run.Count} and {baseline.Count} queries; compare runs over the same queries");
        if (resamples < 1) throw new ArgumentOutOfRangeException(nameof(resamples), resamples, "at least one resample");
        var n = run.Count;
        var top1 = Differences(run, baseline, Top1);
        var mrr = Differences(run, baseline, Reciprocal);
        var recall = Differences(run, baseline, Recall);
        var won = top1.Count(d => d > 0);
        var lost = top1.Count(d => d < 0);
        var random = new Random(seed);
        return new RetrievalComparison(Score(run), Score(baseline),
            Difference(top1, SignTest(won, lost), resamples, random),
            Difference(mrr, SignFlip(mrr, resamples, random), resamples, random),
            Difference(recall, SignTest(recall.Count(d => d > 0), recall.Count(d => d < 0)), resamples, random),
            won, lost, resamples);
    }

    static double Top1(int rank) => rank == 0 ? 1 : 0;
    static double Reciprocal(int rank) => rank is >= 0 and < Depth ? 1.0 / (rank + 1) : 0;
    static double Recall(int rank) => rank is >= 0 and < Depth ? 1 : 0;

    static double[] Differences(IReadOnlyList<int> run, IReadOnlyList<int> baseline, Func<int, double> metric)
    {
        var d = new double[run.Count];
        for (var i = 0; i < d.Length; i++) d[i] = metric(run[i]) - metric(baseline[i]);
        return d;
    }

    static MetricDifference Difference(double[] d, double p, int resamples, Random random)
    {
        if (d.Length == 0) return new MetricDifference(0, 0, 0, 1);
        var means = new double[resamples];
        for (var b = 0; b < resamples; b++)
        {
            double sum = 0;
            for (var i = 0; i < d.Length; i++) sum += d[random.Next(d.Length)];
            means[b] = sum / d.Length;
        }
        Array.Sort(means);
        return new MetricDifference(d.Average(), Percentile(means, 0.025), Percentile(means, 0.975), p);
    }

    static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(sorted.Length - 1, below + 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    /// <summary>Two-sided exact sign test (McNemar's exact test on the discordant queries).</summary>
    public static double SignTest(int won, int lost)
    {
        var m = won + lost;
        if (m == 0) return 1;
        var k = Math.Min(won, lost);
        // P(X <= k) for X ~ Binomial(m, 1/2), summed in log space so that large m does not overflow
        var logHalf = m * Math.Log(0.5);
        double tail = 0, logChoose = 0;
        for (var i = 0; i <= k; i++)
        {
            if (i > 0) logChoose += Math.Log(m - i + 1) - Math.Log(i);
            tail += Math.Exp(logChoose + logHalf);
        }
        return Math.Min(1, 2 * tail);
    }

    /// <summary>
    /// Paired randomisation test: the share of random sign flips of the per-query differences whose mean is at least as
    /// far from zero as the observed one (with the observed arrangement counted, so never 0).
    /// </summary>
    static double SignFlip(double[] d, int resamples, Random random)
    {
        if (d.Length == 0) return 1;
        var observed = Math.Abs(d.Sum());
        if (observed < 1e-12) return 1;
        var atLeast = 1;
        for (var b = 0; b < resamples; b++)
        {
            double sum = 0;
            for (var i = 0; i < d.Length; i++) sum += random.Next(2) == 0 ? d[i] : -d[i];
            if (Math.Abs(sum) >= observed - 1e-12) atLeast++;
        }
        return atLeast / (double)(resamples + 1);
    }
}
