using System.Collections.Frozen;
using System.Globalization;
using Synthesis.Nlp.French;

namespace Synthesis.Nlp.Topics;

/// <summary>
/// French names for themes a report writer can keep: a short noun phrase read in the theme's own passages
/// (« Circuits courts », « Impôt sur le revenu et fiscalité ») rather than a keyword triple. Candidates are the
/// noun groups of the passages, found with the Lefff's word classes: a noun alone, a noun with its adjectives
/// (« énergies renouvelables »), a noun with its complement (« impôt sur le revenu », « transports en commun »).
/// Each is counted once per contribution (one long answer cannot name a theme) and ranked as the keywords are
/// (class-based TF-IDF against the siblings), a phrase of two content words before a single word of the same
/// weight. The name is the best phrase, joined by « et » to the next one on another subject when it is nearly as
/// strong; no phrase leads two siblings. Verbs are never candidates and stop words never start or end one.
/// </summary>
public sealed class TopicNamer(FrenchLemmatizer lemmatizer)
{
    /// <summary>Nouns too general to name anything.</summary>
    static readonly FrozenSet<string> Vague = FrozenSet.ToFrozenSet(
    [
        "chose", "fait", "cas", "façon", "manière", "exemple", "niveau", "moment", "fois", "part", "sorte", "gens",
        "an", "année", "jour", "lieu", "question", "oui", "non", "idée", "besoin", "personne", "point", "avis",
        "problème", "solution", "proposition", "place", "mesure", "monde", "vie", "temps", "rapport", "plan",
        "type", "partie", "fin", "effet", "sens", "ensemble", "nombre", "pays", "tout", "reste", "bien", "mal",
        "coup", "suite", "travers", "mise", "œuvre", "raison", "face", "égard", "base", "terme", "cadre",
    ], StringComparer.Ordinal);

    /// <summary>Prepositions that join a noun to its complement inside a name.</summary>
    static readonly FrozenSet<string> Joiners = FrozenSet.ToFrozenSet(["de", "du", "des", "d'", "d’", "en", "à", "au", "aux", "sur", "pour", "contre"], StringComparer.Ordinal);

    /// <summary>Articles allowed between the preposition and the complement (« impôt sur le revenu »).</summary>
    static readonly FrozenSet<string> Articles = FrozenSet.ToFrozenSet(["le", "la", "les", "l'", "l’"], StringComparer.Ordinal);

    /// <summary>Words before which a noun stands, never an adjective (determiners, possessives, demonstratives).</summary>
    static readonly FrozenSet<string> Determiners = FrozenSet.ToFrozenSet(
    [
        "le", "la", "les", "l'", "un", "une", "des", "du", "ce", "cet", "cette", "ces", "mon", "ma", "mes", "ton", "ta",
        "tes", "son", "sa", "ses", "notre", "nos", "votre", "vos", "leur", "leurs", "aux", "au", "chaque", "plusieurs",
    ], StringComparer.Ordinal);

    /// <summary>A candidate phrase: its key (lemmas), how it was written, its head lemma and its number of content words.</summary>
    public readonly record struct Phrase(string Key, string Surface, string Head, int ContentWords);

    /// <summary>
    /// The candidate phrases of each text. The Lefff table keeps one class per form and prefers the noun
    /// (« sociale », « courts », « locaux » are nouns there), so the texts themselves decide: a form that is hardly
    /// ever preceded by a determiner in them (under 1 time in 10, seen at least 3 times after another word) is read as an
    /// adjective.
    /// </summary>
    public NamingCorpus Read(IReadOnlyList<string> texts)
    {
        var tokens = new List<List<Token>>[texts.Count];
        Parallel.For(0, texts.Count, i => tokens[i] = Segments(texts[i]));
        var seen = new Dictionary<string, (int All, int AfterDeterminer)>(StringComparer.Ordinal);
        foreach (var text in tokens)
            foreach (var segment in text)
                // from the second word: a segment's first word (a title, « Géothermie : … », or a list item) follows nothing,
                // so it says nothing of how the texts use it
                for (var i = 1; i < segment.Count; i++)
                    if (segment[i].Class == LemmaClass.Noun)
                    {
                        var (all, det) = seen.GetValueOrDefault(segment[i].Form);
                        seen[segment[i].Form] = (all + 1, det + (Determiners.Contains(segment[i - 1].Form) ? 1 : 0));
                    }
        var adjectival = seen.Where(kv => kv.Value.All >= 3 && kv.Value.AfterDeterminer < 0.1 * kv.Value.All).Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
        var phrases = new IReadOnlyList<Phrase>[texts.Count];
        Parallel.For(0, texts.Count, i => phrases[i] = Phrases(tokens[i], adjectival));
        return new NamingCorpus(phrases);
    }

