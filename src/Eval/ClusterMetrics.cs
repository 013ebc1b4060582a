namespace Synthesis.Eval;

/// <summary>
/// Agreement between a clustering and reference labels: normalised mutual information (arithmetic-mean
/// normalisation, as scikit-learn's default) and the adjusted Rand index. Labels of any type; items are paired by
/// position. Used by the tests and by <c>synthesis eval clusters</c>.
/// </summary>
public static class ClusterMetrics
{
    static (int[,] Table, int[] RowSums, int[] ColSums, int N) Contingency<TA, TB>(IReadOnlyList<TA> truth, IReadOnlyList<TB> predicted)
        where TA : notnull where TB : notnull
    {
        if (truth.Count != predicted.Count) throw new ArgumentException("truth and predicted must have the same length");
        var a = Index(truth);
        var b = Index(predicted);
        var ra = a.Values.Max() + 1;
        var rb = b.Values.Max() + 1;
        var table = new int[ra, rb];
        var rows = new int[ra];
        var cols = new int[rb];
        for (var i = 0; i < truth.Count; i++)
        {
            var x = a[truth[i]];
            var y = b[predicted[i]];
            table[x, y]++;
            rows[x]++;
            cols[y]++;
        }
        return (table, rows, cols, truth.Count);
    }

    static Dictionary<T, int> Index<T>(IReadOnlyList<T> labels) where T : notnull
    {
        var d = new Dictionary<T, int>();
        foreach (var l in labels) if (!d.ContainsKey(l)) d[l] = d.Count;
        if (d.Count == 0) d[default!] = 0;
        return d;
    }

    static double Entropy(int[] counts, int n)
    {
        double h = 0;
        foreach (var c in counts)
            if (c > 0) { var p = (double)c / n; h -= p * Math.Log(p); }
        return h;
    }

    /// <summary>Normalised mutual information, MI / mean(H(truth), H(predicted)), in [0, 1].</summary>
    public static double NormalizedMutualInformation<TA, TB>(IReadOnlyList<TA> truth, IReadOnlyList<TB> predicted)
        where TA : notnull where TB : notnull
    {
        if (truth.Count == 0) return 0;
        var (table, rows, cols, n) = Contingency(truth, predicted);
        double mi = 0;
        for (var i = 0; i < rows.Length; i++)
            for (var j = 0; j < cols.Length; j++)
            {
                var nij = table[i, j];
                if (nij == 0) continue;
                mi += (double)nij / n * Math.Log((double)nij * n / ((double)rows[i] * cols[j]));
            }
        var ha = Entropy(rows, n);
        var hb = Entropy(cols, n);
        if (ha == 0 && hb == 0) return 1; // both a single cluster: identical partitions
        var denom = (ha + hb) / 2;
        return denom <= 0 ? 0 : Math.Clamp(mi / denom, 0, 1);
    }

    static double Comb2(double x) => x * (x - 1) / 2;

    /// <summary>Adjusted Rand index: 1 for identical partitions, about 0 for random ones (can be negative).</summary>
    public static double AdjustedRandIndex<TA, TB>(IReadOnlyList<TA> truth, IReadOnlyList<TB> predicted)
        where TA : notnull where TB : notnull
    {
        if (truth.Count < 2) return 1;
        var (table, rows, cols, n) = Contingency(truth, predicted);
        double sumCells = 0, sumRows = 0, sumCols = 0;
        foreach (var v in table) sumCells += Comb2(v);
        foreach (var r in rows) sumRows += Comb2(r);
        foreach (var c in cols) sumCols += Comb2(c);
        var expected = sumRows * sumCols / Comb2(n);
        var max = (sumRows + sumCols) / 2;
        if (max == expected) return 1;
        return (sumCells - expected) / (max - expected);
    }
}
