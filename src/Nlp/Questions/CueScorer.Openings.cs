using System.Collections.Frozen;

namespace Synthesis.Nlp.Questions;

/// <summary>Clause openings: a clause that opens on an infinitive ("Créer des jardins partagés") is a proposal cue, weighed by who would act.</summary>
internal sealed partial class CueScorer
{
    static readonly FrozenSet<string> OpeningSkips = new HashSet<string>(StringComparer.Ordinal)
    {
        "et", "ou", "puis", "ensuite", "enfin", "aussi", "egalement", "donc", "mais", "surtout", "notamment",
        "plutot", "voire", "bien", "mieux", "davantage", "vraiment", "tout", "deja", "encore", "peut", "etre",
        "a", "b", "c", "d", "e", "i", "ii", "iii", "iv", "v", "de", "abord", "premierement", "deuxiemement", "1er",
        "simplement", "absolument", "systematiquement", "progressivement", "rapidement", "davantage", "urgemment",
        "tres", "fortement", "beaucoup", "plus", "moins", "il", "faut", "faudrait", "soit", "par", "exemple", "ex",
    }.ToFrozenSet(StringComparer.Ordinal);
    static readonly FrozenSet<string> InfinitiveClitics = new HashSet<string>(StringComparer.Ordinal)
        { "se", "le", "la", "les", "leur", "lui", "y", "en", "nous", "me", "vous" }.ToFrozenSet(StringComparer.Ordinal);
    static readonly FrozenSet<string> NounLikeInfinitives = new HashSet<string>(StringComparer.Ordinal)
    {
        "pouvoir", "devoir", "savoir", "vouloir", "avoir", "etre", "vivre", "rire", "sourire", "devenir", "diner",
        "dejeuner", "souper", "gouter", "coucher", "lever", "manger", "boire", "parler", "dire", "faire", "voir",
        "penser", "mieux", "plaisir",
    }.ToFrozenSet(StringComparer.Ordinal);

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
