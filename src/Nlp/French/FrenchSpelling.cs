namespace Synthesis.Nlp.French;

/// <summary>
/// Spelling candidates for a word the French lexicon does not know ("polution", "stokage", "dépenbses"): the lexicon's
/// forms within a few edits of it (Damerau-Levenshtein, adjacent transpositions counted as one edit), compared in lower
/// case without accents, first letter kept. Which candidate is right is the caller's choice (search prefers the one its
/// corpus uses most, as a spelling corrector weighs candidates by frequency). Immutable once built; thread-safe.
/// </summary>
public sealed class FrenchSpelling
{
    /// <summary>Words shorter than this are never corrected: too many real words lie one edit from them.</summary>
    public const int MinLength = 5;

    readonly FrenchLemmatizer _lexicon;
    // Folded forms grouped by first letter and length; each with one written form (the first in ordinal order) and the
    // set of letters it uses (one bit per letter a-z), to skip most forms before the edit distance is computed.
    readonly Dictionary<(char First, int Length), (string Folded, string Form, uint Letters)[]> _buckets;

    public FrenchSpelling(FrenchLemmatizer lexicon)
    {
        _lexicon = lexicon;
        var byFolded = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var form in lexicon.Forms)
        {
            if (form.Length < MinLength - 2 || !form.All(char.IsLetter)) continue;
            var folded = FrenchFold.Fold(form);
            if (!byFolded.TryGetValue(folded, out var kept) || string.CompareOrdinal(form, kept) < 0) byFolded[folded] = form;
        }
        _buckets = byFolded.GroupBy(p => (p.Key[0], p.Key.Length))
            .ToDictionary(g => g.Key, g => g.Select(p => (p.Key, p.Value, Letters(p.Key))).OrderBy(p => p.Key, StringComparer.Ordinal).ToArray());
    }

    /// <summary>
    /// True when the lexicon has the word, or it is a stop word ("parce", from "parce que", is no Lefff form): a real word,
    /// though the corpus may not use it, is not corrected.
    /// </summary>
    public bool IsWord(string word) => _lexicon.Knows(word) || _lexicon.IsStopWord(word);

    /// <summary>How many edits a word of this length may be from its correction: 0 under 5 letters, 1 up to 7, then 2.</summary>
    public static int MaxEdits(int length) => length < MinLength ? 0 : length < 8 ? 1 : 2;

    /// <summary>
    /// The lexicon's forms within <see cref="MaxEdits"/> of an unknown word, nearest first, then in ordinal order of their
    /// folded spelling. Empty for a known word, a short one, or one with a character other than a letter.
    /// </summary>
    public IReadOnlyList<(string Form, int Distance)> Candidates(string word)
    {
        if (string.IsNullOrEmpty(word) || !word.All(char.IsLetter)) return [];
        var folded = FrenchFold.Fold(word);
        var max = MaxEdits(folded.Length);
        if (max == 0 || IsWord(word)) return [];
        var found = new List<(string Form, int Distance, string Folded)>();
        var letters = Letters(folded);
        for (var length = folded.Length - max; length <= folded.Length + max; length++)
        {
            if (!_buckets.TryGetValue((folded[0], length), out var bucket)) continue;
            foreach (var (f, form, fl) in bucket)
            {
                // One edit adds or removes at most two letters from the set of letters used.
                if (System.Numerics.BitOperations.PopCount(letters ^ fl) > 2 * max) continue;
                var d = Distance(folded, f, max);
                if (d <= max) found.Add((form, d, f));
            }
        }
        return found.OrderBy(c => c.Distance).ThenBy(c => c.Folded, StringComparer.Ordinal).Select(c => (c.Form, c.Distance)).ToList();
    }

    static uint Letters(string folded)
    {
        uint set = 0;
        foreach (var c in folded)
            if (c is >= 'a' and <= 'z') set |= 1u << (c - 'a');
        return set;
    }

    /// <summary>Optimal-string-alignment distance between a and b, or max + 1 as soon as it must exceed max.</summary>
    public static int Distance(string a, string b, int max)
    {
        if (Math.Abs(a.Length - b.Length) > max) return max + 1;
        var n = b.Length;
        Span<int> prev2 = stackalloc int[n + 1], prev = stackalloc int[n + 1], cur = stackalloc int[n + 1];
        for (var j = 0; j <= n; j++) prev[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            var rowMin = cur[0];
            for (var j = 1; j <= n; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = Math.Min(v, prev2[j - 2] + 1);
                cur[j] = v;
                if (v < rowMin) rowMin = v;
            }
            if (rowMin > max) return max + 1;
            var t = prev2; prev2 = prev; prev = cur; cur = t;
        }
        return prev[n];
    }
}
