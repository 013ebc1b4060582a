namespace Synthesis.Nlp.Sentiment;

/// <summary>
/// The expressions by which authors state their own feeling (« c'est une honte », « j'en ai marre », « bravo », « je
/// suis heureux de »), from <c>expressive-fr.tsv</c>: counted apart from the topic words that the polarity lexicons
/// also score, since a civic text's tone is the feeling its author expresses, not that of its subject. Expressions
/// and texts are read the same way (<see cref="SentimentFeatures.Normalise"/>: stems, folded accents, negation marked),
/// so a negated expression does not match. Immutable and thread-safe.
/// </summary>
public sealed class ExpressiveMarkers
{
    /// <summary>The file's name in the lexicons folder.</summary>
    public const string FileName = "expressive-fr.tsv";

    readonly Dictionary<string, List<(string[] Tokens, int Polarity)>> _byFirst;

    ExpressiveMarkers(Dictionary<string, List<(string[] Tokens, int Polarity)>> byFirst) => _byFirst = byFirst;

    /// <summary>No expression at all (a lexicons folder without the file).</summary>
    public static ExpressiveMarkers Empty => new([]);

    /// <summary>How many expressions were read.</summary>
    public int Expressions => _byFirst.Values.Sum(l => l.Count);

    /// <summary>Reads <c>expression TAB polarity</c> lines (# comments); an expression that reads as nothing is skipped.</summary>
    public static ExpressiveMarkers Parse(IEnumerable<string> lines, string source)
    {
        var byFirst = new Dictionary<string, List<(string[], int)>>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            if (line.Length == 0 || line[0] == '#') continue;
            var tab = line.IndexOf('\t');
            if (tab <= 0 || !int.TryParse(line[(tab + 1)..].Trim(), out var polarity) || polarity is not (1 or -1))
                throw new InvalidDataException($"{source}, line {number}: expected \"expression<TAB>1\" or \"expression<TAB>-1\"");
            var tokens = Words(SentimentFeatures.Normalise(line[..tab]));
            // an expression made only of markers (a bare negation) would match everywhere
            if (!tokens.Any(t => !t.StartsWith('_'))) continue;
            if (!byFirst.TryGetValue(tokens[0], out var list)) byFirst[tokens[0]] = list = [];
            list.Add((tokens, polarity));
        }
        foreach (var list in byFirst.Values) list.Sort((a, b) => b.Item1.Length.CompareTo(a.Item1.Length)); // longest first
        return new ExpressiveMarkers(byFirst);
    }

    /// <summary>The positive and negative expressions in a text given as <see cref="SentimentFeatures.Normalise"/> wrote it.</summary>
    public (int Positive, int Negative) Count(string normalised)
    {
        if (_byFirst.Count == 0) return (0, 0);
        var words = Words(normalised);
        int positive = 0, negative = 0;
        for (var i = 0; i < words.Length; i++)
        {
            if (!_byFirst.TryGetValue(words[i], out var candidates)) continue;
            foreach (var (tokens, polarity) in candidates)
            {
                if (i + tokens.Length > words.Length || !words.AsSpan(i, tokens.Length).SequenceEqual(tokens)) continue;
                if (polarity > 0) positive++; else negative++;
                i += tokens.Length - 1;
                break;
            }
        }
        return (positive, negative);
    }

    // the words after a contrast are doubled with "apres_": expressions match the plain ones
    static string[] Words(string normalised) =>
        normalised.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.StartsWith("apres_", StringComparison.Ordinal)).ToArray();
}
