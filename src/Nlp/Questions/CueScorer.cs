using System.Collections.Frozen;

namespace Synthesis.Nlp.Questions;

/// <summary>The evidence found in one text: a weight per cue family, then per question type.</summary>
internal sealed class CueEvidence
{
    public readonly double[] Groups = new double[QuestionCues.GroupCount];
    public int Tokens;

    public double Category(int c)
    {
        double s = 0;
        for (int g = 0; g < Groups.Length; g++)
            if (QuestionCues.Category((CueGroup)g) == c) s += Groups[g];
        return s;
    }
}

/// <summary>
/// Finds the cues of <see cref="QuestionCues"/> in a text. Stateless after construction and thread-safe.
/// Four passes over the folded tokens: (1) first-person clauses (subject je / nous / on, clitics, verb: what kind
/// of verb says whether the speaker acts, proposes, or is affected); (2) phrase cues, longest match first, each
/// token used once; (3) conditional mood on the remaining words; (4) clause openings: infinitive, imperative or
/// jussive "que" proposals, "pas de" lacks, "plus de" demands. A soft overlap with the French question
/// descriptions is added last.
/// </summary>
internal sealed partial class CueScorer
{
    const double Decay = 0.8; // each further hit of the same family counts a little less
    static readonly double[] DecayPowers = Enumerable.Range(0, 40).Select(n => Math.Pow(Decay, n)).ToArray();

    sealed class PTok
    {
        public required string Text;
        public bool Prefix;
        public bool Any;
        public bool Matches(string t) => Any || (Prefix ? t.StartsWith(Text, StringComparison.Ordinal) : t == Text);
    }

    sealed record Compiled(PTok[] Seq, CueGroup Group, double Weight);

    /// <summary>A trie of the phrase cues: one edge per word, prefix edges for "stem*", an edge for "_".</summary>
    sealed class Node
    {
        public Dictionary<string, Node>? Exact;
        public List<(string Prefix, Node Next)>? Prefixes;
        public Node? Any;
        public Compiled? Terminal;

        public Node Child(PTok tok)
        {
            if (tok.Any) return Any ??= new Node();
            if (tok.Prefix)
            {
                Prefixes ??= [];
                foreach (var (p, n) in Prefixes) if (p == tok.Text) return n;
                var node = new Node();
                Prefixes.Add((tok.Text, node));
                return node;
            }
            Exact ??= new Dictionary<string, Node>(StringComparer.Ordinal);
            if (!Exact.TryGetValue(tok.Text, out var next)) Exact[tok.Text] = next = new Node();
            return next;
        }
    }

    readonly Dictionary<string, Node> _roots = new(StringComparer.Ordinal);     // first word
    readonly Dictionary<string, List<(string Prefix, Node Next)>> _rootPrefixes = new(StringComparer.Ordinal); // first 3 letters of a first stem
    readonly HashSet<string>[] _descriptionStems = new HashSet<string>[3];
    readonly List<PTok> _negativeWords = []; // one-word cues of problem families: the valence of a noun

    public static CueScorer Default { get; } = new();


    CueScorer()
    {
        foreach (var cue in QuestionCues.Phrases)
            foreach (var seq in Expand(cue.Pattern))
            {
                if (seq.Length == 0) continue;
                var c = new Compiled(seq, cue.Group, cue.Weight);
                if (seq.Length == 1 && cue.Group is CueGroup.ProblemLexicon or CueGroup.ProblemTrend or CueGroup.ProblemJudgement or CueGroup.ProblemWord or CueGroup.ProblemAffect or CueGroup.ProblemExcess)
                    _negativeWords.Add(seq[0]);
                var first = seq[0];
                if (first.Any) throw new InvalidOperationException($"cue starts with a wildcard: {cue.Pattern}");
                Node node;
                if (first.Prefix)
                {
                    if (first.Text.Length < 3) throw new InvalidOperationException($"prefix too short: {cue.Pattern}");
                    var key = first.Text[..3];
                    if (!_rootPrefixes.TryGetValue(key, out var list)) _rootPrefixes[key] = list = [];
                    int found = list.FindIndex(e => e.Prefix == first.Text);
                    if (found < 0) { list.Add((first.Text, new Node())); found = list.Count - 1; }
                    node = list[found].Next;
                }
                else if (!_roots.TryGetValue(first.Text, out node!)) _roots[first.Text] = node = new Node();
                for (int k = 1; k < seq.Length; k++) node = node.Child(seq[k]);
                if (node.Terminal is null || node.Terminal.Weight < c.Weight) node.Terminal = c;
            }

        var descriptions = new[] { QuestionDescriptions.Problem, QuestionDescriptions.Engagement, QuestionDescriptions.Solution };
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var sets = descriptions.Select(d => new HashSet<string>(ContentStems(FrenchTokens.Parse(d)), StringComparer.Ordinal)).ToArray();
        foreach (var s in sets)
            foreach (var stem in s)
                counts[stem] = counts.GetValueOrDefault(stem) + 1;
        for (int c = 0; c < 3; c++)
            _descriptionStems[c] = new HashSet<string>(sets[c].Where(st => counts[st] == 1), StringComparer.Ordinal);
    }

