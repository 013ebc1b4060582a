using System.Collections.Frozen;
using System.Text;
using Synthesis.Nlp.French;

namespace Synthesis.Nlp.Questions;

/// <summary>Where a token stands relative to the previous one.</summary>
internal enum Boundary : byte
{
    /// <summary>Same clause as the previous token.</summary>
    None = 0,
    /// <summary>After a comma, slash or similar list separator.</summary>
    Soft = 1,
    /// <summary>After a sentence end, semicolon, colon, line break, bracket or list bullet (or the text start).</summary>
    Strong = 2,
}

/// <summary>
/// French tokens of one text: lower-cased words with accents folded (<see cref="Folded"/>), the same words with
/// their accents (<see cref="Accented"/>, needed to tell a past participle "créé" from a noun), and the clause
/// boundary before each one. Elided clitics are restored to their full form (j' -> je, n' -> ne, l' -> le,
/// d' -> de, qu' -> que, s' -> se or si, m' -> me, t' -> te, c' -> ce), hyphenated inversions are split
/// ("faudrait-il" -> "faudrait il"), "aujourd'hui" stays one word.
/// </summary>
internal sealed class FrenchTokens
{
    public readonly string[] Folded;
    public readonly string[] Accented;
    public readonly Boundary[] Before;

    public int Count => Folded.Length;

    FrenchTokens(string[] folded, string[] accented, Boundary[] before)
    {
        Folded = folded;
        Accented = accented;
        Before = before;
    }

    static readonly FrozenDictionary<string, string> Elisions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["j"] = "je", ["n"] = "ne", ["l"] = "le", ["d"] = "de", ["qu"] = "que", ["s"] = "se", ["m"] = "me",
        ["t"] = "te", ["c"] = "ce", ["jusqu"] = "jusque", ["lorsqu"] = "lorsque", ["puisqu"] = "puisque",
        ["quoiqu"] = "quoique", ["quelqu"] = "quelque", ["presqu"] = "presque",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static FrenchTokens Parse(string? text)
    {
        var folded = new List<string>(64);
        var accented = new List<string>(64);
        var before = new List<Boundary>(64);
        if (string.IsNullOrEmpty(text)) return new FrenchTokens([], [], []);

        var pending = Boundary.Strong;
        var word = new StringBuilder(24);
        int i = 0;
        bool lineStart = true;

        void Emit(string w)
        {
            var acc = w;
            var f = Fold(w);
            folded.Add(f);
            accented.Add(acc);
            before.Add(pending);
            pending = Boundary.None;
        }

        void Flush()
        {
            if (word.Length == 0) return;
            var w = word.ToString();
            word.Clear();
            Emit(w);
        }

        void Raise(Boundary b)
        {
            if (b > pending) pending = b;
        }

        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
                lineStart = false;
                i++;
                continue;
            }
            if (IsApostrophe(c) && word.Length > 0 && i + 1 < text.Length && char.IsLetter(text[i + 1]))
            {
                var left = word.ToString();
                if (Elisions.TryGetValue(left, out var full))
                {
                    word.Clear();
                    // s' before il/ils is "si"
                    if (left == "s" && StartsWithWord(text, i + 1, "il")) full = "si";
                    Emit(full);
                    i++;
                    continue;
                }
                if (left == "aujourd") { word.Append("hui"); i += 4; continue; } // aujourd'hui -> aujourdhui
                Flush();
                i++;
                continue;
            }
            if (c == '-' && word.Length > 0 && i + 1 < text.Length && char.IsLetter(text[i + 1]))
            {
                Flush(); // inversion or compound: split, same clause
                i++;
                continue;
            }
            Flush();
            switch (c)
            {
                case '.' or '!' or '?' or ';' or ':' or '(' or ')' or '[' or ']' or '|' or '•' or '…' or '*' or '\n' or '\r':
                    Raise(Boundary.Strong);
                    if (c == '\n') lineStart = true;
                    break;
                case ',' or '/' or '+' or '&':
                    Raise(Boundary.Soft);
                    break;
                case '-' or '–' or '—' or '>':
                    // a dash opening a line or standing alone between spaces is a list bullet or an aside
                    if (lineStart || (i + 1 < text.Length && char.IsWhiteSpace(text[i + 1]))) Raise(Boundary.Strong);
                    break;
            }
            i++;
        }
        Flush();
        return new FrenchTokens(folded.ToArray(), accented.ToArray(), before.ToArray());
    }

    static bool StartsWithWord(string text, int at, string w)
    {
        if (at + w.Length > text.Length) return false;
        for (int k = 0; k < w.Length; k++)
            if (char.ToLowerInvariant(text[at + k]) != w[k]) return false;
        return at + w.Length == text.Length || !char.IsLetter(text[at + w.Length]) || text[at + w.Length] is 's' or 'S';
    }

    static bool IsApostrophe(char c) => c is '\'' or '’' or '`' or '´' or 'ʼ' or '‘';

    /// <summary>Lower case, accents folded, ligatures opened (œ -> oe): <see cref="FrenchFold"/>, as every French lexicon key.</summary>
    public static string Fold(string w)
    {
        foreach (var ch in w)
            if (ch > 127 || char.IsUpper(ch)) return FrenchFold.Fold(w);
        return w;
    }

    /// <summary>
    /// The normalised text of the supervised features: folded tokens joined by spaces, a "|" between clauses;
    /// optionally stemmed (<see cref="Stem"/>) and without function words (<see cref="QuestionCues.StopWords"/>:
    /// person, modality and negation stay in the cue features).
    /// </summary>
    public string Normalised(int stem = 0, bool dropFunctionWords = false)
    {
        var sb = new StringBuilder(Count * 7);
        for (int k = 0; k < Count; k++)
        {
            if (dropFunctionWords && QuestionCues.StopWords.Contains(Folded[k])) continue;
            if (sb.Length > 0)
            {
                sb.Append(' ');
                if (Before[k] == Boundary.Strong) sb.Append("| ");
            }
            sb.Append(stem > 0 ? Stem(Folded[k], stem) : Folded[k]);
        }
        return sb.ToString();
    }

    /// <summary>
    /// A light French stemmer: plural -s/-x and feminine or verbal -e/-es/-ent endings dropped, then the
    /// word cut to <paramref name="max"/> letters (enough to keep "benevol", "isolem", "develop" apart).
    /// </summary>
    public static string Stem(string w, int max)
    {
        if (w.Length <= 3) return w;
        int end = w.Length;
        if (end > 4 && (w[end - 1] == 's' || w[end - 1] == 'x')) end--;
        if (end > 4 && w[end - 1] == 'e') end--;
        if (end > 5 && w.AsSpan(0, end).EndsWith("nt") && w[end - 3] == 'e' && !w.AsSpan(0, end).EndsWith("ment")) end -= 3;
        if (end > max) end = max;
        return end == w.Length ? w : w[..end];
    }
}
