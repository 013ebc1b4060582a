using System.Globalization;
using System.Text;

namespace Synthesis.Nlp.French;

/// <summary>What a token of <see cref="FrenchText.Tokenize"/> is.</summary>
public enum TokenKind : byte
{
    /// <summary>A run of letters or digits, folded (lower case, no accents).</summary>
    Word,
    /// <summary>An emoji, a symbol or an ASCII smiley, kept as written.</summary>
    Symbol,
    /// <summary>Comma, semicolon, colon, bracket, quote or dash: ends a clause.</summary>
    ClauseBreak,
    /// <summary>Full stop, ellipsis or line break: ends a sentence.</summary>
    SentenceEnd,
    /// <summary>One or more exclamation marks (ends a sentence).</summary>
    Exclamation,
    /// <summary>One or more question marks (ends a sentence).</summary>
    Question,
}

/// <summary>One token: a range of the folded buffer written by <see cref="FrenchText.Tokenize"/>.</summary>
public struct FrenchToken
{
    public int Start;
    public int Length;
    public TokenKind Kind;
    /// <summary>Written in capitals in the original (three letters or more), e.g. "NUL".</summary>
    public bool Shouted;
    /// <summary>For punctuation: how many marks in the run ("!!!" is 3).</summary>
    public byte Repeat;
}

/// <summary>
/// French normalisation for lexicon lookups: lower case, accents folded (é→e, ç→c, œ→oe), elisions split
/// (l' d' qu' n' j' become their own tokens), hyphenated words split, emoji and smileys kept as symbols.
/// Words are written into a caller-owned buffer separated by one space, so a run of word tokens is itself a
/// contiguous span that can be looked up as a multi-word expression.
/// </summary>
public static class FrenchText
{
    static readonly string?[] FoldTable = FrenchFold.FoldTable;

    /// <summary>Folds one word or phrase the same way the tokenizer does, words joined by single spaces.</summary>
    public static string Fold(string text)
    {
        var buffer = new char[text.Length * 3 + 8];
        var tokens = new FrenchToken[text.Length + 1];
        var n = Tokenize(text, ref buffer, ref tokens);
        var sb = new StringBuilder();
        for (var i = 0; i < n; i++)
        {
            if (tokens[i].Kind is not (TokenKind.Word or TokenKind.Symbol)) continue;
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(buffer, tokens[i].Start, tokens[i].Length);
        }
        return sb.ToString();
    }

    static bool IsApostrophe(char c) => c is '\'' or '’' or '‘' or '`' or 'ʼ' or '´';

    static bool IsJoiner(char c) => c is '\uFE0F' or '\uFE0E' or '\u200D' or '\u200C' || (c >= '\u0300' && c <= '\u036F');

