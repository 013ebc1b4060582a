using Xunit.Abstractions;

[assembly: TestCollectionOrderer("Synthesis.Cli.Tests.LongestFirst", "Synthesis.Cli.Tests")]

namespace Synthesis.Cli.Tests;

/// <summary>
/// Starts the test classes whose tests run longest one after another first (each class is a collection: its tests
/// run in turn). Left in xunit's order, the retrieval evaluations (about 100 s in all) started last and ran alone at
/// the project's end with a core idle (a suite run at session 20's end: 88 of the project's 377 s with one test
/// running). The figures are the classes' sums in that run.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    static readonly string[] Longest =
    [
        nameof(MediaCommandTests),          // about 110 s
        nameof(EvalRetrievalCommandTests),  // about 100 s
        nameof(ConcurrentProcessesTests),   // about 90 s
        nameof(SearchCommandTests),         // about 80 s
        nameof(PostgresWorkersTests),       // about 70 s
        nameof(CommandLineTests),           // about 55 s
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => Rank(c.DisplayName)).ThenBy(c => c.UniqueID);

    static int Rank(string collection)
    {
        // a class's own collection is named "Test collection for Synthesis.Cli.Tests.ClassName"
        var at = Array.FindIndex(Longest, name => collection.EndsWith("." + name, StringComparison.Ordinal));
        return at < 0 ? Longest.Length : at;
    }
}
