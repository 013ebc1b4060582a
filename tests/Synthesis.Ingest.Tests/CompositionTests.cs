using Synthesis.Tests;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Synthesis.Ingest.Import;
using Synthesis.Ingest.Pipeline;
using Synthesis.Ingest.Search;

namespace Synthesis.Ingest.Tests;

/// <summary>
/// Issue #15's composition: the parts are built per container from one options object, so two configurations run side
/// by side in one process, each honouring its own settings (no process-wide state, no environment variable).
/// </summary>
public sealed class CompositionTests
{
    /// <summary>The first 400 Grand Débat answers, in a file of their own.</summary>
    static string Answers()
    {
        var all = JsonNode.Parse(File.ReadAllText(TestData.EvalData("granddebat", "answers.dev.json")))!.AsArray();
        return TestData.WriteFile("answers.json", new JsonArray(all.Take(400).Select(a => a!.DeepClone()).ToArray()).ToJsonString());
    }

    static int Themes(SynthesisStore store)
    {
        using var c = store.Connect();
        return TopicQueries.Themes(c).Count;
    }

    [Fact]
    public async Task Two_configurations_run_side_by_side_in_one_process()
    {
        var file = Answers();
        using var few = SynthesisServices.Build(new SynthesisOptions { Data = Path.Combine(TestData.TempDir(), "data"), Topics = 3, SearchSpelling = false }, TestPipeline.Models);
        using var many = SynthesisServices.Build(new SynthesisOptions { Data = Path.Combine(TestData.TempDir(), "data"), Topics = 7 }, TestPipeline.Models);
        var stores = new[] { few, many }.Select(sp => sp.GetRequiredService<SynthesisStore>()).ToArray();
        Assert.NotEqual(stores[0].DataDirectory, stores[1].DataDirectory);
        foreach (var store in stores) new Importer(store, new ImportOptions()).Import(file);

        // both pipelines at once, each from its own container
        await Task.WhenAll(new[] { few, many }.Select((sp, i) =>
            sp.GetRequiredService<DefaultPipeline>().Runner(stores[i], new PipelineOptions { Workers = 1 }).RunUntilIdleAsync()));

        Assert.Equal(3, Themes(stores[0]));
        Assert.Equal(7, Themes(stores[1]));
        // the registries are the containers' own: each search reads its own folder's indexes, with its own spelling setting
        Assert.NotSame(few.GetRequiredService<IndexRegistry>(), many.GetRequiredService<IndexRegistry>());
        using var strict = few.GetRequiredService<DefaultPipeline>().OpenSearch(stores[0]);
        using var lenient = many.GetRequiredService<DefaultPipeline>().OpenSearch(stores[1]);
        Assert.Empty((await strict.AnswerAsync("impots laicitee", 5, null, SearchMode.Bm25)).Corrections);
        Assert.Contains((await lenient.AnswerAsync("impots laicitee", 5, null, SearchMode.Bm25)).Corrections, c => c.SearchedAs == "laïcité");
    }

    [Fact]
    public void A_wrong_embedder_setting_names_its_key_when_the_pipeline_is_built()
    {
        using var services = SynthesisServices.Build(new SynthesisOptions { Embedder = "onnx:/nowhere" }, TestPipeline.Models);
        var e = Assert.Throws<ArgumentException>(() => services.GetRequiredService<DefaultPipeline>().Embedder);
        Assert.StartsWith("Synthesis:Embedder:", e.Message);
    }
}
