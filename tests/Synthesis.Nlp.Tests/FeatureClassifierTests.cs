namespace Synthesis.Nlp.Tests;

public class FeatureClassifierTests
{
    static List<(float[] Features, string Label)> Examples(int seed)
    {
        var rng = new Random(seed);
        var list = new List<(float[], string)>();
        for (var i = 0; i < 60; i++)
        {
            var label = (i % 3) switch { 0 => "a", 1 => "b", _ => "c" };
            var centre = label switch { "a" => (2f, 0f), "b" => (0f, 2f), _ => (-2f, -2f) };
            list.Add(([centre.Item1 + (float)(rng.NextDouble() - 0.5), centre.Item2 + (float)(rng.NextDouble() - 0.5), (float)rng.NextDouble()], label));
        }
        return list;
    }

    [Fact]
    public void Learns_separable_classes_and_gives_a_probability_per_label()
    {
        var classifier = FeatureClassifier.Train(Examples(1));
        Assert.Equal(["a", "b", "c"], classifier.Labels);
        var test = Examples(2);
        var correct = test.Count(e => classifier.Predict(e.Features).Label == e.Label);
        Assert.True(correct >= test.Count - 2, $"{correct} of {test.Count}");
        var (_, scores) = classifier.Predict([2f, 0f, 0.5f]);
        Assert.Equal("a", scores.MaxBy(kv => kv.Value).Key);
        Assert.InRange(scores.Values.Sum(), 0.99, 1.01);
    }

    [Fact]
    public void Same_examples_same_seed_same_scores_and_wrong_lengths_are_refused()
    {
        var first = FeatureClassifier.Train(Examples(1)).Predict([0.3f, 0.4f, 0.5f]).Scores;
        var second = FeatureClassifier.Train(Examples(1)).Predict([0.3f, 0.4f, 0.5f]).Scores;
        Assert.Equal(first, second);
        var classifier = FeatureClassifier.Train(Examples(1));
        Assert.Throws<ArgumentException>(() => classifier.Predict([1f, 2f]));
        Assert.Throws<ArgumentException>(() => FeatureClassifier.Train([([1f], "a"), ([2f], "a")]));
    }
}
