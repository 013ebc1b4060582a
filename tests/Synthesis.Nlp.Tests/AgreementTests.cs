using Synthesis.Eval;

namespace Synthesis.Nlp.Tests;

public class AgreementTests
{
    [Fact]
    public void Kappa_corrects_agreement_for_chance()
    {
        // 50 items: both say yes 20, both no 15, a yes b no 5, a no b yes 10: po 0.70, pe 0.5·0.6 + 0.5·0.4 = 0.50, kappa 0.40
        var a = Enumerable.Repeat("yes", 25).Concat(Enumerable.Repeat("no", 25)).ToList();
        var b = Enumerable.Repeat("yes", 20).Concat(Enumerable.Repeat("no", 5)).Concat(Enumerable.Repeat("yes", 10)).Concat(Enumerable.Repeat("no", 15)).ToList();
        Assert.Equal(0.40, Agreement.Kappa(a, b), 10);
        Assert.Equal(1, Agreement.Kappa(a, a), 10);
        // always the same answer, whatever the reference: no better than chance
        Assert.Equal(0, Agreement.Kappa(a, Enumerable.Repeat("yes", 50).ToList()), 10);
    }

    [Fact]
    public void Intervals_hold_the_value_narrow_with_more_items_and_the_same_seed_gives_the_same_figures()
    {
        List<string> Reference(int n) => Enumerable.Range(0, n).Select(i => (i % 3) switch { 0 => "negative", 1 => "neutral", _ => "positive" }).ToList();
        List<string> Checked(int n) => Enumerable.Range(0, n).Select(i => i % 5 == 0 ? "neutral" : (i % 3) switch { 0 => "negative", 1 => "neutral", _ => "positive" }).ToList();
        var small = Agreement.Compute(Reference(30), Checked(30));
        var large = Agreement.Compute(Reference(600), Checked(600));
        foreach (var i in new[] { small.Accuracy, small.MacroF1, small.Kappa, large.Accuracy, large.MacroF1, large.Kappa })
            Assert.InRange(i.Value, i.Low, i.High);
        Assert.True(large.Kappa.High - large.Kappa.Low < small.Kappa.High - small.Kappa.Low);
        var again = Agreement.Compute(Reference(30), Checked(30));
        Assert.Equal((small.Accuracy, small.MacroF1, small.Kappa), (again.Accuracy, again.MacroF1, again.Kappa));
        Assert.Equal(30, small.Confusion.Values.Sum());
        Assert.Equal(small.Confusion[("negative", "neutral")], Enumerable.Range(0, 30).Count(i => i % 3 == 0 && i % 5 == 0));
    }
}