    /// <summary>The candidate noun phrases of one text, each once (no corpus: the Lefff's classes alone).</summary>
    public IReadOnlyList<Phrase> Phrases(string text) => Phrases(Segments(text), new HashSet<string>());

    readonly record struct Token(string Form, string Written, LemmaClass Class, string Lemma = "", bool Stop = true);

    IReadOnlyList<Phrase> Phrases(List<List<Token>> segments, HashSet<string> adjectival)
    {
        var result = new Dictionary<string, Phrase>(StringComparer.Ordinal);
        bool IsNoun(Token t) => t.Class == LemmaClass.Noun && !t.Stop && !adjectival.Contains(t.Form);
        bool IsAdjective(Token t) => (t.Class == LemmaClass.Adjective || t.Class == LemmaClass.Noun && adjectival.Contains(t.Form)) && !t.Stop;
        foreach (var words in segments)
        {
            for (var i = 0; i < words.Count; i++)
            {
                if (!IsNoun(words[i])) continue;
                // a noun right before another noun is an adjective in front of it (« grandes villes », « petits commerces »)
                if (i + 1 < words.Count && IsNoun(words[i + 1])) continue;
                var head = words[i].Lemma;
                if (head.Length < 3 || Vague.Contains(head)) continue;
                void Add(int end, int content, string key)
                {
                    var surface = string.Join(' ', words.Skip(i).Take(end - i + 1).Select(w => w.Written)).Replace("' ", "'");
                    result.TryAdd(key, new Phrase(key, surface, head, content));
                }
                Add(i, 1, head);
                // noun + adjectives
                var j = i + 1;
                var key = head;
                var content = 1;
                while (j < words.Count && content < 3 && IsAdjective(words[j]))
                {
                    key += " " + words[j].Lemma;
                    content++;
                    Add(j, content, key);
                    j++;
                }
                // noun + preposition (+ article) + noun (+ adjective)
                var k = i + 1;
                if (k < words.Count && Joiners.Contains(words[k].Form))
                {
                    var joiner = words[k].Form;
                    var m = k + 1;
                    if (m < words.Count && Articles.Contains(words[m].Form)) m++;
                    if (m < words.Count && IsNoun(words[m]))
                    {
                        var complement = words[m].Lemma;
                        if (complement.Length >= 3 && !Vague.Contains(complement))
                        {
                            var pkey = head + " " + joiner + " " + complement;
                            Add(m, 2, pkey);
                            if (m + 1 < words.Count && IsAdjective(words[m + 1]))
                                Add(m + 1, 3, pkey + " " + words[m + 1].Lemma);
                        }
                    }
                }
            }
        }
        return result.Values.ToList();
    }

