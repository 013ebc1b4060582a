namespace Synthesis.Nlp.French;

/// <summary>
/// The Snowball French stemmer (snowballstem.org/algorithms/french) as Lucene.Net ships it, the same one the search
/// index's analyser runs (<c>SnowballFilter</c>): one stemmer in the product. Callers pass accent-folded lower-case
/// words (see <see cref="FrenchText.Fold(string)"/>): that is how the nlp.js <c>pattern_fr.json</c> stems were made, so
/// the algorithm's accented suffixes (é, ité, ière...) never match, exactly as in nlp.js. Thread-safe (one Snowball
/// program per thread: it keeps the word it works on).
/// </summary>
public static class FrenchStemmer
{
    [ThreadStatic] static Lucene.Net.Tartarus.Snowball.Ext.FrenchStemmer? t_snowball;

    public static string Stem(string word)
    {
        var snowball = t_snowball ??= new Lucene.Net.Tartarus.Snowball.Ext.FrenchStemmer();
        snowball.SetCurrent(word);
        snowball.Stem();
        return snowball.Current;
    }
}
