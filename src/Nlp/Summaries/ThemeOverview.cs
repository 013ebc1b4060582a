using System.Globalization;
using System.Text;

namespace Synthesis.Nlp.Summaries;

/// <summary>A theme's passage as the overview reads it.</summary>
/// <param name="Question">« problem », « engagement », « solution » or another value.</param>
/// <param name="Sentiment">« negative », « neutral » or « positive ».</param>
/// <param name="SubTheme">The name of the sub-theme holding it; null when it sits in the theme itself.</param>
/// <param name="Centrality">Cosine to the theme's centre: the most typical passage of a group is quoted.</param>
public sealed record OverviewPassage(long PassageId, long Contribution, string Text, string? Question, string? Sentiment, string? SubTheme,
    double Centrality, long? Group = null)
{
    /// <summary>The machine gave its question type without being sure of it (and no reviewer confirmed it).</summary>
    public bool QuestionUncertain { get; init; }

    /// <summary>The same for its tone.</summary>
    public bool ToneUncertain { get; init; }
}

/// <summary>
/// « En bref »: a short structured synthesis of a theme, assembled offline from its passages, every sentence carrying
/// the passages it rests on: what is said and by how many (passages, contributions, the main sub-themes), the problems,
/// the engagement and the solutions named (how many passages, where they concentrate, one quoted), and whether the
/// contributors disagree (the split between negative and positive passages, one quote of each) or share one tone.
/// A sentence is only written when passages support it; the quotes are the passages' own words, cut at a word.
/// </summary>
public static partial class ThemeOverview
{
    /// <summary>The method name stored with the overview.</summary>
    public const string Method = "overview";

    /// <summary>
    /// Each tone needs this share of the toned passages for the theme to read as divided (17 negative against 3 positive
    /// is mostly critical, not divided).
    /// </summary>
    public const double DividedShare = 0.3;

    /// <summary>
    /// A tone is claimed when at least this many passages express one, or <see cref="ToneShare"/> of the theme's: one
    /// passage of 339 makes no « surtout favorable ».
    /// </summary>
    public const int ToneMinimum = 3;

    /// <summary>See <see cref="ToneMinimum"/>.</summary>
    public const double ToneShare = 0.2;

    static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>The overview of a theme of <paramref name="passages"/>, out of <paramref name="totalContributions"/> in the consultation.</summary>
    public static TopicSummary Write(IReadOnlyList<OverviewPassage> passages, int totalContributions)
    {
        var sentences = new List<SummarySentence>();
        if (passages.Count == 0) return new TopicSummary(sentences, Method);
        var contributions = passages.Select(p => p.Contribution).Distinct().Count();
        var subThemes = passages.Where(p => p.SubTheme is not null).GroupBy(p => p.SubTheme!)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(3).ToList();
        var said = $"{N(passages.Count)} passage{S(passages.Count)} de {N(contributions)} contribution{S(contributions)}"
            + (totalContributions > 0 ? $" ({Percent(contributions, totalContributions)} des contributions)" : "");
        var opening = Best(passages, 1);
        if (subThemes.Count >= 2)
        {
            var named = subThemes.Select(g => $"« {g.Key} » ({N(g.Count())})").ToList();
            var cited = subThemes.Select(g => Best(g.ToList(), 1)).SelectMany(x => x).ToList();
            sentences.Add(new SummarySentence($"{said}, surtout sur {Join(named)}.", cited.Select(p => p.PassageId).ToList(), true));
        }
        else sentences.Add(new SummarySentence($"{said}.", opening.Select(p => p.PassageId).ToList(), true));

        foreach (var (question, title) in new[] { ("problem", "Problèmes signalés"), ("engagement", "Engagement des habitants"), ("solution", "Solutions proposées") })
        {
            var group = passages.Where(p => p.Question == question).ToList();
            if (group.Count == 0) continue;
            var quote = Best(Sure(group, p => p.QuestionUncertain), 1).Single();
            var where = group.Where(p => p.SubTheme is not null).GroupBy(p => p.SubTheme!)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).FirstOrDefault();
            // « surtout » where most of them are, not on a tie
            var place = where is not null && subThemes.Count >= 2 && where.Count() * 2 > group.Count ? $", surtout dans « {where.Key} »" : "";
            sentences.Add(new SummarySentence(
                $"{title} : {N(group.Count)} passage{S(group.Count)} ({Percent(group.Count, passages.Count)}){place}, par exemple « {Shorten(quote.Text)} ».",
                [quote.PassageId], true));
        }

