using System.Text.Json.Nodes;

namespace Synthesis.Cli.Tests;

/// <summary><c>analyse --json</c> reports each stage's time and jobs, and the corpus stage's steps.</summary>
public class AnalyseTimingsTests
{
    [Fact]
    public void Each_stage_that_ran_reports_its_jobs_and_seconds()
    {
        var dir = Cli.TempDir();
        var input = Path.Combine(dir, "c.jsonl");
        File.WriteAllLines(input, Enumerable.Range(0, 12).Select(i =>
            new JsonObject { ["id"] = $"c{i}", ["text"] = i % 2 == 0 ? $"Il faut plus de bus le soir dans le quartier {i}." : $"La cantine de l'école {i} doit servir des repas bio." }.ToJsonString()));
        var data = Path.Combine(dir, "data");
        Cli.Json("import", input, "--data", data);
        var first = Cli.Json("analyse", "--data", data);
        var stages = first["stages"]!.AsArray().Select(s => s!.AsObject()).ToDictionary(s => s["stage"]!.GetValue<string>());
        Assert.Equal(["segment", "analyse", "index", "corpus"], stages.Keys);
        Assert.Equal(12, stages["segment"]["jobs"]!.GetValue<int>());
        Assert.Equal(12, stages["analyse"]["jobs"]!.GetValue<int>());
        Assert.All(stages.Values, s => Assert.True(s["compute_seconds"]!.GetValue<double>() >= 0 && s["commit_seconds"]!.GetValue<double>() >= 0));
        var steps = first["corpus_steps"]!.AsObject();
        Assert.Contains("lemmas", steps.Select(kv => kv.Key));
        Assert.Contains("LSA", steps.Select(kv => kv.Key));
        Assert.Contains(steps, kv => kv.Key.StartsWith("embeddings"));
        Assert.Contains("topics", steps.Select(kv => kv.Key));

        // nothing left to do: no stage runs (and nothing is loaded for it)
        var second = Cli.Json("analyse", "--data", data);
        Assert.Empty(second["stages"]!.AsArray());
        Assert.Null(second["corpus_steps"]);

        // --again analyses every contribution once more (after the models changed), and what follows from it
        var again = Cli.Json("analyse", "--again", "--data", data);
        var rerun = again["stages"]!.AsArray().Select(s => s!.AsObject()).ToDictionary(s => s["stage"]!.GetValue<string>());
        Assert.Equal(12, rerun["analyse"]["jobs"]!.GetValue<int>());
        Assert.False(rerun.ContainsKey("segment"));
    }
}
