using System.Globalization;
using System.Text;

namespace Synthesis.Nlp.French;

/// <summary>
/// Span-based lower-casing and accent folding for lexicon keys: "Société" -> "société" (lower) -> "societe" (folded);
/// œ -> oe, æ -> ae, ß -> ss. Letters above U+024F are only lower-cased. Allocation-free over caller buffers.
/// </summary>
public static class FrenchFold
{
    // For U+0000..U+024F: the folded lower-case string of a letter or digit, null otherwise. Shared with the
    // sentiment tokenizer so that every lexicon key is folded the same way.
    internal static readonly string?[] FoldTable = BuildFoldTable();

    static string?[] BuildFoldTable()
    {
        var t = new string?[0x250];
        for (var c = 0; c < t.Length; c++)
        {
            var ch = (char)c;
            if (!char.IsLetterOrDigit(ch)) continue;
            var lower = char.ToLowerInvariant(ch);
            var special = lower switch { 'œ' => "oe", 'æ' => "ae", 'ß' => "ss", _ => null };
            if (special is not null) { t[c] = special; continue; }
            var sb = new StringBuilder();
            foreach (var d in lower.ToString().Normalize(NormalizationForm.FormD))
                if (CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark) sb.Append(d);
            t[c] = sb.Length > 0 ? sb.ToString() : lower.ToString();
        }
        return t;
    }

    /// <summary>Writes the folded form of <paramref name="word"/> into <paramref name="destination"/> (needs 2x length); returns its length.</summary>
    public static int Fold(ReadOnlySpan<char> word, Span<char> destination)
    {
        var n = 0;
        foreach (var c in word)
        {
            if (c < FoldTable.Length)
            {
                var f = FoldTable[c];
                if (f is null) destination[n++] = c;
                else if (f.Length == 1) destination[n++] = f[0];
                else foreach (var fc in f) destination[n++] = fc;
            }
            else if (c >= '\u0300' && c <= '\u036F') { /* a combining accent: dropped */ }
            else destination[n++] = char.ToLowerInvariant(c);
        }
        return n;
    }

    /// <summary>The folded form of a word ("Œuvré" -> "oeuvre").</summary>
    public static string Fold(string word)
    {
        Span<char> buffer = word.Length <= 128 ? stackalloc char[word.Length * 2] : new char[word.Length * 2];
        var n = Fold(word.AsSpan(), buffer);
        return new string(buffer[..n]);
    }

    /// <summary>Lower-cases into <paramref name="destination"/> (same length), keeping accents.</summary>
    public static void Lower(ReadOnlySpan<char> word, Span<char> destination)
    {
        for (var i = 0; i < word.Length; i++)
        {
            var c = word[i];
            destination[i] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c < 128 ? c : char.ToLowerInvariant(c);
        }
    }

    /// <summary>True when the span has a character that folding changes (accent, œ, upper case).</summary>
    public static bool NeedsFolding(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
            if (c >= 128 || c is >= 'A' and <= 'Z') return true;
        return false;
    }
}