    /// <summary>
    /// Tokenizes <paramref name="text"/>. Word and symbol text goes into <paramref name="buffer"/> (each followed by
    /// one space); both arrays grow when needed. Returns the number of tokens.
    /// </summary>
    public static int Tokenize(ReadOnlySpan<char> text, ref char[] buffer, ref FrenchToken[] tokens)
    {
        var needed = text.Length * 3 + 8; // worst case: a one-letter "œ" word becomes "oe" plus its separator
        if (buffer.Length < needed) buffer = new char[needed];
        if (tokens.Length < text.Length + 1) tokens = new FrenchToken[text.Length + 1];
        var b = 0;
        var n = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            string? folded = c < FoldTable.Length ? FoldTable[c] : null;
            if (folded is not null || (c >= FoldTable.Length && char.IsLetterOrDigit(c)))
            {
                // a word: letters, digits and combining marks
                var start = b;
                var upper = 0;
                var letters = 0;
                while (i < text.Length)
                {
                    c = text[i];
                    if (c < FoldTable.Length)
                    {
                        var f = FoldTable[c];
                        if (f is null) break;
                        if (char.IsLetter(c)) { letters++; if (char.IsUpper(c)) upper++; }
                        foreach (var fc in f) buffer[b++] = fc;
                    }
                    else if (char.IsLetterOrDigit(c))
                    {
                        letters++;
                        buffer[b++] = char.ToLowerInvariant(c);
                    }
                    else if (!IsJoiner(c)) break;
                    i++;
                }
                tokens[n++] = new FrenchToken
                {
                    Start = start, Length = b - start, Kind = TokenKind.Word, Shouted = letters >= 3 && upper == letters,
                };
                buffer[b++] = ' ';
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                if (c is '\n' or '\r' or '\u2029' or '\u2028')
                {
                    // a line break ends a sentence (list items, paragraphs)
                    if (n > 0 && tokens[n - 1].Kind is TokenKind.Word or TokenKind.Symbol or TokenKind.ClauseBreak)
                        tokens[n++] = new FrenchToken { Start = b, Kind = TokenKind.SentenceEnd, Repeat = 1 };
                }
                i++;
                continue;
            }

            if (IsApostrophe(c) || c == '-' || c == '_' || IsJoiner(c))
            {
                // elision or hyphen between words: a plain separator; a free-standing dash breaks the clause
                var freeDash = c == '-' && (i == 0 || char.IsWhiteSpace(text[i - 1])) && (i + 1 >= text.Length || char.IsWhiteSpace(text[i + 1]));
                if (freeDash) tokens[n++] = new FrenchToken { Start = b, Kind = TokenKind.ClauseBreak, Repeat = 1 };
                i++;
                continue;
            }

            if (c is '!' or '?' or '.' or '…')
            {
                var excl = 0;
                var quest = 0;
                var j = i;
                while (j < text.Length && text[j] is '!' or '?' or '.' or '…' or ' ')
                {
                    if (text[j] == '!') excl++;
                    else if (text[j] == '?') quest++;
                    j++;
                }
                // "3.5" and "p.12": a dot between digits/letters without space is not a sentence end
                if (c == '.' && j == i + 1 && i > 0 && i + 1 < text.Length && char.IsLetterOrDigit(text[i - 1]) && char.IsLetterOrDigit(text[i + 1]))
                {
                    i++;
                    continue;
                }
                var kind = quest > 0 ? TokenKind.Question : excl > 0 ? TokenKind.Exclamation : TokenKind.SentenceEnd;
                tokens[n++] = new FrenchToken { Start = b, Kind = kind, Repeat = (byte)Math.Min(255, Math.Max(1, excl + quest)) };
                i = j;
                continue;
            }

            if (TryReadSmiley(text, i, out var smileyLength, out var smiley))
            {
                var start = b;
                foreach (var sc in smiley) buffer[b++] = sc;
                tokens[n++] = new FrenchToken { Start = start, Length = smiley.Length, Kind = TokenKind.Symbol };
                buffer[b++] = ' ';
                i += smileyLength;
                continue;
            }

            if (c is ',' or ';' or ':' or '(' or ')' or '[' or ']' or '"' or '«' or '»' or '“' or '”' or '–' or '—' or '/')
            {
                if (n == 0 || tokens[n - 1].Kind != TokenKind.ClauseBreak)
                    tokens[n++] = new FrenchToken { Start = b, Kind = TokenKind.ClauseBreak, Repeat = 1 };
                i++;
                continue;
            }

            // emoji and other symbols: one token per code point (surrogate pairs kept together)
            var len = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;
            var cat = len == 2 ? CharUnicodeInfo.GetUnicodeCategory(text.Slice(i, 2).ToString(), 0) : CharUnicodeInfo.GetUnicodeCategory(c);
            if (cat is UnicodeCategory.OtherSymbol or UnicodeCategory.MathSymbol)
            {
                var start = b;
                for (var k = 0; k < len; k++) buffer[b++] = text[i + k];
                tokens[n++] = new FrenchToken { Start = start, Length = len, Kind = TokenKind.Symbol };
                buffer[b++] = ' ';
            }
            i += len;
        }
        return n;
    }

    static readonly (string Written, string Canonical)[] Smileys =
    [
        (":-)", ":)"), (":)", ":)"), ("=)", ":)"), (":-D", ":D"), (":D", ":D"), (";-)", ";)"), (";)", ";)"),
        (":-(", ":("), (":(", ":("), (":'(", ":'("), (":-/", ":/"), (":/", ":/"), ("<3", "<3"), (":-p", ":p"), (":p", ":p"),
        (":-P", ":p"), (":P", ":p"),
    ];

    static bool TryReadSmiley(ReadOnlySpan<char> text, int i, out int length, out string canonical)
    {
        foreach (var (written, canon) in Smileys)
        {
            if (i + written.Length > text.Length || !text.Slice(i, written.Length).SequenceEqual(written)) continue;
            // ":/" inside a URL ("https://") is not a smiley
            if (written.EndsWith('/') && i + written.Length < text.Length && text[i + written.Length] == '/') continue;
            // "(D" etc.: require the smiley to end the word
            if (i + written.Length < text.Length && char.IsLetterOrDigit(text[i + written.Length])) continue;
            length = written.Length;
            canonical = canon;
            return true;
        }
        length = 0;
        canonical = "";
        return false;
    }
}