    static IEnumerable<string> ContentStems(FrenchTokens t)
    {
        for (int i = 0; i < t.Count; i++)
        {
            var w = t.Folded[i];
            if (w.Length < 4 || QuestionCues.StopWords.Contains(w) || char.IsDigit(w[0])) continue;
            yield return w.Length > 6 ? w[..6] : w;
        }
    }

    // ---------------- pattern compilation ----------------

    static List<PTok[]> Expand(string pattern)
    {
        // split into top-level elements: {alt,alt}, (optional), word
        var elements = new List<List<PTok[]>>();
        int i = 0;
        while (i < pattern.Length)
        {
            char ch = pattern[i];
            if (ch == ' ') { i++; continue; }
            if (ch == '{' || ch == '(')
            {
                char close = ch == '{' ? '}' : ')';
                int end = pattern.IndexOf(close, i);
                var inner = pattern[(i + 1)..end];
                var alts = inner.Split(',').Select(a => Words(a)).ToList();
                if (ch == '(') alts.Add([]);
                elements.Add(alts);
                i = end + 1;
                continue;
            }
            int stop = pattern.IndexOf(' ', i);
            if (stop < 0) stop = pattern.Length;
            elements.Add([Words(pattern[i..stop])]);
            i = stop;
        }
        var result = new List<PTok[]> { Array.Empty<PTok>() };
        foreach (var alts in elements)
        {
            var next = new List<PTok[]>(result.Count * alts.Count);
            foreach (var head in result)
                foreach (var alt in alts)
                    next.Add([.. head, .. alt]);
            result = next;
        }
        return result;
    }

    static PTok[] Words(string phrase)
    {
        var toks = new List<PTok>();
        foreach (var raw in phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (raw == "_") { toks.Add(new PTok { Text = "", Any = true }); continue; }
            bool prefix = raw.EndsWith('*');
            var body = prefix ? raw[..^1] : raw;
            var parsed = FrenchTokens.Parse(body);
            for (int k = 0; k < parsed.Count; k++)
                toks.Add(new PTok { Text = parsed.Folded[k], Prefix = prefix && k == parsed.Count - 1 });
        }
        return toks.ToArray();
    }

    // ---------------- scoring ----------------

    /// <summary>The cue hits of one text, each with the token where it was found.</summary>
    sealed class Hits
    {
        public int At;
        public readonly List<(CueGroup Group, double Weight, int At)> List = new(32);
        public void Add(CueGroup g, double w) => List.Add((g, w, At));
    }

    /// <summary>
    /// Sums the hits per family, each further hit of a family counting a little less. In a clause whose
    /// illocution is a proposal (deontic, proposal verb, infinitive or imperative opening), the words of problems
    /// describe the proposal's target ("ouvrir les cantines aux personnes âgées isolées"), and so do the words
    /// of engagement ("soutenir le bénévolat"): they count half.
    /// </summary>
    static void Aggregate(FrenchTokens t, Hits hits, double[] groups)
    {
        var clause = new int[t.Count];
        for (int k = 1; k < t.Count; k++) clause[k] = clause[k - 1] + (t.Before[k] == Boundary.Strong ? 1 : 0);
        var proposing = new HashSet<int>();
        foreach (var (g, _, at) in hits.List)
            if (g is CueGroup.SolutionDeontic or CueGroup.SolutionPropose or CueGroup.SolutionInfinitive or CueGroup.SolutionImperative)
                proposing.Add(clause[Math.Min(at, t.Count - 1)]);
        var counts = new int[QuestionCues.GroupCount];
        foreach (var (g, w0, at) in hits.List)
        {
            double w = w0;
            if (g is CueGroup.ProblemLexicon or CueGroup.ProblemPublic or CueGroup.ProblemTrend or CueGroup.ProblemExcess or CueGroup.EngageVocab
                && proposing.Contains(clause[Math.Min(at, t.Count - 1)]))
                w *= 0.5;
            int n = counts[(int)g]++;
            groups[(int)g] += w * (n < DecayPowers.Length ? DecayPowers[n] : 0);
        }
    }

