using Synthesis.Nlp.French;
using Synthesis.Nlp.Sentiment;

namespace Synthesis.Nlp.Tests.Sentiment;

public class FrenchStemmerTests
{
    // Reference outputs of the Snowball French stemmer.
    [Theory]
    [InlineData("continuellement", "continuel")]
    [InlineData("magnifique", "magnif")]
    [InlineData("abaissait", "abaiss")]
    [InlineData("chevaux", "cheval")]
    [InlineData("joyeusement", "joyeux")]
    [InlineData("aimeraient", "aim")]
    [InlineData("nationalité", "national")]
    [InlineData("idéaux", "idéal")]
    [InlineData("finissons", "fin")]
    [InlineData("majestueux", "majestu")]
    [InlineData("oui", "oui")]
    [InlineData("jouaient", "jou")] // the hand-written stemmer left it whole (the only difference on 23,957 folded words)
    public void Matches_snowball(string word, string stem) => Assert.Equal(stem, FrenchStemmer.Stem(word));

    // On folded input it reproduces the nlp.js pattern_fr keys.
    [Theory]
    [InlineData("parfait", "parf")]
    [InlineData("dégueulasse", "degueul")]
    [InlineData("irrésistible", "irresistibl")]
    [InlineData("génial", "genial")]
    [InlineData("déçus", "decus")]
    public void Folded_words_give_the_pattern_fr_stems(string word, string stem) =>
        Assert.Equal(stem, FrenchStemmer.Stem(FrenchText.Fold(word)));

    [Fact]
    public void Folding_splits_elisions_and_hyphens_and_drops_accents()
    {
        Assert.Equal("l ecole n est pas a cote", FrenchText.Fold("L'École n’est pas à côté"));
        Assert.Equal("peut etre c est a dire", FrenchText.Fold("peut-être, c'est-à-dire"));
        Assert.Equal("coeur", FrenchText.Fold("Cœur"));
    }
}
