using System.Text;

namespace Synthesis.Nlp.French;

/// <summary>
/// French lemmatiser over the Lefff-derived table in <c>models/lefff/</c> (see <see cref="LefffTable"/>):
/// "logements" -> logement, "sociaux" -> social, "est" -> être, "Impots" -> impôt (accents restored when the
/// citizen left them out). Unknown words come back lower-cased. Immutable after <see cref="Load(string)"/>, so one
/// instance serves every thread.
/// </summary>
public sealed class FrenchLemmatizer
{
    readonly struct Entry(string lemma, LemmaClass cls, bool stop)
    {
        public readonly string Lemma = lemma;
        public readonly LemmaClass Class = cls;
        /// <summary>Not a content word: a stop word, a closed-class word or a light verb (être, faire, falloir...).</summary>
        public readonly bool Stop = stop;
    }

    /// <summary>Verb lemmas that carry no topic when used as verbs ("il faut", "on peut"); their noun uses stay.</summary>
    public static readonly IReadOnlySet<string> LightVerbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "être", "avoir", "faire", "falloir", "pouvoir", "devoir", "aller", "vouloir", "dire", "sembler", "paraître",
    };

    /// <summary>
    /// Words of the generic stop-word list that carry topics in a civic consultation ("l'État", "hauts revenus",
    /// "loyers trop chers", "une fiscalité plus juste"): kept as content.
    /// </summary>
    public static readonly IReadOnlySet<string> KeptDespiteStopList = new HashSet<string>(StringComparer.Ordinal)
    {
        "etat", "valeur", "piece", "ouvert", "ouverte", "ouverts", "retour", "mot", "parole", "sujet", "droite", "haut",
        "bas", "cher", "chers", "chere", "cheres", "force", "voie", "juste", "personnes", "proche", "naturel",
        "naturelle", "naturelles", "unique", "uniques", "essai", "particulier", "particuliere",
    };

    readonly Dictionary<string, Entry> _exact;
    readonly Dictionary<string, Entry> _folded;
    readonly HashSet<string> _stopFolded;
    readonly Dictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _exactSpan;
    readonly Dictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _foldedSpan;
    readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _stopSpan;

    FrenchLemmatizer(IEnumerable<(string Form, string Lemma, LemmaClass Class)> table, IEnumerable<string> stopWords)
    {
        _stopFolded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var w in stopWords)
        {
            var t = w.Trim();
            if (t.Length == 0 || t[0] == '#') continue;
            var f = FrenchFold.Fold(t);
            if (!KeptDespiteStopList.Contains(f)) _stopFolded.Add(f);
        }
        _exact = new Dictionary<string, Entry>(600_000, StringComparer.Ordinal);
        _folded = new Dictionary<string, Entry>(200_000, StringComparer.Ordinal);
        var lemmas = new Dictionary<string, string>(StringComparer.Ordinal); // one string instance per lemma
        foreach (var (form, rawLemma, cls) in table)
        {
            if (!lemmas.TryGetValue(rawLemma, out var lemma)) lemmas[rawLemma] = lemma = rawLemma;
            var foldedForm = FrenchFold.Fold(form);
            // adverbs ("peut-être", "vraiment", "ensemble") name no topic either
            var stop = cls is LemmaClass.Closed or LemmaClass.Auxiliary or LemmaClass.Adverb or LemmaClass.Other
                || (cls == LemmaClass.Verb && LightVerbs.Contains(lemma))
                || _stopFolded.Contains(foldedForm)
                || (cls != LemmaClass.Noun && _stopFolded.Contains(FrenchFold.Fold(lemma)));
            var entry = new Entry(lemma, cls, stop);
            _exact[form] = entry;
            // the file is sorted by form, so the first accented form wins a folded key ("eleve" -> élève)
            if (!string.Equals(foldedForm, form, StringComparison.Ordinal)) _folded.TryAdd(foldedForm, entry);
        }
        _exactSpan = _exact.GetAlternateLookup<ReadOnlySpan<char>>();
        _foldedSpan = _folded.GetAlternateLookup<ReadOnlySpan<char>>();
        _stopSpan = _stopFolded.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Number of forms in the table.</summary>
    public int FormCount => _exact.Count;

    /// <summary>
    /// Loads <c>lefff-lemmas.tsv.gz</c> from <paramref name="dir"/>, and the stop words from <c>stopwords-fr.txt</c>
    /// in the same folder, else from the sibling <c>lexicons</c> folder (<c>models/lexicons/stopwords-fr.txt</c>).
    /// </summary>
    public static FrenchLemmatizer Load(string dir)
    {
        var stopPath = Path.Combine(dir, "stopwords-fr.txt");
        if (!ModelFiles.Exists(stopPath)) stopPath = Path.Combine(dir, "..", "lexicons", "stopwords-fr.txt");
        var stop = ModelFiles.Exists(stopPath) ? ModelFiles.ReadLines(stopPath).ToList() : [];
        return Load(dir, stop);
    }

    /// <summary>Loads the table from <paramref name="dir"/> with an explicit stop-word list.</summary>
    public static FrenchLemmatizer Load(string dir, IEnumerable<string> stopWords)
    {
        var path = Path.Combine(dir, LefffTable.FileName);
        if (!ModelFiles.Exists(path)) throw new FileNotFoundException($"Lefff lemma table not found: {path}", path);
        return new FrenchLemmatizer(LefffTable.Read(path), stopWords);
    }

    /// <summary>Builds a lemmatiser from table rows (tests, or a table derived on the fly).</summary>
    public static FrenchLemmatizer FromTable(IEnumerable<(string Form, string Lemma, LemmaClass Class)> table, IEnumerable<string> stopWords) =>
        new(table, stopWords);

    bool TryLookup(ReadOnlySpan<char> word, Span<char> scratch, out Entry entry)
    {
        var lower = scratch[..word.Length];
        FrenchFold.Lower(word, lower);
        if (_exactSpan.TryGetValue(lower, out entry)) return true;
        var folded = scratch.Slice(word.Length, word.Length * 2);
        var n = FrenchFold.Fold(word, folded);
        folded = folded[..n];
        if (!folded.SequenceEqual(lower) && _exactSpan.TryGetValue(folded, out entry)) return true;
        return _foldedSpan.TryGetValue(folded, out entry);
    }

    /// <summary>The lemma of one word (any case, with or without accents); unknown words come back lower-cased.</summary>
    public string Lemma(string word)
    {
        if (string.IsNullOrEmpty(word)) return "";
        Span<char> scratch = word.Length <= 64 ? stackalloc char[word.Length * 3] : new char[word.Length * 3];
        if (TryLookup(word, scratch, out var e)) return e.Lemma;
        return word.ToLowerInvariant();
    }

    /// <summary>True when the table has the word (any case, with or without accents).</summary>
    public bool Knows(string word)
    {
        if (string.IsNullOrEmpty(word)) return false;
        Span<char> scratch = word.Length <= 64 ? stackalloc char[word.Length * 3] : new char[word.Length * 3];
        return TryLookup(word, scratch, out _);
    }

    /// <summary>Every form of the table, lower-case, as written in the Lefff (with accents).</summary>
    public IEnumerable<string> Forms => _exact.Keys;

    /// <summary>The word class the table gives a word (<see cref="LemmaClass.Other"/> when unknown).</summary>
    public LemmaClass ClassOf(string word)
    {
        if (string.IsNullOrEmpty(word)) return LemmaClass.Other;
        Span<char> scratch = word.Length <= 64 ? stackalloc char[word.Length * 3] : new char[word.Length * 3];
        return TryLookup(word, scratch, out var e) ? e.Class : LemmaClass.Other;
    }

    /// <summary>
    /// Lemma, class and stop-word status of a word in one lookup; an unknown word comes back lower-cased, of class
    /// <see cref="LemmaClass.Other"/>, a stop word only when the stop list has it.
    /// </summary>
    public (string Lemma, LemmaClass Class, bool Stop) Describe(string word)
    {
        if (string.IsNullOrEmpty(word)) return ("", LemmaClass.Other, true);
        Span<char> scratch = word.Length <= 64 ? stackalloc char[word.Length * 3] : new char[word.Length * 3];
        if (TryLookup(word, scratch, out var e)) return (e.Lemma, e.Class, e.Stop);
        var n = FrenchFold.Fold(word, scratch);
        return (word.ToLowerInvariant(), LemmaClass.Other, _stopSpan.Contains(scratch[..n]));
    }

    /// <summary>True when the word is a stop word, a closed-class word or a light verb form.</summary>
    public bool IsStopWord(string word)
    {
        if (string.IsNullOrEmpty(word)) return true;
        Span<char> scratch = word.Length <= 64 ? stackalloc char[word.Length * 3] : new char[word.Length * 3];
        if (TryLookup(word, scratch, out var e)) return e.Stop;
        var n = FrenchFold.Fold(word, scratch);
        return _stopSpan.Contains(scratch[..n]);
    }

    static bool IsApostrophe(char c) => c is '\'' or '’' or '‘' or 'ʼ' or '`' or '´';

    static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || (c >= '\u0300' && c <= '\u036F');

    /// <summary>The content lemmas of a text in order: no stop words, no punctuation, no numbers, no single letters.</summary>
    public IReadOnlyList<string> ContentLemmas(string text)
    {
        var list = new List<string>();
        ContentLemmas(text, list);
        return list;
    }

    /// <summary>Appends the content lemmas of <paramref name="text"/> to <paramref name="output"/>.</summary>
    public void ContentLemmas(ReadOnlySpan<char> text, List<string> output) => ContentLemmas(text, output, null);

    /// <summary>
    /// The content lemmas of a text in order, as <see cref="ContentLemmas(string)"/> gives them, each with where the text
    /// writes it (the word, or the part of a hyphenated or elided compound, that gives the lemma).
    /// </summary>
    public IReadOnlyList<(string Lemma, Range Written)> ContentLemmaSpans(string text)
    {
        var lemmas = new List<string>();
        var spans = new List<Range>();
        ContentLemmas(text, lemmas, spans);
        return lemmas.Select((l, i) => (l, spans[i])).ToList();
    }

    void ContentLemmas(ReadOnlySpan<char> text, List<string> output, List<Range>? spans)
    {
        Span<char> scratch = stackalloc char[192];
        var i = 0;
        while (i < text.Length)
        {
            if (!IsWordChar(text[i])) { i++; continue; }
            // a token: letters and digits, with inner apostrophes and hyphens ("aujourd'hui", "peut-être")
            var start = i;
            var compound = false;
            while (i < text.Length)
            {
                var c = text[i];
                if (IsWordChar(c)) { i++; continue; }
                if ((IsApostrophe(c) || c == '-') && i + 1 < text.Length && IsWordChar(text[i + 1]))
                {
                    compound = true;
                    i++;
                    continue;
                }
                break;
            }
            var token = text[start..i];
            if (compound && token.Length * 3 <= scratch.Length && TryLookup(token, scratch, out var whole))
            {
                if (!whole.Stop)
                {
                    output.Add(whole.Lemma);
                    spans?.Add(start..i);
                }
                continue;
            }
            if (!compound) { AddWord(token, start, scratch, output, spans); continue; }
            var partStart = 0;
            for (var k = 0; k <= token.Length; k++)
            {
                if (k < token.Length && IsWordChar(token[k])) continue;
                if (k > partStart) AddWord(token[partStart..k], start + partStart, scratch, output, spans);
                partStart = k + 1;
            }
        }
    }

    void AddWord(ReadOnlySpan<char> word, int at, Span<char> scratch, List<string> output, List<Range>? spans)
    {
        if (word.Length < 2) return;
        var digits = true;
        foreach (var c in word) if (!char.IsDigit(c)) { digits = false; break; }
        if (digits) return;
        if (word.Length * 3 > scratch.Length) return; // a 64+ character "word" is a URL or noise
        if (TryLookup(word, scratch, out var e))
        {
            if (!e.Stop)
            {
                output.Add(e.Lemma);
                spans?.Add(at..(at + word.Length));
            }
            return;
        }
        // unknown: stop-word check on the folded form, then the lower-case word itself
        var folded = scratch.Slice(word.Length);
        var n = FrenchFold.Fold(word, folded);
        if (_stopSpan.Contains(folded[..n])) return;
        var lower = scratch[..word.Length];
        FrenchFold.Lower(word, lower);
        output.Add(new string(lower));
        spans?.Add(at..(at + word.Length));
    }
}
