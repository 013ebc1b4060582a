using System.Text.RegularExpressions;

namespace Synthesis.Nlp.Summaries;

/// <summary>A passage a summary may rest on; its vector is optional (text similarity is used without it).</summary>
/// <param name="Contribution">Its contribution (one quote per contribution); null = its own.</param>
/// <param name="Stratum">What the summary should cover (a question, a sub-theme): the best passage of each is quoted first.</param>
/// <param name="Group">Its duplicate or campaign group (one quote per group); null = none.</param>
public sealed record SummaryPassage(long PassageId, string Text, float[]? Vector = null, long? Contribution = null, string? Stratum = null,
    long? Group = null);

/// <summary>
/// One sentence of a summary and the passages it rests on. An unsupported sentence (no valid citation) is kept
/// for the reviewer but must not be shown as fact.
/// </summary>
public sealed record SummarySentence(string Text, IReadOnlyList<long> Citations, bool Supported, IReadOnlyList<long>? InvalidCitations = null);

/// <param name="Method">"extractive", or "llm:MODEL" for an abstractive summary.</param>
public sealed record TopicSummary(IReadOnlyList<SummarySentence> Sentences, string Method)
{
    public IEnumerable<SummarySentence> Supported => Sentences.Where(s => s.Supported);
}

/// <summary>
/// Reads citations of the form [P12] or [P12, P40] at the end of sentences and checks each against the set of
/// passages the summary was allowed to use.
/// </summary>
public static partial class Citations
{
    public static string Tag(long passageId) => $"[P{passageId}]";

    public static IReadOnlyList<SummarySentence> Parse(string text, IReadOnlySet<long> allowed)
    {
        var sentences = new List<SummarySentence>();
        foreach (var raw in SplitSentences(text))
        {
            var ids = new List<long>();
            foreach (Match group in CitationGroup().Matches(raw))
                foreach (Match id in CitationId().Matches(group.Value))
                    ids.Add(long.Parse(id.Groups[1].Value));
            var clean = CitationGroup().Replace(raw, "").Trim();
            clean = Spaces().Replace(clean, " ").Replace(" .", ".").Replace(" ,", ",");
            if (clean.Length == 0 || !clean.Any(char.IsLetter)) continue;
            var valid = ids.Where(allowed.Contains).Distinct().ToList();
            var invalid = ids.Where(i => !allowed.Contains(i)).Distinct().ToList();
            sentences.Add(new SummarySentence(clean, valid, valid.Count > 0, invalid.Count > 0 ? invalid : null));
        }
        return sentences;
    }

    /// <summary>Sentence ends: a full stop (or ! ?) optionally followed by citations, then a space or the end.</summary>
    static IEnumerable<string> SplitSentences(string text)
    {
        var start = 0;
        foreach (Match m in SentenceEnd().Matches(text))
        {
            var end = m.Index + m.Length;
            yield return text[start..end];
            start = end;
        }
        if (start < text.Length) yield return text[start..];
    }

    [GeneratedRegex(@"\[\s*P?\d+(?:\s*[,;]\s*P?\d+)*\s*\]")] private static partial Regex CitationGroup();
    [GeneratedRegex(@"P?(\d+)")] private static partial Regex CitationId();
    [GeneratedRegex(@"[.!?…](?:\s*\[\s*P?\d+(?:\s*[,;]\s*P?\d+)*\s*\])*(?=\s|$)|(?<=\])\s*\n")] private static partial Regex SentenceEnd();
    [GeneratedRegex(@"\s+")] private static partial Regex Spaces();
}
