using Synthesis.Nlp.French;

namespace Synthesis.Nlp.Tests.French;

public class FrenchSpellingTests(LemmatizerFixture fixture) : IClassFixture<LemmatizerFixture>
{
    static FrenchSpelling? _spelling;
    FrenchSpelling S => LazyInitializer.EnsureInitialized(ref _spelling, () => new FrenchSpelling(fixture.Lemmatizer));

    [Theory]
    [InlineData("polution", "pollution", 1)]        // a letter missing
    [InlineData("stokage", "stockage", 1)]
    [InlineData("focntionnement", "fonctionnement", 1)] // two letters swapped: one edit
    [InlineData("cytoyens", "citoyens", 1)]
    [InlineData("envirronement", "environnement", 2)]
    [InlineData("FISACALITE", "fiscalité", 1)]      // any case, accents restored from the lexicon
    [InlineData("dépenbses", "dépenses", 1)]
    public void Nearest_form_of_a_typo(string typo, string expected, int distance)
    {
        var candidates = S.Candidates(typo);
        Assert.NotEmpty(candidates);
        Assert.Equal(distance, candidates[0].Distance);
        Assert.Contains((expected, distance), candidates.TakeWhile(c => c.Distance == distance));
        Assert.True(candidates.Select(c => c.Distance).SequenceEqual(candidates.Select(c => c.Distance).Order()), "nearest first");
    }

    [Theory]
    [InlineData("reventes")]   // a real word, even if a corpus does not use it
    [InlineData("Pollution")]
    [InlineData("parce")]      // a stop word the Lefff has only inside "parce que"
    [InlineData("tva")]        // too short to correct
    [InlineData("covid19")]    // not only letters
    [InlineData("")]
    public void Known_short_or_non_word_tokens_have_no_candidates(string word) => Assert.Empty(S.Candidates(word));

    [Fact]
    public void A_word_far_from_every_form_has_none() => Assert.Empty(S.Candidates("zxqwvbk"));

    [Theory]
    [InlineData("pollution", "polution", 1)]
    [InlineData("fonctionnement", "focntionnement", 1)]
    [InlineData("abc", "abc", 0)]
    [InlineData("chat", "chien", 3)]
    [InlineData("environnement", "envirronement", 2)]
    public void Distance_counts_insertions_deletions_substitutions_and_swaps(string a, string b, int expected)
    {
        Assert.Equal(expected, FrenchSpelling.Distance(a, b, 5));
        Assert.Equal(expected, FrenchSpelling.Distance(b, a, 5));
        // Bounded: anything past the bound reads as bound + 1.
        Assert.Equal(Math.Min(expected, 2), FrenchSpelling.Distance(a, b, 1));
    }

    [Fact]
    public void Edits_allowed_grow_with_length()
    {
        Assert.Equal(0, FrenchSpelling.MaxEdits(4));
        Assert.Equal(1, FrenchSpelling.MaxEdits(5));
        Assert.Equal(1, FrenchSpelling.MaxEdits(7));
        Assert.Equal(2, FrenchSpelling.MaxEdits(8));
    }
}
