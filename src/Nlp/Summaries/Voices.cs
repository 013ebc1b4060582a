using System.Numerics.Tensors;

namespace Synthesis.Nlp.Summaries;

/// <summary>
/// Chooses the passages a theme is quoted by so that a report hears many voices: substantive passages only (at
/// least <see cref="MinWords"/> words: no « Non. », no « Aucun ! », no list of ticked choices), one per contribution and one per group of
/// duplicates or campaign copies, the best of each stratum first (the theme's sub-themes, the three questions), then
/// central and unlike each other (maximal marginal relevance). A contribution gives a second passage only when the
/// topic has fewer than three contributions to quote.
/// </summary>
public static class Voices
{
    /// <summary>Words a quote needs.</summary>
    public const int MinWords = 4;

    /// <summary>The three questions of a consultation, which quotes and summaries cover: problem, engagement, solution.</summary>
    public static readonly IReadOnlyList<string> AskedQuestions = ["problem", "engagement", "solution"];

    /// <summary>Fewest distinct quotes sought before a contribution may be quoted twice.</summary>
    public const int MinVoices = 3;

    /// <summary>A passage that may be quoted.</summary>
    /// <param name="Centrality">Cosine to the topic's centre (higher is more typical).</param>
    /// <param name="Contribution">Its contribution.</param>
    /// <param name="Group">Its duplicate or campaign group, null when it has none.</param>
    /// <param name="Strata">The strata it belongs to (« problem », a sub-theme's ID...).</param>
    public readonly record struct Candidate(float[] Vector, double Centrality, long Contribution, long? Group, IReadOnlyList<string> Strata, string Text);

