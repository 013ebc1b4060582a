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

    string Shorten(string text) => Cut(text.Trim(), maxChars);

    /// <summary>The text cut at a word before <paramref name="max"/> characters, with « […] » (a quote in a summary).</summary>
    internal static string Cut(string text, int max)
    {
        if (text.Length <= max) return text;
        var cut = text.LastIndexOf(' ', max);
        return text[..(cut > max / 2 ? cut : max)].TrimEnd(',', ';', ':') + " […]";
    }

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
