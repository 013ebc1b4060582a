using System.Globalization;
using System.Text;

namespace Synthesis.Eval;

/// <summary>
/// Word error rate between a reference and a transcript after French normalisation: lower case, apostrophes and
/// hyphens split words (l'accident = l accident), punctuation dropped, numbers written out ("1881" = "mille huit
/// cent quatre-vingt-un"), so that the figure counts recognition errors, not spelling conventions.
/// </summary>
public static class WordErrorRate
{
    public sealed record Result(int Substitutions, int Deletions, int Insertions, int ReferenceWords)
    {
        public int Errors => Substitutions + Deletions + Insertions;
        public double Rate => ReferenceWords == 0 ? (Errors == 0 ? 0 : 1) : Errors / (double)ReferenceWords;
    }

    public static Result Compute(string reference, string hypothesis)
    {
        var r = Normalise(reference);
        var h = Normalise(hypothesis);
        // Levenshtein over words, keeping the kind of each edit.
        var d = new (int Cost, int S, int D, int I)[r.Count + 1, h.Count + 1];
        for (var i = 1; i <= r.Count; i++) d[i, 0] = (i, 0, i, 0);
        for (var j = 1; j <= h.Count; j++) d[0, j] = (j, 0, 0, j);
        for (var i = 1; i <= r.Count; i++)
            for (var j = 1; j <= h.Count; j++)
            {
                var sub = d[i - 1, j - 1];
                var same = r[i - 1] == h[j - 1];
                var best = (sub.Cost + (same ? 0 : 1), sub.S + (same ? 0 : 1), sub.D, sub.I);
                var del = d[i - 1, j];
                if (del.Cost + 1 < best.Item1) best = (del.Cost + 1, del.S, del.D + 1, del.I);
                var ins = d[i, j - 1];
                if (ins.Cost + 1 < best.Item1) best = (ins.Cost + 1, ins.S, ins.D, ins.I + 1);
                d[i, j] = best;
            }
        var end = d[r.Count, h.Count];
        return new Result(end.S, end.D, end.I, r.Count);
    }

    public static List<string> Normalise(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        void Flush()
        {
            if (current.Length == 0) return;
            var word = current.ToString();
            current.Clear();
            if (word.All(char.IsDigit) && long.TryParse(word, out var n) && n < 1_000_000_000_000)
                words.AddRange(FrenchNumber(n).Split(' ', '-'));
            else words.Add(word);
        }
        foreach (var raw in text.Normalize(NormalizationForm.FormC).ToLower(CultureInfo.GetCultureInfo("fr-FR")))
        {
            var c = raw == '’' ? '\'' : raw;
            if (char.IsLetterOrDigit(c)) current.Append(c);
            else Flush(); // spaces, punctuation, apostrophes and hyphens all separate words
        }
        Flush();
        return words;
    }

    static readonly string[] Units =
    [
        "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze", "treize",
        "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf",
    ];
    static readonly string[] Tens = ["", "dix", "vingt", "trente", "quarante", "cinquante", "soixante"];

    /// <summary>A whole number in French words (1990 rules: hyphens between all parts are fine for WER).</summary>
    public static string FrenchNumber(long n)
    {
        if (n < 20) return Units[n];
        if (n < 100)
        {
            var tens = n / 10;
            var unit = n % 10;
            if (tens is 7 or 9) return $"{(tens == 7 ? "soixante" : "quatre-vingt")}-{(unit == 1 && tens == 7 ? "et-onze" : Units[10 + unit])}";
            if (tens == 8) return unit == 0 ? "quatre-vingts" : $"quatre-vingt-{Units[unit]}";
            return unit == 0 ? Tens[tens] : unit == 1 ? $"{Tens[tens]}-et-un" : $"{Tens[tens]}-{Units[unit]}";
        }
        if (n < 1000)
        {
            var hundreds = n / 100;
            var rest = n % 100;
            var head = hundreds == 1 ? "cent" : $"{Units[hundreds]} cent{(rest == 0 ? "s" : "")}";
            return rest == 0 ? head : $"{head} {FrenchNumber(rest)}";
        }
        foreach (var (size, name) in new[] { (1_000_000_000L, "milliard"), (1_000_000L, "million"), (1000L, "mille") })
        {
            if (n < size) continue;
            var count = n / size;
            var rest = n % size;
            var head = size == 1000
                ? (count == 1 ? "mille" : $"{Invariable(FrenchNumber(count))} mille")
                : $"{FrenchNumber(count)} {name}{(count > 1 ? "s" : "")}";
            return rest == 0 ? head : $"{head} {FrenchNumber(rest)}";
        }
        return n.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>"cents" and "vingts" lose their s before "mille": deux cent mille, quatre-vingt mille.</summary>
    static string Invariable(string words) =>
        words.EndsWith("cents", StringComparison.Ordinal) || words.EndsWith("vingts", StringComparison.Ordinal) ? words[..^1] : words;
}
