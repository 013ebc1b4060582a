using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Fr;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Snowball;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace Synthesis.Ingest.Search;

/// <summary>
/// The French analysis chain for search: StandardTokenizer -> ElisionFilter (l', d', qu'...) -> AcronymFilter ("I.S.F" as
/// "ISF") -> LowerCaseFilter ->
/// StopFilter (Lucene's French stop list without the negations and quantity words that change meaning: pas, ne, ni, non,
/// sans, plus, aucun, jamais, rien, moins, trop) -> Snowball French stemmer -> ASCIIFoldingFilter; the same without the
/// stemmer for <see cref="ExactField"/>.
/// </summary>
/// <remarks>
/// The Snowball stemmer replaced Lucene's light French stemmer (lexical layout 3): it joins more derived forms
/// (collectivité / collectif, association / associatif, éducation / éducatif) and BM25 over the analysed terms gained on
/// the three public French retrieval sets (top-1: Decidim title -> body 0.500 -> 0.546, debate comment -> debate
/// 0.338 -> 0.372, Grand Débat answer -> question 0.258 -> 0.280; src/Ingest/Search/README.md). It stems the accented word, then folds accents: folding first would
/// disable the accented suffix rules (ité, ière, é) and measured lower on all three sets.
/// </remarks>
public sealed class FrenchSearchAnalyzer : Analyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>Token streams are reused per field: the exact field's chain differs from the text field's.</summary>
    public FrenchSearchAnalyzer() : base(PER_FIELD_REUSE_STRATEGY) { }

    /// <summary>Words kept although Lucene's French list has them: negations and quantity words.</summary>
    public static readonly IReadOnlySet<string> KeptWords = new HashSet<string>(StringComparer.Ordinal)
        { "pas", "ne", "ni", "non", "sans", "plus", "aucun", "aucune", "jamais", "rien", "moins", "trop", "contre" };

    public static CharArraySet StopWords { get; } = BuildStopWords();

    static CharArraySet BuildStopWords()
    {
        var words = new List<string>();
        foreach (var w in FrenchAnalyzer.DefaultStopSet)
        {
            var s = w?.ToString();
            if (!string.IsNullOrEmpty(s) && !KeptWords.Contains(s)) words.Add(s);
        }
        return CharArraySet.UnmodifiableSet(new CharArraySet(Version, words, ignoreCase: true));
    }

    /// <summary>
    /// The field analysed without the stemmer: words as written (lower case, accents folded). A stemmer joins words of
    /// different senses (« isolement » and « isolation » are both « isol »), so an exact match counts more, and
    /// phrases and spelling are read there.
    /// </summary>
    public const string ExactField = "exact";

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(Version, reader);
        TokenStream ts = new ElisionFilter(source, FrenchAnalyzer.DEFAULT_ARTICLES);
        ts = new AcronymFilter(ts);
        ts = new LowerCaseFilter(Version, ts);
        ts = new StopFilter(Version, ts, StopWords);
        if (fieldName != ExactField) ts = new SnowballFilter(ts, new Lucene.Net.Tartarus.Snowball.Ext.FrenchStemmer());
        ts = new ASCIIFoldingFilter(ts);
        return new TokenStreamComponents(source, ts);
    }

    /// <summary>The analysed terms of a text with their positions (a removed stop word leaves a gap).</summary>
    public IReadOnlyList<(string Term, int Position)> Positions(string text, string field)
    {
        var list = new List<(string, int)>();
        if (string.IsNullOrEmpty(text)) return list;
        using var ts = GetTokenStream(field, new StringReader(text));
        var term = ts.AddAttribute<ICharTermAttribute>();
        var increment = ts.AddAttribute<IPositionIncrementAttribute>();
        ts.Reset();
        var position = -1;
        while (ts.IncrementToken())
        {
            position += increment.PositionIncrement;
            list.Add((term.ToString(), position));
        }
        ts.End();
        return list;
    }

    /// <summary>The analysed terms of a text with their character offsets in it.</summary>
    public IReadOnlyList<(string Term, int Start, int End)> Analyse(string text, string field = "text")
    {
        var list = new List<(string, int, int)>();
        if (string.IsNullOrEmpty(text)) return list;
        using var ts = GetTokenStream(field, new StringReader(text));
        var term = ts.AddAttribute<ICharTermAttribute>();
        var offset = ts.AddAttribute<IOffsetAttribute>();
        ts.Reset();
        while (ts.IncrementToken()) list.Add((term.ToString(), offset.StartOffset, offset.EndOffset));
        ts.End();
        return list;
    }

    /// <summary>The analysed terms of a text.</summary>
    public IReadOnlyList<string> Terms(string text) => Analyse(text).Select(t => t.Term).ToList();
}
