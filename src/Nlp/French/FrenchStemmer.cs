namespace Synthesis.Nlp.French;

/// <summary>
/// The Snowball French stemmer (snowballstem.org/algorithms/french) as Lucene.Net ships it, the same one the search
/// index's analyser runs (<c>SnowballFilter</c>): one stemmer in the product. Callers pass accent-folded lower-case
/// words (see <see cref="FrenchText.Fold(string)"/>): that is how the nlp.js <c>pattern_fr.json</c> stems were made, so
/// the algorithm's accented suffixes (é, ité, ière...) never match, exactly as in nlp.js. Thread-safe (one Snowball
/// program per thread: it keeps the word it works on), and each thread remembers the stems it computed (a consultation
/// repeats its words: the tone features stem every word of every passage).
/// </summary>
public static class FrenchStemmer
{
    /// <summary>Stems a thread remembers before it starts afresh.</summary>
    const int Remembered = 50_000;

    [ThreadStatic] static Lucene.Net.Tartarus.Snowball.Ext.FrenchStemmer? t_snowball;
    [ThreadStatic] static Dictionary<string, string>? t_stems;

    public static string Stem(string word)
    {
        var stems = t_stems ??= new Dictionary<string, string>(StringComparer.Ordinal);
        if (stems.TryGetValue(word, out var known)) return known;
        var snowball = t_snowball ??= new Lucene.Net.Tartarus.Snowball.Ext.FrenchStemmer();
        snowball.SetCurrent(word);
        snowball.Stem();
        var stem = snowball.Current;
        if (stems.Count >= Remembered) stems.Clear();
        stems[word] = stem;
        return stem;
    }
}
