using Synthesis.Eval;

namespace Synthesis.Nlp.Topics;

public sealed partial class TopicModeler
{
    /// <summary>Contributions for which the automatic number of themes starts at <see cref="MinThemes"/>; fewer lower it.</summary>
    public int ContributionsPerMinTheme { get; init; } = 250;

    /// <summary>Lower bound of the automatic number of themes (a report has chapters; a consultation of 2,000 contributions has at least this many).</summary>
    public int MinThemes { get; init; } = 8;

    /// <summary>Rows of the sample the stability of each candidate number of themes is measured on.</summary>
    public int StabilitySample { get; init; } = 2000;

    /// <summary>Pairs of half-samples per candidate.</summary>
    public int StabilityRounds { get; init; } = 3;

    /// <summary>A number of themes whose stability is at least this share of the best counts as stable (see <see cref="ChooseThemeCount"/>).</summary>
    public double StabilityShare { get; init; } = 0.8;

    /// <summary>The range of the automatic number of themes for <paramref name="passages"/> passages from <paramref name="contributions"/> contributions.</summary>
    public (int Lo, int Hi) ThemeRange(int passages, int contributions)
    {
        var lo = Math.Clamp(contributions / Math.Max(1, ContributionsPerMinTheme), 2, MinThemes);
        var hi = Math.Min(MaxThemes, Math.Max(lo, (int)Math.Round(Math.Sqrt(contributions))));
        return (lo, Math.Max(lo, Math.Min(hi, passages - 1)));
    }

    /// <summary>
    /// The number of themes: for each candidate K in <see cref="ThemeRange"/> (at most 8 of them, evenly spread),
    /// the contributions of a sample are split in two halves at random, each half is clustered on its own, and both
    /// clusterings label the whole sample; their agreement (adjusted Rand index, averaged over
    /// <see cref="StabilityRounds"/> splits) is K's stability: themes that are really in the data come back whichever
    /// contributions are drawn, arbitrary cuts do not. Stability falls as K grows, so K grows, candidate by
    /// candidate from the most stable one, as long as each keeps <see cref="StabilityShare"/> of the best stability: as many
    /// themes as stay reproducible, and a lucky candidate beyond a drop cannot be chosen.
    /// Halves are drawn by contribution, so the passages of one long answer cannot hold a theme together.
    /// </summary>
    (int K, IReadOnlyList<(int K, double Stability)> Scores) ChooseThemeCount(Run run, int[] rows)
    {
        var contributions = rows.Select(r => run.Input[r].ContributionId).Distinct().Count();
        var (lo, hi) = ThemeRange(rows.Length, contributions);
        if (hi <= lo || rows.Length < 4 * lo) return (Math.Max(1, Math.Min(lo, rows.Length)), []);
        var rng = new DetRandom(run.NextSeed());
        var sample = rng.Sample(rows, Math.Min(rows.Length, StabilitySample));
        var candidates = new SortedSet<int>();
        var steps = Math.Min(8, hi - lo + 1);
        for (var s = 0; s < steps; s++) candidates.Add(lo + (int)Math.Round((double)s * (hi - lo) / Math.Max(1, steps - 1)));
        var rounds = Enumerable.Range(0, StabilityRounds).Select(_ => rng.NextULong()).ToArray();
        var ks = candidates.ToArray();
        var scores = new double[ks.Length];
        Parallel.For(0, ks.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, c =>
        {
            var k = ks[c];
            double sum = 0;
            var labelsA = new int[sample.Length];
            var labelsB = new int[sample.Length];
            var sims = new float[sample.Length];
            foreach (var salt in rounds)
            {
                var half = sample.Where(r => (DetRandom.Mix(salt, (ulong)run.Input[r].ContributionId) & 1) == 0).ToArray();
                var other = sample.Where(r => (DetRandom.Mix(salt, (ulong)run.Input[r].ContributionId) & 1) == 1).ToArray();
                if (half.Length < k || other.Length < k) continue;
                var km = new SphericalKMeans { Restarts = 1, SpectralInit = false, MaxIterations = 30 };
                var a = km.Fit(run.Vectors, half, k, DetRandom.Mix(salt, (ulong)k)).Centroids;
                var b = km.Fit(run.Vectors, other, k, DetRandom.Mix(salt, (ulong)k + 1000)).Centroids;
                SphericalKMeans.Assign(run.Vectors, sample, a, labelsA, sims);
                SphericalKMeans.Assign(run.Vectors, sample, b, labelsB, sims);
                sum += ClusterMetrics.AdjustedRandIndex(labelsA, labelsB);
            }
            scores[c] = sum / rounds.Length;
        });
        var best = scores.Max();
        var from = Array.IndexOf(scores, best);
        var chosen = ks[from];
        for (var i = from + 1; i < ks.Length && scores[i] >= StabilityShare * best - 1e-12; i++) chosen = ks[i];
        return (chosen, ks.Select((k, i) => (k, scores[i])).ToList());
    }
}