    static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>Words with their classes, cut at punctuation (a phrase never crosses it); acronyms keep their capitals.</summary>
    List<List<Token>> Segments(string text)
    {
        var segments = new List<List<Token>>();
        var current = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsLetter(c))
            {
                var start = i;
                while (i < text.Length && (char.IsLetter(text[i]) || text[i] == '-' && i + 1 < text.Length && char.IsLetter(text[i + 1]))) i++;
                // an elided article or preposition keeps its apostrophe (« d'énergie », « l'eau »)
                var elided = i < text.Length && text[i] is '\'' or '’' && i - start <= 2;
                var word = text[start..i];
                if (elided) i++;
                var form = word.ToLowerInvariant();
                // acronyms keep their capitals, and so does a capital inside a sentence (« l'État », « Europe »)
                var written = word.Length is >= 2 and <= 6 && word.All(char.IsUpper) || char.IsUpper(word[0]) && current.Count > 0 && !word.Skip(1).Any(char.IsUpper)
                    ? word : form;
                if (elided) current.Add(new Token(form + "'", form + "'", LemmaClass.Closed));
                else
                {
                    var (lemma, cls, stop) = lemmatizer.Describe(form);
                    current.Add(new Token(form, written, cls, lemma, stop));
                }
                continue;
            }
            if (!char.IsWhiteSpace(c) && current.Count > 0) { segments.Add(current); current = []; }
            i++;
        }
        if (current.Count > 0) segments.Add(current);
        return segments;
    }

    /// <summary>A phrase's words as names compare them: lower case, accents folded, a plural's final s or x dropped.</summary>
    static string Words(string phrase) => string.Join(' ', FrenchFold.Fold(phrase)
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Select(w => w.Length > 3 && (w[^1] == 's' || w[^1] == 'x') ? w[..^1] : w));

    /// <summary>
    /// Names for sibling topics. <paramref name="siblings"/> holds each sibling's passages as (contribution, phrases);
    /// <paramref name="avoid"/> holds names taken elsewhere (a fixed label, a parent's name). Null where no phrase
    /// recurs enough: the caller keeps its keyword label.
    /// </summary>
    public static string?[] Name(IReadOnlyList<IReadOnlyList<(long Contribution, IReadOnlyList<Phrase> Phrases)>> siblings, ISet<string>? avoid = null)
    {
        // per sibling: phrase key -> contributions using it; the most frequent surface of each key
        var df = new Dictionary<string, int>[siblings.Count];
        var surfaces = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var phraseOf = new Dictionary<string, Phrase>(StringComparer.Ordinal);
        var total = new Dictionary<string, int>(StringComparer.Ordinal);
        var contributions = new int[siblings.Count];
        for (var s = 0; s < siblings.Count; s++)
        {
            var seen = new Dictionary<long, HashSet<string>>();
            foreach (var (contribution, phrases) in siblings[s])
            {
                var set = seen.TryGetValue(contribution, out var x) ? x : seen[contribution] = new HashSet<string>(StringComparer.Ordinal);
                foreach (var p in phrases)
                {
                    var bySurface = surfaces.TryGetValue(p.Key, out var y) ? y : surfaces[p.Key] = new Dictionary<string, int>(StringComparer.Ordinal);
                    bySurface[p.Surface] = bySurface.GetValueOrDefault(p.Surface) + 1;
                    phraseOf.TryAdd(p.Key, p);
                    set.Add(p.Key);
                }
            }
            contributions[s] = seen.Count;
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var set in seen.Values)
                foreach (var key in set) counts[key] = counts.GetValueOrDefault(key) + 1;
            foreach (var (key, n) in counts) total[key] = total.GetValueOrDefault(key) + n;
            df[s] = counts;
        }
        var average = siblings.Count == 0 ? 1 : df.Sum(d => d.Values.Sum()) / (double)siblings.Count;
        // the most frequent spelling of a phrase, with its accents where another text wrote the same words with them
        // (« Géothermie », though most typed « geothermie »), in the case of the most frequent
        string Surface(string key)
        {
            var best = surfaces[key].OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key;
            var folded = FrenchFold.Fold(best);
            static int Accents(string s) => s.Count(c => c > 127 && char.IsLetter(c));
            return surfaces[key].Keys.Where(s => FrenchFold.Fold(s) == folded && Accents(s) > Accents(best))
                .OrderByDescending(Accents).ThenByDescending(s => surfaces[key][s]).ThenBy(s => s, StringComparer.Ordinal)
                .Select(s => (char.IsUpper(best[0]) ? char.ToUpper(s[0], French) : char.ToLower(s[0], French)) + s[1..])
                .FirstOrDefault() ?? best;
        }

        var names = new string?[siblings.Count];
        var leads = new HashSet<string>(StringComparer.Ordinal);
        // names compare by their subjects, in any order and number, with or without accents (« Élus et citoyens » is
        // taken by « Citoyens et élus », « Production et industries » by « Production et industrie »)
        static string Subjects(string name) => string.Join('|', name.Split(" et ").Select(Words).Order(StringComparer.Ordinal));
        var taken = new HashSet<string>((avoid ?? new HashSet<string>()).Select(Subjects), StringComparer.Ordinal);
        // a part of a name already given says less than it (« Circuits » under « Circuits courts »)
        var given = (avoid ?? new HashSet<string>()).SelectMany(a => a.Split(" et ").Select(Words)).ToHashSet(StringComparer.Ordinal);
        bool Truncates(string surface)
        {
            var words = Words(surface);
            return given.Any(g => g != words && (" " + g + " ").Contains(" " + words + " ", StringComparison.Ordinal));
        }
        foreach (var s in Enumerable.Range(0, siblings.Count).OrderByDescending(s => siblings[s].Count).ThenBy(s => s))
        {
            // a phrase must recur: in 3 contributions (2 in a small topic), and 2% of a large one; else in 2
            var firstMinDf = contributions[s] < 50 ? 2 : Math.Max(3, (int)Math.Ceiling(0.02 * contributions[s]));
            foreach (var minDf in firstMinDf > 2 ? new[] { firstMinDf, 2 } : [firstMinDf])
            {
                if (names[s] is not null) break;
                var ranked = df[s]
                    .Where(kv => kv.Value >= minDf)
                    .Select(kv => (Key: kv.Key, Score: kv.Value * Math.Log(1 + average / total[kv.Key]) * (phraseOf[kv.Key].ContentWords > 1 ? 1.5 : 1.0)))
                    .OrderByDescending(x => x.Score).ThenBy(x => x.Key, StringComparer.Ordinal)
                    .Take(30).ToList();
                bool Free(string key) => !leads.Contains(key) && !leads.Contains(phraseOf[key].Head) && !taken.Contains(Subjects(Surface(key)))
                    && !Truncates(Surface(key));
                foreach (var candidate in ranked)
                {
                    if (!Free(candidate.Key)) continue;
                    var lead = candidate;
                    // a longer phrase of the same head that is nearly as frequent says more (« circuit » -> « circuits courts »)
                    foreach (var (key, score) in ranked)
                        if (key != lead.Key && key.StartsWith(lead.Key + " ", StringComparison.Ordinal) && df[s][key] >= 0.4 * df[s][lead.Key]
                            && key.Split(' ').Length <= 4 && Free(key))
                        { lead = (key, score); break; }
                    var leadHead = phraseOf[lead.Key].Head;
                    var leadWords = lead.Key.Split(' ').ToHashSet(StringComparer.Ordinal);
                    var name = Surface(lead.Key);
                    // a second subject when it is nearly as strong and says something else
                    foreach (var (key, score) in ranked)
                    {
                        if (key == lead.Key || score < 0.6 * lead.Score) continue;
                        var p = phraseOf[key];
                        if (p.Head == leadHead || key.Split(' ').Any(leadWords.Contains) || leads.Contains(key)) continue;
                        var joined = name + " et " + Surface(key);
                        if (joined.Split(' ').Length <= 6) name = joined;
                        break;
                    }
                    name = char.ToUpper(name[0], French) + name[1..];
                    if (!taken.Add(Subjects(name))) continue;
                    leads.Add(lead.Key);
                    leads.Add(leadHead);
                    names[s] = name;
                    break;
                }
            }
        }
        return names;
    }
}

/// <summary>The candidate phrases of every passage of a run (see <see cref="TopicNamer.Read"/>), by row.</summary>
public sealed class NamingCorpus(IReadOnlyList<TopicNamer.Phrase>[] phrases)
{
    /// <summary>The phrases of one passage.</summary>
    public IReadOnlyList<TopicNamer.Phrase> this[int row] => phrases[row];

    /// <summary>Names for sibling topics given as rows and each row's contribution (see <see cref="TopicNamer.Name"/>).</summary>
    public string?[] Name(IReadOnlyList<IReadOnlyList<int>> siblings, Func<int, long> contributionOf, ISet<string>? avoid = null) =>
        TopicNamer.Name(siblings.Select(rows => (IReadOnlyList<(long, IReadOnlyList<TopicNamer.Phrase>)>)rows.Select(r => (contributionOf(r), phrases[r])).ToList()).ToList(), avoid);
}
