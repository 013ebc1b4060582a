using System.Collections.Frozen;
using Synthesis.Nlp.French;
using System.Text;

namespace Synthesis.Nlp.Sentiment;

/// <summary>
/// The text an ML.NET sentiment model sees, normalised here because ML.NET's own French normalisation does not work:
/// <see cref="FrenchText.Tokenize"/> (lower case, accents folded, elisions split), Snowball stems, and French
/// negation marked on the words it governs ("pas terrible" becomes "non_terribl") until the clause ends, so the
/// model learns "non_bon" apart from "bon". Contrast words ("mais", "pourtant") mark what follows with "apres_" as
/// well, since the part after the contrast usually carries the writer's verdict.
/// </summary>
public static class SentimentFeatures
{
    static readonly FrozenSet<string> Negations = FrozenSet.ToFrozenSet(["ne", "n", "pas", "jamais", "rien", "sans", "aucun", "aucune", "ni", "guere", "personne", "nul", "nulle"], StringComparer.Ordinal);
    static readonly FrozenSet<string> Contrasts = FrozenSet.ToFrozenSet(["mais", "pourtant", "cependant", "toutefois", "neanmoins"], StringComparer.Ordinal);

    /// <summary>How many words after a negation are marked (the lexicon scorer's own scope is similar).</summary>
    public const int NegationScope = 3;

    [ThreadStatic] static char[]? t_buffer;
    [ThreadStatic] static FrenchToken[]? t_tokens;

    /// <summary>Space-separated features of one text: stems, negated stems, stems after a contrast.</summary>
    public static string Normalise(string text)
    {
        var buffer = t_buffer ??= new char[1024];
        var tokens = t_tokens ??= new FrenchToken[256];
        var n = FrenchText.Tokenize(text, ref buffer, ref tokens);
        t_buffer = buffer.Length > 1 << 20 ? null : buffer;
        t_tokens = tokens.Length > 1 << 16 ? null : tokens;
        var sb = new StringBuilder(text.Length + 16);
        var negated = 0;
        var afterContrast = false;
        for (var i = 0; i < n; i++)
        {
            var t = tokens[i];
            if (t.Kind is TokenKind.SentenceEnd or TokenKind.Exclamation or TokenKind.Question)
            {
                negated = 0;
                afterContrast = false;
                if (t.Kind == TokenKind.Exclamation) Append(sb, "_exclamation");
                if (t.Kind == TokenKind.Question) Append(sb, "_question");
                continue;
            }
            if (t.Kind == TokenKind.ClauseBreak) { negated = 0; continue; }
            var word = new string(buffer, t.Start, t.Length);
            if (t.Kind == TokenKind.Symbol) { Append(sb, word); continue; }
            if (Negations.Contains(word)) { negated = NegationScope; Append(sb, "_negation"); continue; }
            if (Contrasts.Contains(word)) { afterContrast = true; negated = 0; Append(sb, "_contrast"); continue; }
            if (word.Length < 2) continue;
            var stem = FrenchStemmer.Stem(word);
            if (negated > 0) { Append(sb, "non_" + stem); negated--; }
            else Append(sb, stem);
            if (afterContrast) Append(sb, "apres_" + stem);
        }
        return sb.ToString();
    }

    static void Append(StringBuilder sb, string feature)
    {
        if (sb.Length > 0) sb.Append(' ');
        sb.Append(feature);
    }
}
