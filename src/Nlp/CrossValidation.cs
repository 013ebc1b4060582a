namespace Synthesis.Nlp;

/// <summary>
/// K-fold cross-validation for the learned classifiers: each example is predicted by a model trained without its
/// fold. Example i is in fold i mod K (the civic set's order is already shuffled), so the same examples give the
/// same folds; folds train two at a time.
/// </summary>
public static class CrossValidation
{
    /// <summary>
    /// The out-of-fold prediction of every example: <paramref name="fit"/> trains on the other folds and returns the
    /// predictor for the held-out ones.
    /// </summary>
    public static TResult[] OutOfFold<T, TResult>(IReadOnlyList<T> examples, int folds, Func<IReadOnlyList<T>, Func<T, TResult>> fit)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(fit);
        if (folds < 2 || folds > examples.Count) throw new ArgumentOutOfRangeException(nameof(folds), folds, $"between 2 and the number of examples ({examples.Count})");
        var result = new TResult[examples.Count];
        Parallel.For(0, folds, new ParallelOptions { MaxDegreeOfParallelism = 2 }, fold =>
        {
            var training = examples.Where((_, i) => i % folds != fold).ToList();
            var predict = fit(training);
            for (var i = fold; i < examples.Count; i += folds) result[i] = predict(examples[i]);
        });
        return result;
    }
}
