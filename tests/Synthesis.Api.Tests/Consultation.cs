using Synthesis.Tests;
using Synthesis.Ingest;
using Synthesis.Ingest.Search;
using Synthesis.Ingest.Import;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Api.Tests;

/// <summary>
/// A data folder holding a small analysed consultation: 48 Nantes-style contributions (neighbourhoods, profiles,
/// channels, dates, publication consent, an e-mail and a phone number, a formula and a script in the text), the
/// 3,000 Make.org proposals of the demo, and one recording (parked: no Whisper model on the build machines).
/// </summary>
public static class Consultation
{
    public static string RepoRoot { get; } = FindRepoRoot();

    static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Synthesis.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Synthesis.sln not found above the test binaries");
    }

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "synthesis-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static string NantesCsv => Path.Combine(AppContext.BaseDirectory, "Data", "nantes-solidarites.csv");

    /// <param name="database">A PostgreSQL address (<see cref="PostgresServer.NewDatabase"/>); null: SQLite in the data folder.</param>
    /// <param name="workers">Pipeline workers: with one, passages are numbered in the same order on every run.</param>
    public static async Task<SynthesisStore> CreateAsync(bool withDemo = true, string? database = null, int workers = 2)
    {
        var store = SynthesisStore.Open(Path.Combine(TempDir(), "data"), database);
        var importer = new Importer(store, new ImportOptions());
        importer.Import(NantesCsv);
        if (withDemo)
        {
            importer.Import(Path.Combine(RepoRoot, "eval-data", "demo", "makeorg-propositions-extrait.csv"));
            importer.Import(Path.Combine(RepoRoot, "eval-data", "demo", "enregistrements", "fleurs-fr-001.ogg"));
        }
        await AnalyseAsync(store, workers);
        return store;
    }

    /// <summary>Runs the pipeline as a separate `synthesis analyse` would: its search indexes are closed when it ends.</summary>
    public static async Task AnalyseAsync(SynthesisStore store, int workers = 2)
    {
        using var indexes = new IndexRegistry();
        var runner = TestPipeline.With(new SynthesisOptions(), indexes).Runner(store, new PipelineOptions { Workers = workers });
        await runner.RunUntilIdleAsync();
        foreach (var index in runner.Stages.OfType<IndexStage>()) await index.DrainAsync();
    }
}
