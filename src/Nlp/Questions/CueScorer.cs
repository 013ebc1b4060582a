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
internal sealed class CueScorer
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

    static readonly HashSet<string> Copulas = new(StringComparer.Ordinal)
    {
        "est", "sont", "etait", "etaient", "devient", "deviennent", "reste", "restent", "semble", "semblent",
        "existe", "existent", "demeure", "demeurent", "ete",
    };
    static readonly HashSet<string> AitNonVerbs = new(StringComparer.Ordinal)
    {
        "fait", "lait", "souhait", "attrait", "portrait", "extrait", "parfait", "bienfait", "forfait", "mefait",
        "retrait", "trait", "plait", "abstrait", "distrait", "surfait", "imparfait", "refait", "satisfait",
    };

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

    static readonly HashSet<string> Governed = new(StringComparer.Ordinal)
        { "de", "a", "ne", "pas", "plus", "se", "le", "la", "les", "leur", "lui", "y", "en", "nous", "vous", "mieux", "davantage", "aussi", "egalement", "absolument", "vraiment", "donc", "tout", "simplement", "deja" };

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

    static readonly HashSet<string> RemedyWords = new(StringComparer.Ordinal)
    {
        "eviter", "evite", "evitons", "evitant", "limiter", "limite", "limitons", "limitant", "limitation", "reduire",
        "reduis", "reduisons", "reduisant", "reduction", "diminuer", "diminution", "lutter", "lutte", "luttons",
        "luttant", "combattre", "combat", "combattons", "contre", "stopper", "arreter", "arret", "supprimer",
        "suppression", "prevenir", "prevention", "eliminer", "elimination", "enrayer", "endiguer", "freiner",
        "remedier", "resoudre", "resolution", "anti", "zero", "fin", "reduisent", "rompre", "sortir", "face", "moins",
    };

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

    // ---------------- first person ----------------

    static readonly HashSet<string> BeForms = new(StringComparer.Ordinal)
        { "suis", "sommes", "serais", "serions", "etais", "etions", "serai", "serons" };
    static readonly HashSet<string> HaveForms = new(StringComparer.Ordinal)
        { "ai", "avons", "avais", "avions", "aurais", "aurions", "aurai", "aurons" };
    static readonly HashSet<string> WeakAffect = new(StringComparer.Ordinal)
    {
        "vois", "voyons", "vis", "vivons", "ressens", "sens", "sentons", "apercois", "note", "notons", "constate",
        "constatons", "observe", "observons", "remarque", "remarquons", "paie", "paye", "payons",
    };
    static readonly HashSet<string> TryVerbs = new(StringComparer.Ordinal)
    {
        "essaie", "essaye", "essayons", "tente", "tentons", "tache", "tachons", "efforce", "efforcons", "veille",
        "veillons", "continue", "continuons", "commence", "commencons", "engage", "engageons", "investis",
        "investissons", "implique", "impliquons", "participe", "participons", "aide", "aidons", "accompagne",
        "accompagnons", "organise", "organisons", "anime", "animons", "donne", "donnons", "milite", "militons",
        "agis", "agissons", "contribue", "contribuons", "benevole",
    };

    static void FirstPerson(FrenchTokens t, bool[] used, Hits hits)
    {
        for (int i = 0; i < t.Count; i++)
        {
            var subj = t.Folded[i];
            if (subj is not ("je" or "nous" or "on")) continue;
            hits.At = i;
            bool je = subj == "je", on = subj == "on";
            int j = i + 1;
            bool negated = false;
            int clitics = 0;
            while (j < t.Count && t.Before[j] == Boundary.None && clitics < 3 && QuestionCues.Clitics.Contains(t.Folded[j]))
            {
                if (t.Folded[j] == "ne") negated = true;
                j++;
                clitics++;
            }
            if (j >= t.Count || t.Before[j] != Boundary.None) continue;
            var v = t.Folded[j];
            if (subj == "nous" && !(v.EndsWith("ons", StringComparison.Ordinal) || v is "sommes" or "serions" or "aurions" or "avions" or "etions" or "pourrions" or "devrions" or "voudrions" or "faisions"))
                continue; // "nous" as an object ("il nous faut")
            if (je && v is "ne") continue;
            // negation particle after the verb
            int after = j + 1;
            if (after < t.Count && t.Before[after] == Boundary.None && t.Folded[after] is "pas" or "plus" or "jamais" or "rien" or "guere" or "point")
            {
                if (negated) after++;
            }
            double personWeight = on ? 0.4 : 1.0;
            // "l'air que je respire", "si je pouvais": a subordinate first person describes more than it reports
            if (i > 0 && t.Before[i] == Boundary.None && t.Folded[i - 1] is "que" or "dont" or "ou" or "si" or "quand" or "lorsque" or "comme" or "qui")
                personWeight *= 0.5;

            if (BeForms.Contains(v) || (on && v is "est" or "etait" or "serait"))
            {
                var pred = PredicateAfter(t, after);
                if (pred.engaged >= 0)
                {
                    bool conditional = v.StartsWith("ser", StringComparison.Ordinal) && v != "serai" && v != "serons";
                    hits.Add(conditional ? CueGroup.EngagePotential : CueGroup.EngageStatus, personWeight * (negated ? 0.3 : 1.2));
                    Mark(used, i, j); used[pred.engaged] = true;
                }
                else if (pred.affected >= 0)
                {
                    hits.Add(CueGroup.ProblemAffect, (on ? 0.7 : 1.0) * 1.0);
                    Mark(used, i, j); used[pred.affected] = true;
                }
                else if (pred.favour)
                {
                    hits.Add(CueGroup.SolutionPropose, 0.8);
                    Mark(used, i, j);
                }
                continue;
            }
            if (HaveForms.Contains(v) || (on && v is "a" or "avait" or "aurait"))
            {
                int p = after;
                while (p < t.Count && t.Before[p] == Boundary.None && QuestionCues.AuxAdverbs.Contains(t.Folded[p])) p++;
                if (p >= t.Count || t.Before[p] != Boundary.None) { continue; }
                var pf = t.Folded[p];
                if (pf is "besoin")
                {
                    hits.Add(CueGroup.ProblemLack, 0.6);
                    hits.Add(CueGroup.SolutionDeontic, 0.4);
                    Mark(used, i, p);
                }
                else if (pf is "peur" or "honte" or "mal" or "froid" or "chaud" or "faim"
                         || (pf == "du" && p + 1 < t.Count && t.Folded[p + 1] == "mal"))
                {
                    hits.Add(CueGroup.ProblemAffect, 0.9);
                    Mark(used, i, p);
                }
                else if (pf == "ete")
                {
                    var pred = PredicateAfter(t, p + 1);
                    if (pred.engaged >= 0) { hits.Add(CueGroup.EngageStatus, personWeight); used[pred.engaged] = true; }
                    else if (pred.affected >= 0) { hits.Add(CueGroup.ProblemAffect, 0.9); used[pred.affected] = true; }
                    Mark(used, i, p);
                }
                else if (v is "aurais" or "aurions" or "aurait" && QuestionCues.IsParticiple(t.Accented[p], pf))
                {
                    hits.Add(CueGroup.SolutionPropose, 0.5); // j'aurais aimé, on aurait dû
                    Mark(used, i, p);
                }
                else if (QuestionCues.IsParticiple(t.Accented[p], pf))
                {
                    if (pf is "pu" or "du" && negated) hits.Add(CueGroup.ProblemAffect, 0.9);
                    else if (QuestionCues.AffectParticiples.Contains(pf) && !QuestionCues.NeutralParticiples.Contains(pf)) hits.Add(CueGroup.ProblemAffect, 0.8);
                    else if (QuestionCues.NeutralParticiples.Contains(pf)) { }
                    else hits.Add(CueGroup.EngageAct, personWeight * 1.1);
                    Mark(used, i, p);
                }
                else if (negated)
                {
                    hits.Add(CueGroup.ProblemLack, on ? 0.6 : 0.9); // je n'ai pas de voiture, on n'a pas le choix
                    Mark(used, i, j);
                }
                else if (!on)
                {
                    hits.Add(CueGroup.EngagePractice, 0.3); // j'ai un composteur, nous avons un potager
                    Mark(used, i, j);
                }
                continue;
            }
            switch (v)
            {
                case "peux" or "pouvons" or "peut":
                    if (negated) hits.Add(CueGroup.ProblemLack, on ? 0.7 : 1.0);
                    else if (on) hits.Add(CueGroup.SolutionDeontic, 0.6);
                    else hits.Add(CueGroup.EngagePotential, 0.9);
                    Mark(used, i, j);
                    continue;
                case "pourrais" or "pourrions" or "pourrait":
                    if (on) hits.Add(CueGroup.SolutionDeontic, 1.0);
                    else if (negated) hits.Add(CueGroup.ProblemLack, 0.6);
                    else hits.Add(CueGroup.EngagePotential, 1.0);
                    Mark(used, i, j);
                    continue;
                case "dois" or "devons" or "doit" or "devrais" or "devrions" or "devrait" or "devra" or "devrons":
                    if (v is "dois" && !negated) hits.Add(CueGroup.ProblemAffect, 0.4); // je dois prendre la voiture
                    else hits.Add(CueGroup.SolutionDeontic, 1.0);
                    Mark(used, i, j);
                    continue;
                case "veux" or "voulons" or "veut":
                    if (after < t.Count && t.Folded[after] is "que" && t.Before[after] == Boundary.None) hits.Add(CueGroup.SolutionPropose, 0.9);
                    else if (after < t.Count && t.Folded[after] is "bien" && t.Before[after] == Boundary.None) hits.Add(CueGroup.EngagePotential, 0.9);
                    else if (!on) hits.Add(CueGroup.EngagePotential, 0.4);
                    Mark(used, i, j);
                    continue;
                case "vais" or "allons" or "va":
                    if (!on) { hits.Add(CueGroup.EngagePotential, 0.6); Mark(used, i, j); }
                    continue;
                case "manque" or "manquons":
                    hits.Add(CueGroup.ProblemLack, 1.2);
                    Mark(used, i, j);
                    continue;
                case "arrive" or "arrivons" or "parviens" or "parvenons":
                    if (negated) hits.Add(CueGroup.ProblemAffect, 1.0);
                    else if (!on) hits.Add(CueGroup.EngageAct, 0.6);
                    Mark(used, i, j);
                    continue;
                case "fait" or "fais" or "faisons" when on && negated:
                    hits.Add(CueGroup.ProblemLack, 0.5); // on ne fait rien
                    Mark(used, i, j);
                    continue;
            }
            if (QuestionCues.ProposalVerbs.Contains(v))
            {
                // volition with an infinitive of the speaker's own action is an intention ("je souhaite créer
                // une entreprise"); with "que", or wanting to have or be able to, it asks others for something
                bool volition = v is "souhaite" or "souhaitons" or "souhaiterais" or "souhaiterions" or "voudrais" or "voudrions" or "aimerais" or "aimerions" or "veux" or "voulons" or "prefererais" or "espere" or "esperons";
                int n = after;
                if (n < t.Count && t.Before[n] == Boundary.None && t.Folded[n] is "bien" or "vraiment" or "beaucoup") n++;
                if (volition && n < t.Count && t.Before[n] == Boundary.None && QuestionCues.IsInfinitive(t.Folded[n])
                    && t.Folded[n] is not ("pouvoir" or "avoir" or "voir" or "disposer" or "beneficier" or "trouver" or "etre"))
                    hits.Add(CueGroup.EngagePotential, personWeight * 0.9);
                else
                    hits.Add(CueGroup.SolutionPropose, 1.1);
                Mark(used, i, j);
                continue;
            }
            if (QuestionCues.AffectVerbs.Contains(v))
            {
                hits.Add(CueGroup.ProblemAffect, WeakAffect.Contains(v) ? 0.35 : 0.9);
                Mark(used, i, j);
                continue;
            }
            if (QuestionCues.OpinionVerbs.Contains(v)) continue;
            if (QuestionCues.IsConditional(v))
            {
                // je ferais, nous serions prêts: a potential contribution; on ferait: a proposal
                if (on) hits.Add(CueGroup.SolutionConditional, 0.8);
                else hits.Add(CueGroup.EngagePotential, 0.7);
                Mark(used, i, j);
                continue;
            }
            if (!LooksFinite(v, subj)) continue;
            double w = TryVerbs.Contains(v) ? 1.3 : 1.0;
            hits.Add(CueGroup.EngageAct, personWeight * w * (negated ? 0.8 : 1.0));
            Mark(used, i, j);
        }
    }

    static void Mark(bool[] used, int from, int to)
    {
        for (int k = from; k <= to; k++) used[k] = true;
    }

    /// <summary>A present-indicative shape for the subject: je -e/-s/-x/-ai, nous -ons, on -e/-t/-d/-a.</summary>
    static bool LooksFinite(string v, string subj)
    {
        if (v.Length < 2 || char.IsDigit(v[0])) return false;
        return subj switch
        {
            "je" => v[^1] is 'e' or 's' or 'x' || v.EndsWith("ai", StringComparison.Ordinal),
            "nous" => v.EndsWith("ons", StringComparison.Ordinal),
            _ => v[^1] is 'e' or 't' or 'd' or 'a',
        };
    }

    static (int engaged, int affected, bool favour) PredicateAfter(FrenchTokens t, int from)
    {
        for (int k = from; k < t.Count && k < from + 4; k++)
        {
            if (k > from && t.Before[k] != Boundary.None) break;
            var w = t.Folded[k];
            if (w is "favorable" or "favorables" or "pour" or "contre" && k == from) return (-1, -1, true);
            foreach (var p in QuestionCues.EngagedPredicatePrefixes)
                if (Starts(t, k, p)) return (k, -1, false);
            foreach (var p in QuestionCues.AffectedPredicatePrefixes)
                if (Starts(t, k, p)) return (-1, k, false);
            if (w is "tres" or "bien" or "assez" or "trop" or "plus" or "moins" or "aussi" or "deja" or "toujours" or "un" or "une" or "tout" or "toute" or "pas" or "vraiment" or "souvent" or "egalement" or "actuellement" or "moi" or "personnellement" or "meme" or "de" or "du" or "en" or "au") continue;
            break;
        }
        return (-1, -1, false);
    }

    static bool Starts(FrenchTokens t, int k, string prefix)
    {
        int sp = prefix.IndexOf(' ');
        if (sp < 0) return t.Folded[k].StartsWith(prefix, StringComparison.Ordinal);
        return t.Folded[k] == prefix[..sp] && k + 1 < t.Count && t.Before[k + 1] == Boundary.None
            && t.Folded[k + 1].StartsWith(prefix[(sp + 1)..], StringComparison.Ordinal);
    }

    // ---------------- clause openings ----------------

    static (bool individual, bool institutional) AgentOf(IEnumerable<string> lemmas)
    {
        bool ind = false, inst = false;
        foreach (var l in lemmas)
        {
            ind |= QuestionCues.IndividualVerbs.Contains(l);
            inst |= QuestionCues.InstitutionalVerbs.Contains(l);
        }
        return (ind, inst);
    }

    /// <summary>Candidate infinitives of a gerund form: recyclant -> recycler, choisissant -> choisir.</summary>
    static string[] GerundLemmas(string g)
    {
        var stem = g[..^3];
        var list = new List<string> { stem + "er", stem + "ir", stem + "re" };
        if (stem.EndsWith("iss", StringComparison.Ordinal)) list.Add(stem[..^3] + "ir");
        if (stem.EndsWith("ge", StringComparison.Ordinal)) list.Add(stem[..^1] + "r"); // mangeant -> manger
        if (stem.EndsWith("c", StringComparison.Ordinal)) list.Add(stem[..^1] + "cer");
        if (stem.EndsWith("uis", StringComparison.Ordinal)) list.Add(stem[..^1] + "re"); // reduisant -> reduire
        return list.ToArray();
    }

    static readonly HashSet<string> OpeningSkips = new(StringComparer.Ordinal)
    {
        "et", "ou", "puis", "ensuite", "enfin", "aussi", "egalement", "donc", "mais", "surtout", "notamment",
        "plutot", "voire", "bien", "mieux", "davantage", "vraiment", "tout", "deja", "encore", "peut", "etre",
        "a", "b", "c", "d", "e", "i", "ii", "iii", "iv", "v", "de", "abord", "premierement", "deuxiemement", "1er",
        "simplement", "absolument", "systematiquement", "progressivement", "rapidement", "davantage", "urgemment",
        "tres", "fortement", "beaucoup", "plus", "moins", "il", "faut", "faudrait", "soit", "par", "exemple", "ex",
    };
    static readonly HashSet<string> InfinitiveClitics = new(StringComparer.Ordinal)
        { "se", "le", "la", "les", "leur", "lui", "y", "en", "nous", "me", "vous" };
    static readonly HashSet<string> NounLikeInfinitives = new(StringComparer.Ordinal)
    {
        "pouvoir", "devoir", "savoir", "vouloir", "avoir", "etre", "vivre", "rire", "sourire", "devenir", "diner",
        "dejeuner", "souper", "gouter", "coucher", "lever", "manger", "boire", "parler", "dire", "faire", "voir",
        "penser", "mieux", "plaisir",
    };

    void ClauseOpenings(FrenchTokens t, Hits hits)
    {
        var infinitives = new List<(bool ind, bool inst, double sw, int at)>();
        for (int i = 0; i < t.Count; i++)
        {
            if (i > 0 && t.Before[i] == Boundary.None) continue;
            hits.At = i;
            bool strong = i == 0 || t.Before[i] == Boundary.Strong;
            int k = i;
            // skip numbering, conjunctions and adverbs (but "il faut" is a deontic cue, already counted: skip it)
            while (k < t.Count && (k == i || t.Before[k] == Boundary.None)
                   && (char.IsDigit(t.Folded[k][0]) || OpeningSkips.Contains(t.Folded[k])) && k - i < 4)
            {
                if (t.Folded[k] is "plus" or "moins" && k + 1 < t.Count && t.Folded[k + 1] == "de") break;
                k++;
            }
            if (k >= t.Count || (k > i && t.Before[k] != Boundary.None)) continue;
            var w = t.Folded[k];

            if (w == "pour" && k + 1 < t.Count && t.Folded[k + 1] is "commencer" or "finir" or "conclure" && t.Before[k + 1] == Boundary.None)
            {
                k += 2; // "Pour commencer, ..."
                if (k >= t.Count || t.Before[k] == Boundary.Strong) continue;
                w = t.Folded[k];
            }
            if (w == "que" && strong && k == i)
            {
                hits.Add(CueGroup.SolutionImperative, 0.7); // "Que chaque citoyen ...", "Qu'il y ait ..."
                continue;
            }
            if (w == "pas" && k + 1 < t.Count && t.Folded[k + 1] == "de" && t.Before[k + 1] == Boundary.None)
            {
                hits.Add(CueGroup.ProblemLack, 0.8); // "Pas de transports le soir"
                continue;
            }
            if (w is "plus" or "davantage" or "moins" && k + 1 < t.Count && t.Folded[k + 1] == "de" && t.Before[k + 1] == Boundary.None)
            {
                // "Plus de moyens" asks for more of something, "Plus de violence" reports more of an evil;
                // "Moins de pollution" asks for less of an evil, "Moins d'oiseaux" reports a loss
                bool negative = false;
                for (int q = k + 2; q < t.Count && q < k + 5 && t.Before[q] == Boundary.None && !negative; q++)
                    negative = IsNegativeWord(t.Folded[q]);
                if (w == "moins")
                {
                    if (negative) hits.Add(CueGroup.SolutionImprove, 0.6);
                    else hits.Add(CueGroup.ProblemTrend, 0.35);
                }
                else if (negative) hits.Add(CueGroup.ProblemTrend, 0.6);
                else hits.Add(CueGroup.SolutionImprove, 0.5);
                continue;
            }
            if (w == "en" && k + 1 < t.Count && t.Before[k + 1] == Boundary.None && t.Folded[k + 1] is { Length: > 5 } g && g.EndsWith("ant", StringComparison.Ordinal))
            {
                // gerund answer: "en recyclant", "en taxant les ..."
                var (ind, inst) = AgentOf(GerundLemmas(g));
                if (ind && !inst) hits.Add(CueGroup.EngageInfinitive, 0.5);
                else if (inst) hits.Add(CueGroup.SolutionInfinitive, 0.5);
                continue;
            }
            if (QuestionCues.IsImperative(w))
            {
                hits.Add(CueGroup.SolutionImperative, strong ? 0.9 : 0.6);
                continue;
            }
            int m = k;
            if (w == "ne" && m + 1 < t.Count && t.Folded[m + 1] is "pas" or "plus" or "jamais") m += 2;
            bool article = false;
            int cl = 0;
            while (m < t.Count && cl < 2 && InfinitiveClitics.Contains(t.Folded[m]) && (m == k || t.Before[m] == Boundary.None))
            {
                if (t.Folded[m] is "le" or "la" or "les") article = true;
                m++;
                cl++;
            }
            if (m >= t.Count || (m > k && t.Before[m] != Boundary.None)) continue;
            var inf = t.Folded[m];
            if (!QuestionCues.IsInfinitive(inf)) continue;
            if (article && NounLikeInfinitives.Contains(inf)) continue; // "Le pouvoir d'achat", "le devenir"
            double sw = strong ? 1.0 : 0.6;
            bool reflexive = m > k && t.Folded[m - 1] == "se";
            var (individual, institutional) = AgentOf([inf]);
            if (reflexive) individual = true;
            infinitives.Add((individual, institutional, sw, i));
        }

        // A run of infinitive clauses none of which needs an institution ("Manger local, limiter ses achats,
        // préparer ses repas") lists practices one adopts: the ambiguous ones read as practices too.
        int nInd = infinitives.Count(x => x.ind && !x.inst), nInst = infinitives.Count(x => x.inst && !x.ind);
        bool practiceList = nInst == 0 && nInd >= 2;
        foreach (var (individual, institutional, sw, at) in infinitives)
        {
            hits.At = at;
            if (practiceList)
            {
                hits.Add(CueGroup.EngageInfinitive, 0.6 * sw);
                hits.Add(CueGroup.SolutionInfinitive, 0.3 * sw);
            }
            else if (individual && !institutional)
            {
                hits.Add(CueGroup.EngageInfinitive, 0.5 * sw); // "Manger local", "Se déplacer à vélo"
                hits.Add(CueGroup.SolutionInfinitive, 0.45 * sw);
            }
            else if (individual)
            {
                hits.Add(CueGroup.SolutionInfinitive, 0.75 * sw);
                hits.Add(CueGroup.EngageInfinitive, 0.25 * sw);
            }
            else hits.Add(CueGroup.SolutionInfinitive, (institutional ? 1.1 : 0.9) * sw);
        }
    }
}
