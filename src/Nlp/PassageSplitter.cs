using System.Collections.Frozen;

namespace Synthesis.Nlp;

/// <summary>A half-open character range [Start, End) of a source text.</summary>
public readonly record struct TextSpan(int Start, int End)
{
    public int Length => End - Start;
    public string Of(string text) => text[Start..End];
}

/// <summary>
/// Splits French text into idea-sized passages: sentences, list items and paragraph lines, with long runs cut
/// near <see cref="MaxWords"/> at the most natural break (semicolon, colon, comma, then a coordinating word).
/// Abbreviations (M., Mme, cf., p. ex., n°), initials, decimals and ellipses followed by lower case do not end a
/// sentence; line breaks do when the next line opens a list item, starts a new sentence or the line was complete.
/// Deterministic and allocation-light: it returns ranges, never rewritten text.
/// </summary>
public sealed class PassageSplitter
{
    public int MaxWords { get; }
    public int MinWordsForCut { get; }

    public PassageSplitter(int maxWords = 80)
    {
        if (maxWords < 8) throw new ArgumentOutOfRangeException(nameof(maxWords), "at least 8 words");
        MaxWords = maxWords;
        MinWordsForCut = Math.Max(4, maxWords / 4);
    }

    public static PassageSplitter Default { get; } = new();

    static readonly FrozenSet<string> Abbreviations = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "m", "mm", "mme", "mmes", "mlle", "mlles", "dr", "pr", "me", "st", "ste", "mgr", "cf", "ex", "etc", "p", "pp",
        "n", "no", "nº", "vol", "art", "av", "bd", "chap", "env", "approx", "min", "max", "hab", "tél", "tel", "fig",
        "éd", "ed", "c.-à-d", "c-à-d", "cad", "i.e", "e.g", "vs", "resp", "cie", "éts", "ets", "dept", "dép", "sq",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    static readonly string[] Coordinators =
    [
        " mais ", " car ", " donc ", " parce que ", " puisque ", " alors que ", " tandis que ", " et ", " ou ",
        " afin de ", " pour que ", " ainsi ", " sinon ", " cependant ", " pourtant ",
    ];

    public IReadOnlyList<TextSpan> Split(string text)
    {
        var result = new List<TextSpan>();
        if (string.IsNullOrEmpty(text)) return result;
        foreach (var sentence in Sentences(text))
            foreach (var piece in Cap(text, sentence))
                AddTrimmed(text, piece, result);
        return result;
    }

