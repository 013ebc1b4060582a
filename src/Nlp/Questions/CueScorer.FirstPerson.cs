using System.Collections.Frozen;

namespace Synthesis.Nlp.Questions;

/// <summary>First-person cues ("je", "nous", "on"): what the writer does (engagement) or undergoes (problem).</summary>
internal sealed partial class CueScorer
{
    // ---------------- first person ----------------

    static readonly FrozenSet<string> BeForms = new HashSet<string>(StringComparer.Ordinal)
        { "suis", "sommes", "serais", "serions", "etais", "etions", "serai", "serons" }.ToFrozenSet(StringComparer.Ordinal);
    static readonly FrozenSet<string> HaveForms = new HashSet<string>(StringComparer.Ordinal)
        { "ai", "avons", "avais", "avions", "aurais", "aurions", "aurai", "aurons" }.ToFrozenSet(StringComparer.Ordinal);
    static readonly FrozenSet<string> WeakAffect = new HashSet<string>(StringComparer.Ordinal)
    {
        "vois", "voyons", "vis", "vivons", "ressens", "sens", "sentons", "apercois", "note", "notons", "constate",
        "constatons", "observe", "observons", "remarque", "remarquons", "paie", "paye", "payons",
    }.ToFrozenSet(StringComparer.Ordinal);
    static readonly FrozenSet<string> TryVerbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "essaie", "essaye", "essayons", "tente", "tentons", "tache", "tachons", "efforce", "efforcons", "veille",
        "veillons", "continue", "continuons", "commence", "commencons", "engage", "engageons", "investis",
        "investissons", "implique", "impliquons", "participe", "participons", "aide", "aidons", "accompagne",
        "accompagnons", "organise", "organisons", "anime", "animons", "donne", "donnons", "milite", "militons",
        "agis", "agissons", "contribue", "contribuons", "benevole",
    }.ToFrozenSet(StringComparer.Ordinal);

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
}
