namespace Synthesis.Eval;

/// <summary>
/// How far two readings of the same items agree, one reading taken as the reference (staff) and the other checked
/// against it (the machine): accuracy, macro-F1 over the reference's labels and Cohen's kappa, each with a 95% interval
/// from a percentile bootstrap over the items (deterministic for a seed), and the confusion table.
/// </summary>
public static class Agreement
{
    public sealed record Interval(double Value, double Low, double High);

    public sealed record Report(
        int Items, Interval Accuracy, Interval MacroF1, Interval Kappa,
        IReadOnlyList<string> Labels, IReadOnlyDictionary<(string Reference, string Checked), int> Confusion);

    /// <summary>Cohen's kappa: (observed agreement - chance agreement) / (1 - chance agreement); 1 when both are certain of one label.</summary>
    public static double Kappa(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count != b.Count) throw new ArgumentException("the two readings differ in length");
        if (a.Count == 0) return 0;
        var n = (double)a.Count;
        var observed = a.Zip(b).Count(x => x.First == x.Second) / n;
        var ca = a.GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count() / n);
        var cb = b.GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count() / n);
        var chance = ca.Sum(kv => kv.Value * cb.GetValueOrDefault(kv.Key));
        return chance >= 1 ? (observed >= 1 ? 1 : 0) : (observed - chance) / (1 - chance);
    }

    public static Report Compute(IReadOnlyList<string> reference, IReadOnlyList<string> checkedReading, int resamples = 1000, int seed = 1)
    {
        if (reference.Count != checkedReading.Count) throw new ArgumentException("the two readings differ in length");
        var n = reference.Count;
        double Accuracy(IReadOnlyList<string> r, IReadOnlyList<string> c) => r.Count == 0 ? 0 : r.Zip(c).Count(x => x.First == x.Second) / (double)r.Count;
        double MacroF1(IReadOnlyList<string> r, IReadOnlyList<string> c) => ClassificationMetrics.Compute(r, c).MacroF1;
        var stats = new Func<IReadOnlyList<string>, IReadOnlyList<string>, double>[] { Accuracy, MacroF1, Kappa };
        var values = stats.Select(f => f(reference, checkedReading)).ToArray();
        var samples = stats.Select(_ => new List<double>(resamples)).ToArray();
        if (n > 0)
        {
            var random = new Random(seed);
            var r = new string[n];
            var c = new string[n];
            for (var s = 0; s < resamples; s++)
            {
                for (var i = 0; i < n; i++)
                {
                    var k = random.Next(n);
                    r[i] = reference[k];
                    c[i] = checkedReading[k];
                }
                for (var f = 0; f < stats.Length; f++) samples[f].Add(stats[f](r, c));
            }
        }
        Interval Of(int f)
        {
            if (samples[f].Count == 0) return new(values[f], values[f], values[f]);
            samples[f].Sort();
            return new(values[f], Percentile(samples[f], 0.025), Percentile(samples[f], 0.975));
        }
        var labels = reference.Concat(checkedReading).Distinct().Order(StringComparer.Ordinal).ToList();
        var confusion = reference.Zip(checkedReading).GroupBy(x => x).ToDictionary(g => (g.Key.First, g.Key.Second), g => g.Count());
        return new Report(n, Of(0), Of(1), Of(2), labels, confusion);
    }

    static double Percentile(List<double> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Count - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
    }
}