    IEnumerable<TextSpan> Sentences(string text)
    {
        var start = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\n')
            {
                if (IsLineBoundary(text, i))
                {
                    yield return new TextSpan(start, i);
                    start = i + 1;
                }
                i++;
                continue;
            }
            if (c is '.' or '!' or '?' or '…')
            {
                var end = i + 1;
                while (end < text.Length && text[end] is '.' or '!' or '?' or '…') end++;
                while (end < text.Length && text[end] is '»' or '"' or ')' or ']' or '”' or '’' or '\'') end++;
                // French typography puts a (no-break) space before the closing guillemet: « ... seuls. »
                if (end + 1 < text.Length && text[end] is ' ' or '\u00A0' or '\u202F' && text[end + 1] == '»') end += 2;
                if (IsSentenceEnd(text, i, end))
                {
                    yield return new TextSpan(start, end);
                    start = end;
                }
                i = end;
                continue;
            }
            i++;
        }
        if (start < text.Length) yield return new TextSpan(start, text.Length);
    }

    static bool IsSentenceEnd(string text, int mark, int afterMark)
    {
        if (afterMark >= text.Length) return true;
        if (!char.IsWhiteSpace(text[afterMark])) return false; // "3.5", "www.nantes.fr", "?!x"
        var next = afterMark;
        while (next < text.Length && char.IsWhiteSpace(text[next]) && text[next] != '\n') next++;
        if (next >= text.Length || text[next] == '\n') return true;
        var n = text[next];
        if (text[mark] == '.' && afterMark == mark + 1)
        {
            var word = WordBefore(text, mark);
            if (Abbreviations.Contains(word)) return false;
            if (word.Length == 1 && char.IsUpper(word[0])) return false; // an initial: "J. Dupont"
            if (IsListNumber(text, mark)) return false; // "1. Il faut..."
        }
        // An ellipsis followed by lower case trails off inside the sentence.
        var ellipsis = text[mark] == '…' || text.AsSpan(mark, afterMark - mark).StartsWith("..");
        if (char.IsLower(n)) return !ellipsis;
        return true;
    }

    static string WordBefore(string text, int index)
    {
        var s = index;
        while (s > 0 && (char.IsLetter(text[s - 1]) || text[s - 1] is '°' or 'º' or '-' or '.' && s - 1 > 0 && char.IsLetter(text[s - 2])))
            s--;
        return text[s..index];
    }

    static bool IsListNumber(string text, int mark)
    {
        var s = mark;
        while (s > 0 && char.IsDigit(text[s - 1])) s--;
        if (s == mark || mark - s > 3) return false;
        while (s > 0 && text[s - 1] is ' ' or '\t') s--;
        return s == 0 || text[s - 1] == '\n';
    }

    static bool IsLineBoundary(string text, int newline)
    {
        // Previous line content (ignoring trailing spaces and \r).
        var p = newline - 1;
        while (p >= 0 && text[p] is ' ' or '\t' or '\r') p--;
        if (p < 0 || text[p] == '\n') return true; // blank line: paragraph break
        var n = newline + 1;
        while (n < text.Length && text[n] is ' ' or '\t' or '\r') n++;
        if (n >= text.Length || text[n] == '\n') return true;
        if (StartsListItem(text, n)) return true;
        var prev = text[p];
        if (prev is '.' or '!' or '?' or '…' or ':' or ';' or '»' or '"') return true;
        if (prev is ',' or '-' or '(' or '\'' or '’') return false;
        // A wrapped line continues in lower case; a new sentence without a full stop starts upper case.
        return char.IsUpper(text[n]) || char.IsDigit(text[n]);
    }

    static bool StartsListItem(string text, int i)
    {
        var c = text[i];
        if (c is '-' or '•' or '*' or '–' or '—' or '·' or '►' or '>' or '→') return true;
        var j = i;
        while (j < text.Length && j - i < 3 && char.IsDigit(text[j])) j++;
        if (j > i && j < text.Length && text[j] is '.' or ')' or '/') return true;
        return j == i && i + 1 < text.Length && char.IsLetter(c) && text[i + 1] == ')';
    }

    IEnumerable<TextSpan> Cap(string text, TextSpan span)
    {
        var words = CountWords(text, span.Start, span.End);
        if (words <= MaxWords)
        {
            yield return span;
            yield break;
        }
        var start = span.Start;
        while (CountWords(text, start, span.End) > MaxWords)
        {
            var cut = BestCut(text, start, span.End);
            yield return new TextSpan(start, cut);
            start = cut;
        }
        yield return new TextSpan(start, span.End);
    }

    /// <summary>Chooses where to cut a run that is too long: the strongest break between the minimum and maximum length.</summary>
    int BestCut(string text, int start, int end)
    {
        // Offsets of word starts so that the window is measured in words.
        int lo = -1, hi = -1, words = 0;
        var inWord = false;
        for (var i = start; i < end; i++)
        {
            var letter = !char.IsWhiteSpace(text[i]);
            if (letter && !inWord)
            {
                words++;
                if (words == MinWordsForCut + 1) lo = i;
                if (words == MaxWords + 1) { hi = i; break; }
            }
            inWord = letter;
        }
        if (hi < 0) return end;
        if (lo < 0) lo = start;
        var window = text.AsSpan(lo, hi - lo);
        foreach (var mark in new[] { ";", ":", ",", " - ", " – " })
        {
            var at = window.LastIndexOf(mark.AsSpan());
            if (at >= 0) return lo + at + mark.Length;
        }
        foreach (var coordinator in Coordinators)
        {
            var at = window.LastIndexOf(coordinator.AsSpan(), StringComparison.OrdinalIgnoreCase);
            if (at >= 0) return lo + at + 1; // the coordinator opens the next passage
        }
        return hi;
    }

    static int CountWords(string text, int start, int end)
    {
        var count = 0;
        var inWord = false;
        for (var i = start; i < end; i++)
        {
            var letter = !char.IsWhiteSpace(text[i]);
            if (letter && !inWord) count++;
            inWord = letter;
        }
        return count;
    }

    static void AddTrimmed(string text, TextSpan span, List<TextSpan> into)
    {
        int s = span.Start, e = span.End;
        while (s < e && char.IsWhiteSpace(text[s])) s++;
        while (e > s && char.IsWhiteSpace(text[e - 1])) e--;
        // Drop a list marker that opens the passage; it is layout, not words.
        if (s < e && StartsListItem(text, s))
        {
            var m = s;
            if (char.IsLetter(text[m])) m += 2; // "a)"
            while (m < e && char.IsDigit(text[m])) m++;
            while (m < e && !char.IsWhiteSpace(text[m]) && !char.IsLetterOrDigit(text[m])) m++;
            while (m < e && char.IsWhiteSpace(text[m])) m++;
            if (m < e) s = m;
        }
        for (var i = s; i < e; i++)
        {
            if (char.IsLetter(text[i]))
            {
                into.Add(new TextSpan(s, e));
                return;
            }
        }
    }
}