    /// <summary>The number of words of a text (tokens with a letter).</summary>
    public static int WordCount(string text)
    {
        var count = 0;
        var inWord = false;
        var hasLetter = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (inWord && hasLetter) count++;
                inWord = hasLetter = false;
                continue;
            }
            inWord = true;
            hasLetter |= char.IsLetter(c);
        }
        if (inWord && hasLetter) count++;
        return count;
    }

    /// <summary>
    /// True when a text says enough to be quoted: <see cref="MinWords"/> words at least, and not a form's ticked choices
    /// joined by « | » (« Les transports en commun|Le covoiturage|Le vélo », as the Grand Débat exports them): a reader
    /// takes them for a sentence cut short.
    /// </summary>
    public static bool Substantive(string text) => WordCount(text) >= MinWords && !ChoiceList(text);

    /// <summary>« II - », « 3. », « B) » at the start of a text: a heading of a written contribution.</summary>
    static readonly System.Text.RegularExpressions.Regex NumberedHeading = new(@"^(?:[IVX]+|\d+|[A-Z])\s*[-–.)/]\s", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>Words that tie a sentence to the one before it, at its start.</summary>
    static readonly System.Text.RegularExpressions.Regex LeadingConnective = new(
        @"^(?:mais|et|donc|puis|or|car|sinon|ensuite|enfin|par contre|partant de là|d'autre part|de plus)\b",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>
    /// How well a passage reads quoted alone, as a factor on its rank (1: a sentence): lower for what starts in the middle
    /// of a sentence (a lower-case word, a bracket, a dash: « (la plupart du temps… », « puis… »; a word tying it to the
    /// sentence before: « Mais… », « Partant de là, … »), a numbered heading
    /// (« II - Le deuxième sujet… »), text typed in capitals, and rules of dashes (« ---------Les situations »).
    /// </summary>
    public static double Readability(string text)
    {
        var t = text.TrimStart();
        if (t.Length == 0) return 0.5;
        var factor = 1.0;
        var first = t[0];
        if (char.IsLower(first) || first is '(' or '[' or '-' or '–' or '—' or ',' or ';' or ':' or '.' or '…') factor *= 0.7;
        if (NumberedHeading.IsMatch(t)) factor *= 0.5;
        // a sentence that answers the one before it (« Mais c'est compliqué… », « Partant de là, … ») reads cut off alone
        if (LeadingConnective.IsMatch(t)) factor *= 0.7;
        int letters = 0, upper = 0;
        foreach (var c in t)
            if (char.IsLetter(c)) { letters++; if (char.IsUpper(c)) upper++; }
        if (letters >= 12 && upper > 0.4 * letters) factor *= 0.5;
        if (t.Contains("---", StringComparison.Ordinal) || t.Contains("___", StringComparison.Ordinal) || t.Contains("...", StringComparison.Ordinal) && t.Split("...").Length > 3) factor *= 0.7;
        return factor;
    }

    /// <summary>True for a form answer of two or more ticked choices joined by « | ».</summary>
    public static bool ChoiceList(string text) => text.Split('|').Count(part => !string.IsNullOrWhiteSpace(part)) >= 2;

    /// <summary>
    /// Up to <paramref name="count"/> candidates (their indices, in the order chosen): first the most central of each
    /// stratum of <paramref name="strata"/> in that order, then by maximal marginal relevance (weight
    /// <paramref name="lambda"/> on centrality, the rest against the closest already chosen).
    /// <paramref name="prior"/> multiplies a candidate's centrality (a length prior, for instance).
    /// </summary>
    public static List<int> Select(IReadOnlyList<Candidate> candidates, int count, IReadOnlyList<string> strata, double lambda = 0.7,
        Func<int, double>? prior = null)
    {
        var eligible = Enumerable.Range(0, candidates.Count).Where(i => Substantive(candidates[i].Text)).ToList();
        // a topic of one-word answers only still gets quoted
        if (eligible.Count == 0) eligible = Enumerable.Range(0, candidates.Count).ToList();
        double Score(int i) => candidates[i].Centrality * (prior?.Invoke(i) ?? 1.0);
        var chosen = new List<int>();
        var contributions = new HashSet<long>();
        var groups = new HashSet<long>();
        var texts = new HashSet<string>(StringComparer.Ordinal);
        var normal = new string?[candidates.Count]; // each text's folded words (as duplicates are found), once, when first compared
        string NormalOf(int i) => normal[i] ??= string.Join(' ', Topics.DuplicateDetector.Words(candidates[i].Text));
        bool Free(int i, bool allowSameContribution) =>
            !chosen.Contains(i) && (allowSameContribution || !contributions.Contains(candidates[i].Contribution))
            && !(candidates[i].Group is long g && groups.Contains(g)) && (texts.Count == 0 || !texts.Contains(NormalOf(i)));
        void Take(int i)
        {
            chosen.Add(i);
            contributions.Add(candidates[i].Contribution);
            if (candidates[i].Group is long g) groups.Add(g);
            texts.Add(NormalOf(i));
        }

        foreach (var stratum in strata)
        {
            if (chosen.Count >= count) break;
            var best = -1;
            foreach (var i in eligible)
                if (candidates[i].Strata.Contains(stratum) && (best < 0 || Score(i) > Score(best)) && Free(i, false)) best = i;
            if (best >= 0) Take(best);
        }
        // MMR over the most central candidates, one per contribution; then, below three quotes, a contribution may give another
        var pool = eligible.OrderByDescending(Score).ThenBy(i => i).Take(200).ToList();
        foreach (var allowSame in new[] { false, true })
        {
            while (chosen.Count < count && (!allowSame || chosen.Count < MinVoices))
            {
                var best = -1;
                var bestScore = double.NegativeInfinity;
                foreach (var i in pool)
                {
                    if (!Free(i, allowSame)) continue;
                    double redundancy = 0;
                    foreach (var c in chosen) redundancy = Math.Max(redundancy, TensorPrimitives.Dot(candidates[i].Vector, candidates[c].Vector));
                    var score = lambda * Score(i) - (1 - lambda) * redundancy;
                    if (score > bestScore) { bestScore = score; best = i; }
                }
                if (best < 0) break;
                Take(best);
            }
        }
        return chosen;
    }

}
