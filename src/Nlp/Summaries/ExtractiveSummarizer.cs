using System.Collections.Frozen;
using Synthesis.Nlp.French;
using System.Numerics.Tensors;
using Synthesis.Nlp.Sentiment;

namespace Synthesis.Nlp.Summaries;

/// <summary>
/// The offline default: picks 3 to 7 passages that are central to the topic and different from each other
/// (maximal marginal relevance), from distinct contributions and duplicate groups, substantive, the best of each
/// stratum first (<see cref="Voices"/>), each quoted and cited by its passage ID. Nothing is invented; every
/// sentence is a citizen's own words.
/// </summary>
public sealed class ExtractiveSummarizer(int min = 3, int max = 7, double diversity = 0.3, int maxChars = 320)
{
    public TopicSummary Summarize(IReadOnlyList<SummaryPassage> passages)
    {
        if (passages.Count == 0) return new TopicSummary([], "extractive");
        var vectors = passages.All(p => p.Vector is not null) ? passages.Select(p => p.Vector!).ToArray() : BagOfWords(passages);
        var centroid = new float[vectors[0].Length];
        foreach (var v in vectors) TensorPrimitives.Add(centroid, v, centroid);
        var norm = TensorPrimitives.Norm(centroid);
        if (norm > 0) TensorPrimitives.Divide(centroid, norm, centroid);

        var want = Math.Clamp((int)Math.Round(Math.Sqrt(passages.Count)), min, max);
        var candidates = passages.Select((p, i) => new Voices.Candidate(vectors[i], TensorPrimitives.Dot(vectors[i], centroid),
            p.Contribution ?? -1 - p.PassageId, p.Group, p.Stratum is null ? [] : [p.Stratum], p.Text)).ToList();
        // the strata in order of size, each quoted once before the rest; very short passages say little: a mild length prior
        var strata = passages.Where(p => p.Stratum is not null).GroupBy(p => p.Stratum!).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).ToList();
        var chosen = Voices.Select(candidates, want, strata, 1 - diversity, i => 0.7 + 0.3 * Math.Min(1.0, passages[i].Text.Length / 80.0));
        var sentences = chosen.Select(i => new SummarySentence($"« {Shorten(passages[i].Text)} »", [passages[i].PassageId], true)).ToList();
        return new TopicSummary(sentences, "extractive");
    }

    string Shorten(string text) => Cut(ThemeOverview.OneLine(text), maxChars);

    /// <summary>
    /// The text cut at a word before <paramref name="max"/> characters, with « […] » (a quote in a summary). A cut never
    /// separates a negation from its second word, which would reverse what the contributor said (« … n'y sont […] » for
    /// « n'y sont pas soumises »): the cut moves on past « pas » when it comes within a few words, else back before « ne ».
    /// </summary>
    internal static string Cut(string text, int max)
    {
        if (text.Length <= max) return text;
        var cut = text.LastIndexOf(' ', max);
        var end = KeepNegation(text, cut > max / 2 ? cut : max);
        if (end >= text.Length) return text;
        // nor on a word that announces the rest (« … de drogues et […] »)
        for (var i = 0; i < 2; i++)
        {
            var space = text.LastIndexOf(' ', end - 1);
            if (space <= max / 2 || !Dangling.Contains(text[(space + 1)..end].TrimEnd(',', ';', ':'))) break;
            end = space;
        }
        return text[..end].TrimEnd(',', ';', ':') + " […]";
    }

    static readonly FrozenSet<string> Dangling = FrozenSet.ToFrozenSet(["et", "ou", "de", "d'", "la", "le", "les", "l'", "des", "du", "à", "au", "aux", "en", "pour", "par",
        "sur", "un", "une", "que", "qui", "dans", "avec", "sans", "mais", "donc", "car", "ni", "ce", "ces", "son", "sa", "ses", "leur", "leurs", "notre", "nos"],
        StringComparer.OrdinalIgnoreCase);

    static readonly FrozenSet<string> NegationEnds = FrozenSet.ToFrozenSet(["pas", "plus", "jamais", "rien", "point", "guère", "personne", "aucun", "aucune", "nul", "nulle", "ni", "que", "qu"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Where to end a cut at <paramref name="end"/> so that a « ne » kept before it keeps its second word.</summary>
    static int KeepNegation(string text, int end)
    {
        var words = System.Text.RegularExpressions.Regex.Matches(text, @"[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*");
        var kept = words.Where(w => w.Index + w.Length <= end).ToList();
        // the last « ne » / « n'… » among the kept words, and whether its second word is kept too
        var at = -1;
        for (var i = kept.Count - 1; i >= Math.Max(0, kept.Count - 4); i--)
            if (IsNe(kept[i].Value)) { at = i; break; }
        if (at < 0 || kept.Skip(at + 1).Any(w => NegationEnds.Contains(w.Value))) return end;
        var next = words.Where(w => w.Index >= end).Take(4).ToList();
        var close = next.FindIndex(w => NegationEnds.Contains(w.Value));
        if (close >= 0) return next[close].Index + next[close].Length;
        var before = kept[at].Index;
        return text.LastIndexOf(' ', Math.Max(0, before - 1)) is var space and > 0 ? space : end;
    }

    static bool IsNe(string word) => word.Equals("ne", StringComparison.OrdinalIgnoreCase)
        || word.Length > 2 && (word[0] is 'n' or 'N') && word[1] is '\'' or '’' && !word[2..].StartsWith("importe", StringComparison.OrdinalIgnoreCase);

    /// <summary>Hashed bag of normalised words, for passages that come without vectors.</summary>
    static float[][] BagOfWords(IReadOnlyList<SummaryPassage> passages)
    {
        const int dims = 1024;
        return passages.Select(p =>
        {
            var v = new float[dims];
            foreach (var token in FrenchText.Fold(p.Text).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                if (token.Length > 2) v[(int)((uint)StableHash(token) % dims)] += 1;
            var n = TensorPrimitives.Norm(v);
            if (n > 0) TensorPrimitives.Divide(v, n, v);
            return v;
        }).ToArray();
    }

    static int StableHash(string s)
    {
        unchecked
        {
            var h = (int)2166136261;
            foreach (var c in s) h = (h ^ c) * 16777619;
            return h;
        }
    }
}
