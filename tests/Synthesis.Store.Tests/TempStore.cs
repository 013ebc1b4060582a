using Synthesis.Tests;

namespace Synthesis.Store.Tests;

static class TempStore
{
    static string NewFolder() => Path.Combine(Path.GetTempPath(), "synthesis-store-tests", Guid.NewGuid().ToString("N"), "data");

    /// <summary>A new, empty data folder of its own, migrated.</summary>
    public static SynthesisStore New() => SynthesisStore.Open(NewFolder());

    /// <summary>
    /// A new data folder on a new database of the test PostgreSQL server, migrated, and the database's address;
    /// skips the test where PostgreSQL cannot run here.
    /// </summary>
    public static (SynthesisStore Store, string Address) NewPostgres()
    {
        var server = PostgresServer.Shared;
        Skip.If(server.Unavailable is not null, server.Unavailable);
        var address = server.NewDatabase();
        return (SynthesisStore.Open(NewFolder(), address), address);
    }

    public static string RepoRoot { get; } = FindRepoRoot();

    static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Synthesis.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Synthesis.sln not found above the test binaries");
    }
}