    public CueEvidence Evidence(string? text) => Evidence(FrenchTokens.Parse(text));

    public CueEvidence Evidence(FrenchTokens t)
    {
        var ev = new CueEvidence { Tokens = t.Count };
        if (t.Count == 0) return ev;
        var hits = new Hits();
        var used = new bool[t.Count];

        FirstPerson(t, used, hits);
        Phrases(t, used, hits);

        for (int i = 0; i < t.Count; i++)
        {
            if (used[i]) continue;
            hits.At = i;
            var w = t.Folded[i];
            if (QuestionCues.IsConditional(w)) hits.Add(CueGroup.SolutionConditional, 0.6);
            else if (IsDescriptiveVerb(w, i > 0 ? t.Folded[i - 1] : "")) hits.Add(CueGroup.ProblemStatement, 0.2);
        }
        ClauseOpenings(t, hits);

        if (hits.List.Count == 0)
        {
            // A noun phrase and nothing else. With a definite article it presupposes that its referent exists
            // ("Le chômage des jeunes", "La solitude"): a state of affairs pointed at. Without one it reads as
            // a heading or an item of a wish list ("Géothermie", "Transports gratuits"): a measure or a means.
            // An enumeration of short noun phrases ("Les transports en commun | Le vélo | Le covoiturage") is a
            // menu of options, whatever the articles.
            int items = 1;
            for (int k = 1; k < t.Count; k++) if (t.Before[k] != Boundary.None) items++;
            bool enumeration = items >= 2 && t.Count <= items * 6;
            if (!enumeration && t.Folded[0] is "le" or "la" or "les" or "ce" or "cette" or "ces" or "notre" or "nos" or "leur" or "leurs")
                hits.Add(CueGroup.ProblemStatement, 0.3);
            else
                hits.Add(CueGroup.SolutionNominal, 0.3);
        }
        Aggregate(t, hits, ev.Groups);

        // soft prior: words of the question descriptions
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var desc = new double[3];
        foreach (var stem in ContentStems(t))
        {
            if (!seen.Add(stem)) continue;
            for (int c = 0; c < 3; c++)
                if (_descriptionStems[c].Contains(stem)) desc[c] += 0.1;
        }
        ev.Groups[(int)CueGroup.DescriptionProblem] = Math.Min(desc[0], 0.5);
        ev.Groups[(int)CueGroup.DescriptionEngagement] = Math.Min(desc[1], 0.5);
        ev.Groups[(int)CueGroup.DescriptionSolution] = Math.Min(desc[2], 0.5);
        return ev;
    }

    static readonly FrozenSet<string> Copulas = new HashSet<string>(StringComparer.Ordinal)
    {
        "est", "sont", "etait", "etaient", "devient", "deviennent", "reste", "restent", "semble", "semblent",
        "existe", "existent", "demeure", "demeurent", "ete",
    }.ToFrozenSet(StringComparer.Ordinal);
    static readonly FrozenSet<string> AitNonVerbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "fait", "lait", "souhait", "attrait", "portrait", "extrait", "parfait", "bienfait", "forfait", "mefait",
        "retrait", "trait", "plait", "abstrait", "distrait", "surfait", "imparfait", "refait", "satisfait",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// A third-person copula or an imperfect: the text describes how things are or were (a finding), unless
    /// "ce"/"il" make it a presentative ("c'est", "il est").
    /// </summary>
    static bool IsDescriptiveVerb(string w, string previous)
    {
        if (previous is "ce" or "il" or "cela" or "ca") return false;
        if (Copulas.Contains(w)) return true;
        if (w.Length >= 6 && w.EndsWith("aient", StringComparison.Ordinal)) return true;
        return w.Length >= 5 && w.EndsWith("ait", StringComparison.Ordinal) && !AitNonVerbs.Contains(w);
    }

    bool IsNegativeWord(string w)
    {
        foreach (var p in _negativeWords)
            if (p.Matches(w)) return true;
        return false;
    }

