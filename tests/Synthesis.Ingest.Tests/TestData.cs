
namespace Synthesis.Ingest.Tests;

/// <summary>Where the repository's and the workplace's real data live, and throwaway data folders.</summary>
static class TestData
{
    public static string RepoRoot { get; } = FindRepoRoot();

    static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Synthesis.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Synthesis.sln not found above the test binaries");
    }

    public static string EvalData(params string[] parts) => Path.Combine([RepoRoot, "eval-data", .. parts]);

    /// <summary>The workplace's shared data (eval-only sets that may not be copied into the repository).</summary>
    public static string? Shared(params string[] parts)
    {
        var path = Path.Combine([Path.GetDirectoryName(RepoRoot)!, "shared", "data", .. parts]);
        return File.Exists(path) || Directory.Exists(path) ? path : null;
    }

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "synthesis-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static SynthesisStore NewStore() => SynthesisStore.Open(Path.Combine(TempDir(), "data"));

    public static string WriteFile(string name, string content, System.Text.Encoding? encoding = null)
    {
        var path = Path.Combine(TempDir(), name);
        File.WriteAllText(path, content, encoding ?? new System.Text.UTF8Encoding(false));
        return path;
    }
}
