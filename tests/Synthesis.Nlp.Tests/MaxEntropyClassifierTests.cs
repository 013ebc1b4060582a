namespace Synthesis.Nlp.Tests;

/// <summary>The one maximum-entropy classifier: dense features alone, text joined with dense features, saved and loaded.</summary>
public class MaxEntropyClassifierTests
{
    static readonly MaxEntropyOptions Dense = new() { NormalizeDense = true, L2 = 1f, L1 = 1f };

    static List<MaxEntropyExample> Examples(int seed)
    {
        var rng = new Random(seed);
        var list = new List<MaxEntropyExample>();
        for (var i = 0; i < 60; i++)
        {
            var label = (i % 3) switch { 0 => "a", 1 => "b", _ => "c" };
            var centre = label switch { "a" => (2f, 0f), "b" => (0f, 2f), _ => (-2f, -2f) };
            list.Add(new("", [centre.Item1 + (float)(rng.NextDouble() - 0.5), centre.Item2 + (float)(rng.NextDouble() - 0.5), (float)rng.NextDouble()], label));
        }
        return list;
    }

    [Fact]
    public void Learns_separable_classes_and_gives_a_probability_per_label()
    {
        var classifier = MaxEntropyClassifier.Train(Examples(1), Dense);
        Assert.Equal(["a", "b", "c"], classifier.Labels);
        var test = Examples(2);
        var correct = test.Count(e => classifier.Classify("", e.Dense).Label == e.Label);
        Assert.True(correct >= test.Count - 2, $"{correct} of {test.Count}");
        var (_, scores) = classifier.Classify("", [2f, 0f, 0.5f]);
        Assert.Equal("a", scores.MaxBy(kv => kv.Value).Key);
        Assert.InRange(scores.Values.Sum(), 0.99, 1.01);
    }

    [Fact]
    public void Same_examples_same_seed_same_scores_and_wrong_lengths_are_refused()
    {
        var first = MaxEntropyClassifier.Train(Examples(1), Dense).Predict("", [0.3f, 0.4f, 0.5f]);
        var second = MaxEntropyClassifier.Train(Examples(1), Dense).Predict("", [0.3f, 0.4f, 0.5f]);
        Assert.Equal(first, second);
        var classifier = MaxEntropyClassifier.Train(Examples(1), Dense);
        Assert.Throws<ArgumentException>(() => classifier.Predict("", [1f, 2f]));
        Assert.Throws<ArgumentException>(() => MaxEntropyClassifier.Train([new("", [1f], "a"), new("", [2f], "a")], Dense));
    }

    [Fact]
    public void Text_features_decide_when_the_dense_ones_say_nothing_and_a_saved_model_scores_the_same()
    {
        string[] bus = ["bus bondés le matin", "le bus passe trop rarement", "plus de bus la nuit"], jardin = ["un jardin partagé", "planter un jardin", "le jardin du quartier"];
        var examples = bus.Select(t => new MaxEntropyExample(t, [0f], "transport")).Concat(jardin.Select(t => new MaxEntropyExample(t, [0f], "nature"))).ToList();
        var classifier = MaxEntropyClassifier.Train(examples, new MaxEntropyOptions { WordNgram = 1, CharNgram = 3 });
        Assert.Equal("transport", classifier.Classify("un bus de nuit", [0f]).Label);
        Assert.Equal("nature", classifier.Classify("arroser le jardin", [0f]).Label);

        using var file = new MemoryStream();
        classifier.Save(file);
        file.Position = 0;
        var loaded = MaxEntropyClassifier.Load(file);
        Assert.Equal(classifier.Labels, loaded.Labels);
        Assert.Equal(classifier.Predict("un bus de nuit", [0f]), loaded.Predict("un bus de nuit", [0f]));
    }
}
