using System.Security.Cryptography;
using System.Text.Json;

namespace Synthesis.Cli.Tests;

/// <summary><c>synthesis models train</c> on a small copy of eval-data (the real one takes half a minute).</summary>
public class ModelsTrainTests
{
    /// <summary>A folder shaped like the repository: every 12th Make.org proposal and Grand Débat answer.</summary>
    static string SmallEvalData()
    {
        var root = Cli.TempDir();
        var makeorg = Path.Combine(root, "eval-data", "makeorg");
        Directory.CreateDirectory(makeorg);
        var proposals = Synthesis.Ingest.Models.TrainingCorpus.ReadCsvColumn(
            Path.Combine(Cli.RepoRoot, "eval-data", "makeorg", "mondedapres_2020_05_28.noauthor.csv"), "proposition");
        // every 12th proposal, quoted (some span several lines)
        File.WriteAllLines(Path.Combine(makeorg, "mondedapres_2020_05_28.noauthor.csv"),
            ["proposition", .. proposals.Where((_, i) => i % 12 == 0).Select(p => "\"" + p.Replace("\"", "\"\"") + "\"")]);
        var granddebat = Path.Combine(root, "eval-data", "granddebat");
        Directory.CreateDirectory(granddebat);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Cli.RepoRoot, "eval-data", "granddebat", "answers.dev.json")));
        var answers = doc.RootElement.EnumerateArray().Where((_, i) => i % 12 == 0).Select(e => new { reponse = e.GetProperty("reponse").GetString() });
        File.WriteAllText(Path.Combine(granddebat, "answers.dev.json"), JsonSerializer.Serialize(answers));
        return root;
    }

    static string Sha(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void Training_twice_on_the_same_texts_writes_the_same_bytes_and_contributions_change_the_model()
    {
        var root = SmallEvalData();
        var a = Path.Combine(root, "a", "model.gz");
        var b = Path.Combine(root, "b", "model.gz");
        var first = Cli.Json("models", "train", "--eval-data", root, "--out", a, "--dimensions", "32");
        var second = Cli.Json("models", "train", "--eval-data", root, "--out", b, "--dimensions", "32");
        Assert.Equal(Sha(a), Sha(b));
        Assert.Equal(Sha(a), first["sha256"]!.GetValue<string>());
        Assert.Equal(first["version"]!.GetValue<string>(), second["version"]!.GetValue<string>());
        Assert.Equal(32, first["dimensions"]!.GetValue<int>());
        Assert.True(first["vocabulary"]!.GetValue<int>() > 500, first.ToJsonString());
        Assert.True(first["bytes"]!.GetValue<long>() < 20L * 1024 * 1024);

        // the consultation's own contributions are added to the training texts
        var data = Path.Combine(root, "data");
        var contributions = Path.Combine(root, "contributions.jsonl");
        File.WriteAllLines(contributions, Enumerable.Range(0, 40).Select(i =>
            JsonSerializer.Serialize(new { id = $"c{i}", text = $"La ludothèque du quartier Bellevue {i} prête des jeux aux familles; la ludothèque manque de bénévoles." })));
        Cli.Json("import", contributions, "--data", data);
        var c = Path.Combine(root, "c", "model.gz");
        var withContributions = Cli.Json("models", "train", "--eval-data", root, "--out", c, "--dimensions", "32", "--with-contributions", "--data", data);
        Assert.Equal(40, withContributions["contributions"]!.GetValue<int>());
        Assert.NotEqual(Sha(a), Sha(c));
    }

    [Fact]
    public void A_folder_without_eval_data_is_a_usage_error_naming_the_missing_file()
    {
        var empty = Cli.TempDir();
        var (code, _, err) = Cli.Run("models", "train", "--eval-data", empty, "--out", Path.Combine(empty, "m.gz"));
        Assert.Equal(2, code);
        Assert.Contains("mondedapres_2020_05_28.noauthor.csv", err);
        Assert.Contains("--eval-data", err);
        Assert.False(File.Exists(Path.Combine(empty, "m.gz")));
    }
}
