using System.IO.Compression;
using System.Text;

namespace Synthesis.Nlp.French;

/// <summary>The word class a form was resolved to (one letter in the shipped table).</summary>
public enum LemmaClass : byte
{
    /// <summary>Determiner, pronoun, clitic, preposition, conjunction: never content.</summary>
    Closed,
    /// <summary>Auxiliary use of être / avoir.</summary>
    Auxiliary,
    Adverb,
    Noun,
    Adjective,
    Verb,
    Other,
}

/// <summary>
/// Derives the compact form-to-lemma table shipped in <c>models/lefff/</c> from the Lefff 3.4 <c>.mlex</c> file
/// (<c>form TAB category TAB lemma TAB features</c>). One lemma is kept per lower-case form:
/// <list type="number">
/// <item>a short list of overrides for frequent verb forms that a rare homograph would otherwise take
/// ("est" -> être, "fait" -> faire, "doit" -> devoir, "cours" -> cours, "fonds" -> fonds);</item>
/// <item>else the lowest category tier: closed class (det, pro, prep, clitics...) &lt; auxiliary &lt; adverb &lt; noun
/// &lt; adjective &lt; verb, so "aides" -> aide (not aider), "sommes" -> être (auxiliary), "fermée" -> fermer;</item>
/// <item>within a tier, the lemma with the most distinct forms ("chevaux" -> cheval, not chevaux), then ordinal order.</item>
/// </list>
/// Proper nouns, punctuation, multi-word forms and Lefff meta entries are left out. Deterministic: the same
/// input gives byte-identical output.
/// </summary>
public static class LefffTable
{
    /// <summary>The file name of the table inside the lemmatiser folder.</summary>
    public const string FileName = "lefff-lemmas.tsv.gz";

    /// <summary>Frequent forms whose everyday reading is not the one the tier rule picks.</summary>
    public static readonly IReadOnlyDictionary<string, (string Lemma, LemmaClass Class)> Overrides =
        new Dictionary<string, (string, LemmaClass)>(StringComparer.Ordinal)
        {
            ["est"] = ("être", LemmaClass.Auxiliary),
            ["été"] = ("être", LemmaClass.Auxiliary),
            ["suis"] = ("être", LemmaClass.Auxiliary),
            ["sommes"] = ("être", LemmaClass.Auxiliary),
            ["fait"] = ("faire", LemmaClass.Verb),
            ["dit"] = ("dire", LemmaClass.Verb),
            ["faut"] = ("falloir", LemmaClass.Verb),
            ["doit"] = ("devoir", LemmaClass.Verb),
            ["vis"] = ("vivre", LemmaClass.Verb),
            ["vit"] = ("vivre", LemmaClass.Verb),
            ["cours"] = ("cours", LemmaClass.Noun),
            ["fonds"] = ("fonds", LemmaClass.Noun),
            ["moyens"] = ("moyen", LemmaClass.Noun),
            ["élus"] = ("élu", LemmaClass.Noun),
            ["élu"] = ("élu", LemmaClass.Noun),
            ["élue"] = ("élu", LemmaClass.Noun),
            ["élues"] = ("élu", LemmaClass.Noun),
        };

    static LemmaClass ClassOf(string pos) => pos switch
    {
        "det" or "pro" or "prep" or "csu" or "coo" or "prel" or "pri" or "advneg" or "que" or "que_restr" or "ce"
            or "ilimp" or "caimp" or "pres" or "cln" or "cla" or "cld" or "clr" or "cll" or "cldr" or "clar" or "clg"
            or "clneg" => LemmaClass.Closed,
        "auxEtre" or "auxAvoir" => LemmaClass.Auxiliary,
        "adv" => LemmaClass.Adverb,
        "nc" => LemmaClass.Noun,
        "adj" => LemmaClass.Adjective,
        "v" => LemmaClass.Verb,
        _ => LemmaClass.Other,
    };

    static bool Skipped(string pos) => pos is "np" or "poncts" or "ponctw" or "parento" or "parentf" or "epsilon"
        or "meta" or "sbound" or "etr" or "suffAdj" or "adjPref" or "advPref" || pos.Contains(':');

