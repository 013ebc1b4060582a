namespace Synthesis.Eval;

/// <summary>Accuracy and macro-averaged F1 of predicted labels against gold labels.</summary>
public static class ClassificationMetrics
{
    public sealed record Report(double Accuracy, double MacroF1, IReadOnlyDictionary<string, (double Precision, double Recall, double F1, int Support)> PerLabel);

    public static Report Compute(IReadOnlyList<string> gold, IReadOnlyList<string> predicted)
    {
        if (gold.Count != predicted.Count) throw new ArgumentException("gold and predicted differ in length");
        var labels = gold.Distinct().Order(StringComparer.Ordinal).ToList();
        var per = new Dictionary<string, (double, double, double, int)>();
        foreach (var label in labels)
        {
            int tp = 0, fp = 0, fn = 0;
            for (var i = 0; i < gold.Count; i++)
            {
                if (predicted[i] == label && gold[i] == label) tp++;
                else if (predicted[i] == label) fp++;
                else if (gold[i] == label) fn++;
            }
            var p = tp + fp == 0 ? 0 : tp / (double)(tp + fp);
            var r = tp + fn == 0 ? 0 : tp / (double)(tp + fn);
            per[label] = (p, r, p + r == 0 ? 0 : 2 * p * r / (p + r), tp + fn);
        }
        var accuracy = gold.Count == 0 ? 0 : gold.Zip(predicted).Count(x => x.First == x.Second) / (double)gold.Count;
        return new Report(accuracy, per.Count == 0 ? 0 : per.Values.Average(v => v.Item3), per);
    }
}
