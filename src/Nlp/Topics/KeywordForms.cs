using Synthesis.Nlp.French;

namespace Synthesis.Nlp.Topics;

/// <summary>
/// A topic's keywords as its passages write them. The keywords are ranked as lemmas and lemma pairs
/// (« obsolescence programmer », « payer impôt », « transaction financier »), which read as broken French on a theme's
/// page; each is shown in the form the passages write most often (« obsolescence programmée », « payer des impôts »,
/// « transactions financières »). A pair keeps the short words between its two (« train de vie »), at most
/// <see cref="MaxBetween"/> and never across punctuation or a number, where its two words are written side by side
/// instead. A form is in lower case but for the words the passages capitalise inside a sentence (« l'État », « TVA »,
/// « Marc Chesney »); a form without accents gives way to the same words written with them (« géothermie »), and
/// one with accents stays as most write it (« élevage », though a few typed « élévage »).
/// </summary>
public sealed class KeywordForms(FrenchLemmatizer lemmatizer)
{
    /// <summary>The most words a pair's written form keeps between its two content words.</summary>
    public const int MaxBetween = 3;

    readonly record struct Seen(string Term, string Written, bool InSentence);

    /// <summary>
    /// The written form of each of <paramref name="terms"/> (lemmas, or two lemmas joined by a space) that the texts
    /// hold; a term they never hold is left out. The same texts give the same forms.
    /// </summary>
    public IReadOnlyDictionary<string, string> Write(IReadOnlyList<string> texts, IReadOnlySet<string> terms)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(terms);
        var seen = new List<Seen>[texts.Count];
        Parallel.For(0, texts.Count, i => seen[i] = Read(texts[i], terms));
        // per term: each lower-case form, how often, and how it is written inside sentences
        var forms = new Dictionary<string, Dictionary<string, (int Count, Dictionary<string, int> Cased)>>(StringComparer.Ordinal);
        foreach (var text in seen)
            foreach (var s in text)
            {
                var byLower = forms.TryGetValue(s.Term, out var f) ? f : forms[s.Term] = new(StringComparer.Ordinal);
                var lower = s.Written.ToLowerInvariant();
                var (count, cased) = byLower.TryGetValue(lower, out var x) ? x : (0, new Dictionary<string, int>(StringComparer.Ordinal));
                if (s.InSentence) cased[s.Written] = cased.GetValueOrDefault(s.Written) + 1;
                byLower[lower] = (count + 1, cased);
            }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (term, byLower) in forms)
        {
            var best = byLower.OrderByDescending(kv => kv.Value.Count).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key;
            var folded = FrenchFold.Fold(best);
            static int Accents(string s) => s.Count(c => c > 127 && char.IsLetter(c));
            // typed without accents: the same words with theirs (not a typo's extra accent over the usual spelling: « élévage »)
            if (Accents(best) == 0)
                best = byLower.Keys.Where(k => FrenchFold.Fold(k) == folded && Accents(k) > 0)
                    .OrderByDescending(k => byLower[k].Count).ThenBy(k => k, StringComparer.Ordinal)
                    .FirstOrDefault() ?? best;
            // capitals where most of the times the passages write it inside a sentence have them
            var cased = byLower[best].Cased;
            var inSentence = cased.Values.Sum();
            var top = cased.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).FirstOrDefault();
            result[term] = inSentence > 0 && top.Key != best && 2 * top.Value >= inSentence ? top.Key : best;
        }
        return result;
    }

    /// <summary>Each term of one text, as written, and whether it stands inside a sentence (not at its start).</summary>
    List<Seen> Read(string text, IReadOnlySet<string> terms)
    {
        var list = new List<Seen>();
        var words = lemmatizer.ContentLemmaSpans(text);
        for (var i = 0; i < words.Count; i++)
        {
            var (lemma, span) = words[i];
            if (terms.Contains(lemma)) list.Add(new Seen(lemma, Clean(text[span]), InSentence(text, span.Start.Value)));
            // pairs as the keywords make them (TopicLabeler.Terms): two different lemmas in a row
            if (i + 1 >= words.Count || string.Equals(lemma, words[i + 1].Lemma, StringComparison.Ordinal)) continue;
            var pair = lemma + " " + words[i + 1].Lemma;
            if (!terms.Contains(pair)) continue;
            var next = words[i + 1].Written;
            var written = Joins(text.AsSpan(span.End.Value, next.Start.Value - span.End.Value))
                ? text[span.Start.Value..next.End.Value]
                : text[span] + " " + text[next];
            list.Add(new Seen(pair, Clean(written), InSentence(text, span.Start.Value)));
        }
        return list;
    }

    /// <summary>Whether what lies between a pair's two words may be shown with them: a few words, no punctuation, no number.</summary>
    static bool Joins(ReadOnlySpan<char> between)
    {
        var words = 0;
        var inWord = false;
        foreach (var c in between)
        {
            if (char.IsLetter(c)) { if (!inWord) words++; inWord = true; continue; }
            inWord = false;
            if (!char.IsWhiteSpace(c) && c is not ('\'' or '’' or '-')) return false;
        }
        return words <= MaxBetween;
    }

    /// <summary>One line, single spaces, straight apostrophes.</summary>
    static string Clean(string written) =>
        string.Join(' ', written.Replace('’', '\'').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>Whether a word starts inside a sentence: something other than sentence-ending punctuation comes before it.</summary>
    static bool InSentence(string text, int at)
    {
        var k = at - 1;
        while (k >= 0 && char.IsWhiteSpace(text[k])) k--;
        if (k < 0) return false;
        return text[k] is not ('.' or '!' or '?' or '…' or ':' or ';' or '"' or '«' or '(' or '-' or '–' or '—' or '•' or '*' or '|');
    }
}