    /// <summary>Reads the Lefff <c>.mlex</c> (gzip or plain) and resolves one lemma per lower-case form, sorted by form.</summary>
    public static IReadOnlyList<(string Form, string Lemma, LemmaClass Class)> Derive(string mlexPath)
    {
        var candidates = new Dictionary<string, List<(LemmaClass Class, string Lemma)>>(StringComparer.Ordinal);
        var formsOf = new Dictionary<(LemmaClass, string), HashSet<string>>();
        using (var stream = ModelFiles.Open(mlexPath))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
        {
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                var parts = line.Split('\t');
                if (parts.Length < 3) continue;
                var (form, pos, lemma) = (parts[0], parts[1], parts[2]);
                if (form.Length == 0 || form.Contains(' ') || Skipped(pos)) continue;
                if (lemma.Contains('_') || lemma.Contains(' ') || lemma.Length == 0) continue;
                var cls = ClassOf(pos);
                var key = form.ToLowerInvariant();
                // clitics carry their category as lemma ("cla", "cld"): keep the form itself
                if (cls == LemmaClass.Closed && (lemma == pos || lemma.EndsWith("imp", StringComparison.Ordinal) || lemma is "pro" or "clneg"))
                    lemma = key;
                lemma = lemma.TrimEnd('?');
                if (lemma.Length == 0) continue;
                if (!candidates.TryGetValue(key, out var list)) candidates[key] = list = [];
                if (!list.Contains((cls, lemma))) list.Add((cls, lemma));
                if (!formsOf.TryGetValue((cls, lemma), out var forms)) formsOf[(cls, lemma)] = forms = new HashSet<string>(StringComparer.Ordinal);
                forms.Add(key);
            }
        }

        var result = new List<(string, string, LemmaClass)>(candidates.Count);
        foreach (var (form, list) in candidates)
        {
            if (Overrides.TryGetValue(form, out var o)) { result.Add((form, o.Lemma, o.Class)); continue; }
            var best = list
                .OrderBy(c => c.Class)
                .ThenByDescending(c => formsOf[(c.Class, c.Lemma)].Count)
                .ThenBy(c => c.Lemma, StringComparer.Ordinal)
                .First();
            result.Add((form, best.Lemma, best.Class));
        }
        result.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return result;
    }

    static char ClassLetter(LemmaClass c) => c switch
    {
        LemmaClass.Closed => 'c', LemmaClass.Auxiliary => 'x', LemmaClass.Adverb => 'r', LemmaClass.Noun => 'n',
        LemmaClass.Adjective => 'a', LemmaClass.Verb => 'v', _ => 'o',
    };

    internal static LemmaClass ClassFromLetter(char c) => c switch
    {
        'c' => LemmaClass.Closed, 'x' => LemmaClass.Auxiliary, 'r' => LemmaClass.Adverb, 'n' => LemmaClass.Noun,
        'a' => LemmaClass.Adjective, 'v' => LemmaClass.Verb, _ => LemmaClass.Other,
    };

    /// <summary>
    /// Lemma written as an edit of the form: "" = the form itself; "3er" = drop 3 characters, add "er"
    /// ("mangeons" -> "manger" is "4er"); "=lemma" otherwise.
    /// </summary>
    internal static string EncodeLemma(string form, string lemma)
    {
        if (lemma == form) return "";
        var p = 0;
        while (p < form.Length && p < lemma.Length && form[p] == lemma[p]) p++;
        var strip = form.Length - p;
        var suffix = lemma[p..];
        if (p > 0 && strip <= 9 && (suffix.Length == 0 || !char.IsDigit(suffix[0]) && suffix[0] != '='))
            return strip.ToString(System.Globalization.CultureInfo.InvariantCulture) + suffix;
        return "=" + lemma;
    }

    internal static string DecodeLemma(string form, ReadOnlySpan<char> code)
    {
        if (code.Length == 0) return form;
        if (code[0] == '=') return new string(code[1..]);
        var strip = code[0] - '0';
        return string.Concat(form.AsSpan(0, form.Length - strip), code[1..]);
    }

    /// <summary>
    /// Writes the table to <paramref name="stream"/> (the caller's file): a comment line, then
    /// <c>form TAB lemma-edit TAB class-letter</c> per line, gzip.
    /// </summary>
    public static void Write(IEnumerable<(string Form, string Lemma, LemmaClass Class)> entries, Stream stream)
    {
        using var gz = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new StreamWriter(gz, new UTF8Encoding(false)) { NewLine = "\n" };
        writer.WriteLine("# Derived from Lefff 3.4 (LGPL-LR) by Synthesis.Nlp.French.LefffTable: form<TAB>lemma edit<TAB>class (c closed, x aux, r adv, n noun, a adj, v verb)");
        foreach (var (form, lemma, cls) in entries)
        {
            writer.Write(form);
            writer.Write('\t');
            writer.Write(EncodeLemma(form, lemma));
            writer.Write('\t');
            writer.Write(ClassLetter(cls));
            writer.Write('\n');
        }
    }

    /// <summary>Reads a table written by <see cref="Write"/>.</summary>
    public static IEnumerable<(string Form, string Lemma, LemmaClass Class)> Read(string path)
    {
        foreach (var line in ModelFiles.ReadLines(path, "the Lefff table of models/lefff, see its SOURCES.md"))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var t1 = line.IndexOf('\t');
            var t2 = line.IndexOf('\t', t1 + 1);
            if (t1 <= 0 || t2 < 0) continue;
            var form = line[..t1];
            var lemma = DecodeLemma(form, line.AsSpan(t1 + 1, t2 - t1 - 1));
            var cls = t2 + 1 < line.Length ? ClassFromLetter(line[t2 + 1]) : LemmaClass.Other;
            yield return (form, lemma, cls);
        }
    }
}
