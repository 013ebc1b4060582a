using Synthesis.Ingest.Import;

namespace Synthesis.Ingest.Tests;

/// <summary>Rich text exported by a platform, with HTML line breaks, as people read it.</summary>
public sealed class ImportLineBreaksTests
{
    [Theory]
    [InlineData("je mange local<br/> - j'ai réduit la viande", "je mange local\n - j'ai réduit la viande")]
    [InlineData("un<BR>deux<br />trois", "un\ndeux\ntrois")]
    [InlineData("<p>Premier.</p><p>Second.</p>", "Premier.\n\nSecond.")]
    [InlineData("a < b et <b>gras</b>", "a < b et <b>gras</b>")]
    public void Html_line_breaks_become_line_breaks_and_nothing_else_is_touched(string exported, string kept) =>
        Assert.Equal(kept, ContributionMapper.LineBreaks(exported));

    [Fact]
    public void A_file_imported_again_is_recognised_though_its_breaks_were_rewritten()
    {
        var store = TestData.NewStore();
        var path = Path.Combine(TestData.TempDir(), "riche.csv");
        File.WriteAllText(path, "texte\n\"je mange au maximum local<br/> - j'ai réduit ma consommation de viande\"\n");
        Assert.Equal(1, new Importer(store, new ImportOptions()).Import(path).Imported);
        var again = new Importer(store, new ImportOptions()).Import(path);
        Assert.Equal((0, 1), (again.Imported, again.Duplicates));
        using var c = store.Connect();
        Assert.Equal("je mange au maximum local\n - j'ai réduit ma consommation de viande", c.Scalar("SELECT text FROM contributions"));
    }
}