    void Phrases(FrenchTokens t, bool[] used, Hits hits)
    {
        int i = 0;
        while (i < t.Count)
        {
            if (used[i]) { i++; continue; }
            hits.At = i;
            var w = t.Folded[i];
            Compiled? best = null;
            if (_roots.TryGetValue(w, out var root)) Walk(root, t, used, i + 1, ref best);
            if (w.Length >= 3 && _rootPrefixes.TryGetValue(w[..3], out var plist))
                foreach (var (prefix, next) in plist)
                    if (w.StartsWith(prefix, StringComparison.Ordinal)) Walk(next, t, used, i + 1, ref best);
            if (best is null) { i++; continue; }
            if (best.Group is CueGroup.ProblemLexicon or CueGroup.ProblemTrend && RemedyBefore(t, i))
                hits.Add(CueGroup.SolutionImprove, 0.3); // "lutter contre l'isolement", "éviter le gaspillage"
            else
                hits.Add(best.Group, best.Weight);
            // a deontic operator governing an infinitive: "il faudrait ouvrir", "pourquoi ne pas créer",
            // "devrait être reconnu": the proposal's own verb
            if (best.Group is CueGroup.SolutionDeontic or CueGroup.SolutionPropose && InfinitiveAfter(t, i + best.Seq.Length))
                hits.Add(CueGroup.SolutionInfinitive, 0.5);
            for (int k = 0; k < best.Seq.Length; k++) used[i + k] = true;
            i += best.Seq.Length;
        }
    }

    static readonly FrozenSet<string> Governed = new HashSet<string>(StringComparer.Ordinal)
        { "de", "a", "ne", "pas", "plus", "se", "le", "la", "les", "leur", "lui", "y", "en", "nous", "vous", "mieux", "davantage", "aussi", "egalement", "absolument", "vraiment", "donc", "tout", "simplement", "deja" }.ToFrozenSet(StringComparer.Ordinal);

    static bool InfinitiveAfter(FrenchTokens t, int k)
    {
        for (int n = 0; k < t.Count && n < 4; k++, n++)
        {
            if (t.Before[k] != Boundary.None) return false;
            if (Governed.Contains(t.Folded[k])) continue;
            return QuestionCues.IsInfinitive(t.Folded[k]);
        }
        return false;
    }

    static readonly FrozenSet<string> RemedyWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "eviter", "evite", "evitons", "evitant", "limiter", "limite", "limitons", "limitant", "limitation", "reduire",
        "reduis", "reduisons", "reduisant", "reduction", "diminuer", "diminution", "lutter", "lutte", "luttons",
        "luttant", "combattre", "combat", "combattons", "contre", "stopper", "arreter", "arret", "supprimer",
        "suppression", "prevenir", "prevention", "eliminer", "elimination", "enrayer", "endiguer", "freiner",
        "remedier", "resoudre", "resolution", "anti", "zero", "fin", "reduisent", "rompre", "sortir", "face", "moins",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Whether a problem word is the object of a remedy ("lutter contre la précarité", "éviter le gaspillage",
    /// "réduire la pollution"): a valence shifter, like negation for sentiment; the clause proposes or acts.
    /// </summary>
    static bool RemedyBefore(FrenchTokens t, int i)
    {
        for (int k = i - 1; k >= 0 && k >= i - 5; k--)
        {
            if (RemedyWords.Contains(t.Folded[k])) return true;
            if (t.Before[k] != Boundary.None) break;
        }
        return false;
    }

    /// <summary>Follows the trie from a matched word; keeps the longest cue, then the heaviest.</summary>
    static void Walk(Node node, FrenchTokens t, bool[] used, int j, ref Compiled? best)
    {
        if (node.Terminal is { } c && (best is null || c.Seq.Length > best.Seq.Length || (c.Seq.Length == best.Seq.Length && c.Weight > best.Weight)))
            best = c;
        if (j >= t.Count || used[j] || t.Before[j] != Boundary.None) return;
        var w = t.Folded[j];
        if (node.Exact is not null && node.Exact.TryGetValue(w, out var next)) Walk(next, t, used, j + 1, ref best);
        if (node.Prefixes is not null)
            foreach (var (prefix, n) in node.Prefixes)
                if (w.StartsWith(prefix, StringComparison.Ordinal)) Walk(n, t, used, j + 1, ref best);
        if (node.Any is not null) Walk(node.Any, t, used, j + 1, ref best);
    }
}
