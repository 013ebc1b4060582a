using Synthesis.Nlp.Sentiment;

namespace Synthesis.Nlp.Tests.Sentiment;

/// <summary>Loads the shipped lexicons once for all sentiment tests.</summary>
public sealed class SentimentFixture
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string LexiconDirectory => Path.Combine(RepoRoot, "models", "lexicons");

    public FrenchSentiment Sentiment { get; } = FrenchSentiment.Load(LexiconDirectory);

    static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Synthesis.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Synthesis.sln not found above the test binaries");
    }

    /// <summary>The workplace's shared data (eval-only sets that may not be copied into the repository), or null.</summary>
    public static string? Shared(params string[] parts)
    {
        var path = Path.Combine([Path.GetDirectoryName(RepoRoot)!, "shared", "data", .. parts]);
        return File.Exists(path) || Directory.Exists(path) ? path : null;
    }
}
