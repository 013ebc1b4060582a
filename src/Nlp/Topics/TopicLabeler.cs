namespace Synthesis.Nlp.Topics;

/// <summary>
/// Class-based TF-IDF over lemmas and lemma pairs (as BERTopic's c-TF-IDF: weight = tf(t, c) · ln(1 + A / f(t)),
/// A the average number of terms per class, f(t) the term's frequency over all classes), with tf counted once per
/// passage so one long passage cannot make a label. Labels take 2 to 5 words from the best terms, preferring a
/// pair ("logement social") to its two words, and start with a term no larger sibling starts with.
/// </summary>
public static class TopicLabeler
{
    /// <summary>The distinct terms (lemmas and adjacent lemma pairs) of one passage.</summary>
    public static string[] Terms(IReadOnlyList<string> lemmas)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lemmas.Count; i++)
        {
            set.Add(lemmas[i]);
            if (i + 1 < lemmas.Count && !string.Equals(lemmas[i], lemmas[i + 1], StringComparison.Ordinal))
                set.Add(lemmas[i] + " " + lemmas[i + 1]);
        }
        var arr = set.ToArray();
        Array.Sort(arr, StringComparer.Ordinal);
        return arr;
    }

    /// <summary>Ranked (term, weight) lists, one per class; classes are lists of indices into <paramref name="terms"/>.</summary>
    public static List<(string Term, double Weight)>[] Rank(IReadOnlyList<IReadOnlyList<int>> classes, IReadOnlyList<string[]> terms)
    {
        var counts = new Dictionary<string, int>[classes.Count];
        var total = new Dictionary<string, int>(StringComparer.Ordinal);
        double termsAll = 0;
        for (var c = 0; c < classes.Count; c++)
        {
            var d = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var p in classes[c])
                foreach (var t in terms[p])
                {
                    d[t] = d.GetValueOrDefault(t) + 1;
                    total[t] = total.GetValueOrDefault(t) + 1;
                    termsAll++;
                }
            counts[c] = d;
        }
        var average = classes.Count == 0 ? 1 : termsAll / classes.Count;
        var result = new List<(string, double)>[classes.Count];
        for (var c = 0; c < classes.Count; c++)
        {
            var size = classes[c].Count;
            // a term must recur in the class: at least 2 passages (3% of big classes)
            var minDf = size < 4 ? 1 : Math.Max(2, (int)Math.Ceiling(0.03 * size));
            var list = new List<(string, double)>();
            var rare = new List<(string, double)>();
            foreach (var (t, tf) in counts[c])
            {
                var w = tf * Math.Log(1 + average / total[t]);
                (tf >= minDf ? list : rare).Add((t, w));
            }
            static int ByWeight((string, double) a, (string, double) b) => b.Item2 != a.Item2 ? b.Item2.CompareTo(a.Item2) : string.CompareOrdinal(a.Item1, b.Item1);
            list.Sort(ByWeight);
            // terms of a single passage only come after the recurring ones (a small topic still gets 2 words)
            rare.Sort(ByWeight);
            list.AddRange(rare.Take(Math.Max(0, 12 - list.Count)));
            result[c] = list;
        }
        return result;
    }

    /// <summary>
    /// A label of 2 to 5 words from a ranked term list. The leading term is the best one not in
    /// <paramref name="avoidFirst"/> (the leading terms of larger siblings).
    /// </summary>
    public static (string Label, string Lead) Label(IReadOnlyList<(string Term, double Weight)> ranked, ISet<string>? avoidFirst = null)
    {
        var pool = ranked.Take(25).ToList();
        if (pool.Count == 0) return ("sujets divers", "");
        var leadIndex = 0;
        if (avoidFirst is not null)
        {
            var i = pool.FindIndex(t => !avoidFirst.Contains(t.Term) && !avoidFirst.Contains(t.Term.Split(' ')[0]));
            if (i >= 0) leadIndex = i;
        }
        var chosen = new List<(string Term, double Weight)> { pool[leadIndex] };
        int Words() => chosen.Sum(c => c.Term.Count(ch => ch == ' ') + 1);
        bool Has(string word) => chosen.Any(c => c.Term.Split(' ').Contains(word, StringComparer.Ordinal));

        for (var i = 0; i < pool.Count && Words() < 3 && chosen.Count < 3; i++)
        {
            if (i == leadIndex) continue;
            var (term, weight) = pool[i];
            var parts = term.Split(' ');
            if (parts.Length == 2)
            {
                var a = chosen.FindIndex(c => c.Term == parts[0]);
                var b = chosen.FindIndex(c => c.Term == parts[1]);
                if (a >= 0 || b >= 0)
                {
                    // the pair replaces its single words ("logement" + "social" -> "logement social")
                    var at = a >= 0 && b >= 0 ? Math.Min(a, b) : Math.Max(a, b);
                    var other = a >= 0 && b >= 0 ? Math.Max(a, b) : -1;
                    if (Has(parts[0]) && a < 0 || Has(parts[1]) && b < 0) continue; // a word already inside another pair
                    chosen[at] = (term, weight);
                    if (other >= 0) chosen.RemoveAt(other);
                    continue;
                }
                if (Words() + 2 > 5) continue;
                if (Has(parts[0]) || Has(parts[1])) continue;
                chosen.Add((term, weight));
            }
            else
            {
                if (Has(term)) continue;
                chosen.Add((term, weight));
            }
        }
        if (Words() < 2)
        {
            // a single word: add the next distinct word, whatever the thresholds
            foreach (var (term, weight) in pool)
                if (!Has(term.Split(' ')[0]) && term.Split(' ').All(w => !Has(w))) { chosen.Add((term, weight)); break; }
        }
        var label = string.Join(' ', chosen.Select(c => c.Term));
        var words = label.Split(' ');
        if (words.Length > 5) label = string.Join(' ', words.Take(5));
        return (label, pool[leadIndex].Term.Split(' ')[0]);
    }
}
