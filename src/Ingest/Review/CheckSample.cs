namespace Synthesis.Ingest.Review;

/// <summary>
/// Draws the passages of a staff check: a random sample stratified by channel and theme, so that every channel and
/// every large theme is represented in proportion to its passages (proportional allocation, largest remainders first;
/// a stratum too small for one passage may get none), the passages in random order so that labelling does not go
/// theme by theme. Deterministic for the same candidates, size and seed.
/// </summary>
public static class CheckSample
{
    public const int DefaultSize = 100;
    public const int MaxSize = 1000;

    /// <summary>The stratum a passage belongs to: its channel and its theme (0: none).</summary>
    public static string Stratum(CheckCandidate c) => $"{c.Channel}/{c.Theme ?? 0}";

    public static List<(CheckCandidate Passage, string Stratum)> Draw(IReadOnlyList<CheckCandidate> candidates, int size, int seed)
    {
        if (size is < 1 or > MaxSize) throw new ArgumentOutOfRangeException(nameof(size), $"a check has 1 to {MaxSize} passages");
        var random = new Random(seed);
        var strata = candidates.GroupBy(Stratum).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (Key: g.Key, Passages: g.ToList())).ToList();
        var total = candidates.Count;
        var take = Math.Min(size, total);
        // proportional allocation: the integer parts, then one more to the strata with the largest remainders
        var quotas = strata.Select(s => (double)s.Passages.Count * take / Math.Max(1, total)).ToList();
        var counts = quotas.Select(q => (int)Math.Floor(q)).ToArray();
        foreach (var i in Enumerable.Range(0, strata.Count).OrderByDescending(i => quotas[i] - counts[i]).ThenBy(i => i).Take(take - counts.Sum()))
            counts[i]++;
        var drawn = new List<(CheckCandidate, string)>(take);
        for (var s = 0; s < strata.Count; s++)
        {
            var pool = strata[s].Passages;
            // a partial Fisher-Yates shuffle: the first counts[s] are a uniform sample of the stratum
            for (var i = 0; i < counts[s]; i++)
            {
                var j = i + random.Next(pool.Count - i);
                (pool[i], pool[j]) = (pool[j], pool[i]);
                drawn.Add((pool[i], strata[s].Key));
            }
        }
        for (var i = drawn.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (drawn[i], drawn[j]) = (drawn[j], drawn[i]);
        }
        return drawn;
    }
}
