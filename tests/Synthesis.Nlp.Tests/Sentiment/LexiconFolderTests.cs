namespace Synthesis.Nlp.Tests.Sentiment;

public class LexiconFolderTests
{
    [Fact]
    public void Every_shipped_lexicon_is_listed_with_a_licence_and_the_folder_stays_small()
    {
        var dir = SentimentFixture.LexiconDirectory;
        var sources = File.ReadAllText(Path.Combine(dir, "SOURCES.md"));
        var files = Directory.GetFiles(dir).Select(Path.GetFileName).ToArray();
        foreach (var data in files.Where(f => !f!.StartsWith("LICENSE") && f != "SOURCES.md"))
            Assert.Contains($"`{data}`", sources);
        foreach (var licence in files.Where(f => f!.StartsWith("LICENSE")))
            Assert.Contains($"`{licence}`", sources);
        var total = Directory.GetFiles(dir).Sum(f => new FileInfo(f).Length);
        Assert.True(total < 5 * 1024 * 1024, $"lexicons take {total} bytes");
    }
}
