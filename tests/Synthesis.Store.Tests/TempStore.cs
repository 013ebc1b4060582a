namespace Synthesis.Store.Tests;

static class TempStore
{
    /// <summary>A new, empty data folder of its own, migrated.</summary>
    public static SynthesisStore New() =>
        SynthesisStore.Open(Path.Combine(Path.GetTempPath(), "synthesis-store-tests", Guid.NewGuid().ToString("N"), "data"));

    public static string RepoRoot { get; } = FindRepoRoot();

    static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Synthesis.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Synthesis.sln not found above the test binaries");
    }
}
