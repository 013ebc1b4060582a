using Synthesis.Eval;
using Synthesis.Nlp;

namespace Synthesis.Nlp.Tests;

public class WordErrorRateTests
{
    [Fact]
    public void Normalisation_ignores_case_punctuation_apostrophes_and_digit_spelling()
    {
        var r = WordErrorRate.Compute("L'accident a eu lieu en 1881, à Nantes !", "l accident a eu lieu en mille huit cent quatre-vingt-un à nantes");
        Assert.Equal(0, r.Errors);
        Assert.Equal(14, r.ReferenceWords);
    }

    [Fact]
    public void Counts_substitutions_deletions_and_insertions()
    {
        Assert.Equal((0, 1, 0), Kinds(WordErrorRate.Compute("les aînés isolés", "les isolés")));
        Assert.Equal((0, 0, 1), Kinds(WordErrorRate.Compute("les aînés", "les très aînés")));
        Assert.Equal((1, 0, 0), Kinds(WordErrorRate.Compute("les aînés", "les anciens")));
        var r = WordErrorRate.Compute("les aînés sont isolés le soir", "les anciens sont très isolés");
        Assert.Equal(4, r.Errors);
        Assert.Equal(4 / 6.0, r.Rate, 6);
    }

    static (int, int, int) Kinds(WordErrorRate.Result r) => (r.Substitutions, r.Deletions, r.Insertions);

    [Fact]
    public void An_empty_transcript_of_speech_is_all_deletions()
    {
        Assert.Equal(1.0, WordErrorRate.Compute("il faut agir", "").Rate);
    }

    [Theory]
    [InlineData(21, "vingt-et-un")]
    [InlineData(71, "soixante-et-onze")]
    [InlineData(80, "quatre-vingts")]
    [InlineData(92, "quatre-vingt-douze")]
    [InlineData(200, "deux cents")]
    [InlineData(2022, "deux mille vingt-deux")]
    [InlineData(1_500_000, "un million cinq cent mille")]
    [InlineData(3_000, "trois mille")]
    [InlineData(80_000, "quatre-vingt mille")]
    public void Writes_numbers_in_french(long n, string words) => Assert.Equal(words, WordErrorRate.FrenchNumber(n));
}
