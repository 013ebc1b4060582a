namespace Synthesis.Nlp.Tests;

public class DecisionBiasTests
{
    // three labels: 0 common (the reference), 1 and 2 rare; the rare ones' true examples get 0.35-0.45, below the common label
    static (List<float[]> Probabilities, List<int> Gold) UnderCalled()
    {
        var probabilities = new List<float[]>();
        var gold = new List<int>();
        for (var i = 0; i < 200; i++)
        {
            var g = i % 10 == 0 ? 1 : i % 10 == 1 ? 2 : 0;
            var lift = 0.35f + (i % 7) * 0.015f;
            probabilities.Add(g switch
            {
                1 => [1 - lift - 0.05f, lift, 0.05f],
                2 => [1 - lift - 0.05f, 0.05f, lift],
                _ => [0.8f, 0.1f + (i % 3) * 0.02f, 0.1f - (i % 3) * 0.02f],
            });
            gold.Add(g);
        }
        return (probabilities, gold);
    }

    [Fact]
    public void Offsets_lift_the_macro_f1_of_under_called_rare_labels_and_the_reference_keeps_zero()
    {
        var (probabilities, gold) = UnderCalled();
        var logs = probabilities.Select(p => p.Select(v => Math.Log(v)).ToArray()).ToList();
        var before = DecisionBias.MacroF1(logs, gold, [0, 0, 0], 3);
        var offsets = DecisionBias.Fit(probabilities, gold, labels: 3, reference: 0);
        var after = DecisionBias.MacroF1(logs, gold, offsets, 3);
        Assert.Equal(0, offsets[0]);
        Assert.True(offsets[1] > 0 && offsets[2] > 0, string.Join(", ", offsets));
        Assert.True(before < 0.5, $"before {before}");   // the rare labels are never given
        Assert.Equal(1.0, after, 3);                      // every one of them is, and no common example is taken for one
        Assert.Equal(offsets, DecisionBias.Fit(probabilities, gold, labels: 3, reference: 0)); // the same rows, the same offsets
    }

    [Fact]
    public void Apply_renormalises_and_leaves_probabilities_alone_without_offsets()
    {
        float[] p = [0.6f, 0.3f, 0.1f];
        Assert.Same(p, DecisionBias.Apply(p, null));
        var shifted = DecisionBias.Apply(p, [0, Math.Log(3), 0]);
        Assert.Equal(1.0, shifted.Sum(), 5);
        Assert.Equal(0.9 / 1.6, shifted[1], 5);
        Assert.True(shifted[1] > shifted[0]);
    }

    [Fact]
    public void Tune_refuses_folds_whose_models_know_different_labels()
    {
        var folds = new List<(string[], float[])> { (["a", "b"], [0.5f, 0.5f]), (["a", "b", "c"], [0.3f, 0.3f, 0.4f]) };
        var error = Assert.Throws<ArgumentException>(() => DecisionBias.Tune(folds, ["a", "b"], "a"));
        Assert.Contains("every fold's model must know every label", error.Message);
    }

    [Fact]
    public void Every_example_is_predicted_by_a_model_trained_without_it()
    {
        var examples = Enumerable.Range(0, 23).ToList();
        var trainedOn = new int[examples.Count];
        var predictions = CrossValidation.OutOfFold<int, string>(examples, 5, part =>
        {
            var seen = part.ToHashSet();
            foreach (var e in part) Interlocked.Increment(ref trainedOn[e]);
            return e => seen.Contains(e) ? "seen" : $"unseen by a model of {part.Count}";
        });
        Assert.All(predictions, p => Assert.StartsWith("unseen", p));
        Assert.All(trainedOn, n => Assert.Equal(4, n)); // each example trains the four models of the other folds
        Assert.Throws<ArgumentOutOfRangeException>(() => CrossValidation.OutOfFold<int, int>(examples, 1, _ => e => e));
    }
}
