namespace Synthesis.Nlp;

/// <summary>
/// Fitted decision offsets, the out-of-fold macro-F1 without and with them, and the out-of-fold probabilities they
/// were fitted on (one row per example, labels in <see cref="Labels"/>' order, before the offsets).
/// </summary>
public sealed record BiasReport(IReadOnlyList<string> Labels, IReadOnlyList<double> Offsets, double MacroF1Before, double MacroF1After, int Examples)
{
    public IReadOnlyList<float[]> OutOfFold { get; init; } = [];

    /// <summary>The label each example gets out of fold with the offsets, and its probability (the confidence shown).</summary>
    public IEnumerable<(string Label, double Confidence)> Decisions() => OutOfFold.Select(p =>
    {
        var adjusted = DecisionBias.Apply(p, Offsets);
        var best = 0;
        for (var k = 1; k < adjusted.Length; k++) if (adjusted[k] > adjusted[best]) best = k;
        return (Labels[best], (double)adjusted[best]);
    });
}

/// <summary>
/// Offsets added to a classifier's log-probabilities before its label is taken, one per label, fitted on
/// out-of-fold predictions (<see cref="CrossValidation"/>) so that every label counts the same (macro-F1): a rare
/// label such as positive tone is otherwise given only when the model is very sure, so it is missed more often
/// than the common one is taken for it. The probabilities shown as confidence are the adjusted ones.
/// </summary>
public static class DecisionBias
{
    /// <summary>The probabilities times exp(offset) per label, renormalised (unchanged without offsets).</summary>
    public static float[] Apply(float[] probabilities, IReadOnlyList<double>? offsets)
    {
        if (offsets is null || offsets.Count == 0) return probabilities;
        var result = new float[probabilities.Length];
        double sum = 0;
        for (var k = 0; k < probabilities.Length; k++)
            sum += result[k] = (float)(probabilities[k] * Math.Exp(k < offsets.Count ? offsets[k] : 0));
        if (sum <= 0) return probabilities;
        for (var k = 0; k < result.Length; k++) result[k] = (float)(result[k] / sum);
        return result;
    }

    /// <summary>
    /// Fits the offsets on out-of-fold predictions (the labels each fold's model gives its probabilities for, and the
    /// probabilities) against the gold label names; <paramref name="reference"/> keeps offset 0.
    /// </summary>
    public static BiasReport Tune(IReadOnlyList<(string[] Labels, float[] Probabilities)> outOfFold, IReadOnlyList<string> gold, string reference)
    {
        ArgumentNullException.ThrowIfNull(outOfFold);
        if (outOfFold.Count == 0 || outOfFold.Count != gold.Count) throw new ArgumentException("one gold label per out-of-fold prediction", nameof(gold));
        var labels = outOfFold[0].Labels;
        if (outOfFold.Any(o => !o.Labels.SequenceEqual(labels)))
            throw new ArgumentException("every fold's model must know every label: a label has too few examples for this many folds", nameof(outOfFold));
        var index = gold.Select(g => Array.IndexOf(labels, g)).ToList();
        if (index.Contains(-1)) throw new ArgumentException("a gold label the models do not know", nameof(gold));
        var rows = outOfFold.Select(o => o.Probabilities).ToList();
        var offsets = Fit(rows, index, labels.Length, Array.IndexOf(labels, reference));
        var logs = rows.Select(p => p.Select(v => Math.Log(Math.Max(v, 1e-9))).ToArray()).ToList();
        return new BiasReport(labels, offsets, MacroF1(logs, index, new double[labels.Length], labels.Length), MacroF1(logs, index, offsets, labels.Length), rows.Count)
        {
            OutOfFold = rows,
        };
    }

    /// <summary>
    /// The offsets that give the highest macro-F1 over <paramref name="probabilities"/> (one row per example, labels
    /// in the model's order) against <paramref name="gold"/> (the index of each example's label), by coordinate ascent
    /// over a grid; the <paramref name="reference"/> label keeps offset 0. Ties go to the smaller offset, so the same
    /// rows give the same offsets.
    /// </summary>
    public static double[] Fit(IReadOnlyList<float[]> probabilities, IReadOnlyList<int> gold, int labels, int reference,
        double range = 2.5, double step = 0.25, int rounds = 3)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(gold);
        if (probabilities.Count != gold.Count) throw new ArgumentException("one gold label per row of probabilities", nameof(gold));
        var logs = probabilities.Select(p => p.Select(v => Math.Log(Math.Max(v, 1e-9))).ToArray()).ToArray();
        var offsets = new double[labels];
        var best = MacroF1(logs, gold, offsets, labels);
        var steps = (int)Math.Round(range / step);
        for (var round = 0; round < rounds; round++)
        {
            var moved = false;
            for (var k = 0; k < labels; k++)
            {
                if (k == reference) continue;
                var keep = offsets[k];
                var chosen = keep;
                for (var i = -steps; i <= steps; i++)
                {
                    offsets[k] = i * step;
                    var f = MacroF1(logs, gold, offsets, labels);
                    if (f > best + 1e-12 || (Math.Abs(f - best) <= 1e-12 && Math.Abs(offsets[k]) < Math.Abs(chosen)))
                    {
                        best = f;
                        chosen = offsets[k];
                    }
                }
                offsets[k] = chosen;
                moved |= chosen != keep;
            }
            if (!moved) break;
        }
        return offsets;
    }

    /// <summary>The label with the highest log-probability plus offset.</summary>
    public static int Decide(IReadOnlyList<double> logProbabilities, IReadOnlyList<double> offsets)
    {
        var best = 0;
        for (var k = 1; k < logProbabilities.Count; k++)
            if (logProbabilities[k] + offsets[k] > logProbabilities[best] + offsets[best]) best = k;
        return best;
    }

    /// <summary>Macro-F1 of the decisions with these offsets (labels absent from both gold and decisions count 0).</summary>
    public static double MacroF1(IReadOnlyList<double[]> logProbabilities, IReadOnlyList<int> gold, IReadOnlyList<double> offsets, int labels)
    {
        var tp = new int[labels];
        var fp = new int[labels];
        var fn = new int[labels];
        for (var i = 0; i < gold.Count; i++)
        {
            var d = Decide(logProbabilities[i], offsets);
            if (d == gold[i]) tp[d]++;
            else { fp[d]++; fn[gold[i]]++; }
        }
        double sum = 0;
        var present = 0;
        for (var k = 0; k < labels; k++)
        {
            if (tp[k] + fn[k] == 0) continue; // a label no example has: not part of the average
            present++;
            sum += 2.0 * tp[k] / (2.0 * tp[k] + fp[k] + fn[k]);
        }
        return present == 0 ? 0 : sum / present;
    }
}
