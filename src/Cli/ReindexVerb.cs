using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Synthesis.Ingest.Pipeline;
using Synthesis.Ingest.Search;

namespace Synthesis.Cli;

/// <summary>
/// <c>synthesis reindex</c>: rebuilds the vector and BM25 indexes from the store into a new generation and swaps it in
/// atomically; searches (here or in a running server) answer from the previous one until then. With
/// <c>--vector-store qdrant</c> the new generation's vectors go to the Qdrant server the settings name: that is how a
/// data folder moves to Qdrant (and back, with <c>embedded</c>).
/// </summary>
static class ReindexVerb
{
    public static Command Command(CliContext cli)
    {
        var store = new Option<string?>("--vector-store") { Description = "embedded or qdrant (default: where the current index lives, else the Synthesis:VectorStore setting)" };
        var command = new Command("reindex", "Rebuild the search indexes from the store, then swap them in") { store };
        command.SetAction((result, ct) => Commands.Guard(() =>
        {
            var data = cli.OpenStore(result, mustExist: true);
            SearchSettings target;
            try { target = SearchSettings.From(cli.Settings).WithVectorStore(result.GetValue(store)); }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
            var clock = Stopwatch.StartNew();
            using var indexes = cli.Pipeline.Indexes.For(data, cli.Pipeline.Embedder, cli.Pipeline.SearchSettings);
            var passages = indexes.Reindex(cancellationToken: ct, into: result.GetValue(store) is null ? null : target);
            var current = indexes.Current;
            var summary = new JsonObject
            {
                ["passages"] = passages, ["model"] = current.Info.ToString(), ["vector_store"] = indexes.Settings.VectorStoreName,
                ["folder"] = current.Folder, ["seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 2),
            };
            Console.WriteLine(result.GetValue(Commands.Json) ? summary.ToJsonString()
                : $"{passages} passages indexed ({current.Info}, {indexes.Settings.VectorStoreName}) in {clock.Elapsed.TotalSeconds:F1} s");
            return Task.FromResult(0);
        }));
        return command;
    }
}
