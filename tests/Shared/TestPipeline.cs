using Synthesis.Ingest;
using Synthesis.Ingest.Models;
using Synthesis.Ingest.Pipeline;
using Synthesis.Ingest.Search;

namespace Synthesis.Tests;

/// <summary>
/// The tests' composition (one file, linked into the Ingest and Api test projects): the shipped French models are
/// loaded once for the whole test run (they are read-only), and each pipeline gets the settings it asks for; search
/// tests that simulate a process ending make their own <see cref="IndexRegistry"/>.
/// </summary>
static class TestPipeline
{
    public static FrenchModels Models { get; } = new();

    public static IndexRegistry Indexes { get; } = new();

    /// <summary>The default settings (not the environment's: a test says what it changes).</summary>
    public static DefaultPipeline Default { get; } = new(new SynthesisOptions(), Models, Indexes);

    public static DefaultPipeline With(SynthesisOptions settings, IndexRegistry? indexes = null) => new(settings, Models, indexes ?? Indexes);
}