        var negative = passages.Where(p => p.Sentiment == "negative").ToList();
        var positive = passages.Where(p => p.Sentiment == "positive").ToList();
        var toned = negative.Count + positive.Count;
        if (toned > 0 && toned < ToneMinimum && toned < ToneShare * passages.Count)
        {
            var few = negative.Concat(positive).OrderByDescending(p => p.Centrality).ThenBy(p => p.PassageId).ToList();
            sentences.Add(new SummarySentence(toned == 1
                    ? $"Le ton est surtout neutre : seul 1 passage sur {N(passages.Count)} exprime un avis."
                    : $"Le ton est surtout neutre : seuls {N(toned)} passages sur {N(passages.Count)} expriment un avis.",
                few.Select(p => p.PassageId).ToList(), true));
        }
        else if (toned > 0 && negative.Count >= DividedShare * toned && positive.Count >= DividedShare * toned && negative.Count > 0 && positive.Count > 0)
        {
            var (neg, pos) = (Best(Sure(negative, p => p.ToneUncertain), 1).Single(), Best(Sure(positive, p => p.ToneUncertain), 1).Single());
            sentences.Add(new SummarySentence(
                $"Avis partagés : {N(negative.Count)} passage{S(negative.Count)} négatif{S(negative.Count)} et {N(positive.Count)} positif{S(positive.Count)}, "
                + $"de « {Shorten(neg.Text, 140)} » à « {Shorten(pos.Text, 140)} ».", [neg.PassageId, pos.PassageId], true));
        }
        else if (toned > 0)
        {
            var (major, word) = negative.Count >= positive.Count ? (negative, "critique") : (positive, "favorable");
            var quote = Best(Sure(major, p => p.ToneUncertain), 1).Single();
            var other = major == negative ? "favorable" : "critique";
            sentences.Add(new SummarySentence(major.Count == toned && toned > 1
                    // « 11 passages sur 11 » says it less plainly
                    ? $"Le ton est {word} : aucun des {N(toned)} passages qui expriment un avis n'est {other}, par exemple « {Shorten(quote.Text)} »."
                    : $"Le ton est surtout {word} : {N(major.Count)} passage{S(major.Count)} sur {N(toned)} qui {(toned > 1 ? "expriment" : "exprime")} un avis, par exemple « {Shorten(quote.Text)} ».",
                [quote.PassageId], true));
        }
        return new TopicSummary(sentences, Method);
    }

    /// <summary>
    /// The passages whose label the machine is sure of (or a reviewer gave), when there are any: an example of
    /// « Problèmes signalés » the machine doubts is a problem too often is not one.
    /// </summary>
    static List<OverviewPassage> Sure(List<OverviewPassage> group, Func<OverviewPassage, bool> uncertain)
    {
        var sure = group.Where(p => !uncertain(p) && Voices.Substantive(p.Text)).ToList();
        return sure.Count > 0 ? sure : group;
    }

    /// <summary>The most central substantive passages of distinct contributions (<see cref="Voices"/>), readable ones first.</summary>
    static List<OverviewPassage> Best(IReadOnlyList<OverviewPassage> group, int count)
    {
        var candidates = group.Select(p => new Voices.Candidate([1f], p.Centrality, p.Contribution, p.Group, [], p.Text)).ToList();
        // a quote a reader takes in at once: a sentence or two, neither a fragment nor a page, nor a heading or a shout
        return Voices.Select(candidates, count, [], lambda: 1.0,
                i => group[i].Text.Length switch { < 40 => 0.85, <= 220 => 1.0, _ => 0.8 } * Voices.Readability(group[i].Text))
            .Select(i => group[i]).ToList();
    }

    static string N(int n) => n.ToString("N0", French);

    static string S(int n) => n > 1 ? "s" : "";

    static string Percent(int part, int whole) =>
        whole == 0 || part == 0 ? "0 %" : 100.0 * part / whole < 1 ? "moins de 1 %" : (100.0 * part / whole).ToString("0", French) + " %";

    static string Join(IReadOnlyList<string> items) => items.Count switch
    {
        0 => "",
        1 => items[0],
        _ => string.Join(", ", items.Take(items.Count - 1)) + " et " + items[^1],
    };

    /// <summary>The text on one line, cut at a word before <paramref name="max"/> characters with « […] ».</summary>
    public static string Shorten(string text, int max = 200) => ExtractiveSummarizer.Cut(OneLine(text).TrimEnd('.'), max);

    /// <summary>
    /// A passage's words as a quote prints them: on one line, single spaces, without the private-use glyphs a word
    /// processor's bullets leave (U+F0FC, a Wingdings tick, printed as a box), and the choices of a multiple-choice
    /// answer, which the Grand Débat export joins with « | », separated as a reader would (« Le vélo ; La marche »).
    /// </summary>
    public static string OneLine(string text) =>
        string.Join(' ', SeparateChoices(new string(text.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.PrivateUse).ToArray()))
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// The text as it is but for the « | » joining a multiple-choice answer's choices (the Grand Débat export's), written
    /// « ; » as a reader would (« Le vélo ; La marche »); <paramref name="at"/> gives where each character of the text
    /// lands in the result, and the result's length last, so that offsets into the text (search highlights) follow.
    /// </summary>
    public static string SeparateChoices(string text, out int[] at)
    {
        at = new int[text.Length + 1];
        var result = new StringBuilder(text.Length + 8);
        var from = 0;
        foreach (System.Text.RegularExpressions.Match bar in ChoiceBar().Matches(text))
        {
            for (; from < bar.Index; from++) { at[from] = result.Length; result.Append(text[from]); }
            for (; from < bar.Index + bar.Length; from++) at[from] = result.Length;
            result.Append(" ; ");
        }
        for (; from < text.Length; from++) { at[from] = result.Length; result.Append(text[from]); }
        at[text.Length] = result.Length;
        return result.ToString();
    }

    /// <summary>The text as it is but for a multiple-choice answer's « | », written « ; » (<see cref="SeparateChoices(string, out int[])"/>).</summary>
    public static string SeparateChoices(string text) => SeparateChoices(text, out _);

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<=\S) ?\| ?(?=\S)")]
    private static partial System.Text.RegularExpressions.Regex ChoiceBar();
}
