namespace Synthesis.Cli.Tests;

public class CommandLineTests
{
    [Fact]
    public void Import_then_status_then_analyse_print_the_documented_json()
    {
        var data = Cli.TempDir();
        var import = Cli.Json("import", Path.Combine(Cli.RepoRoot, "eval-data", "demo"), "--data", data);
        Assert.Equal(4_543, (int)import["imported"]!);
        Assert.Equal(0, (int)import["duplicates"]!);
        Assert.Equal(0, (int)import["rejected"]!);
        Assert.Empty(import["errors"]!.AsArray());

        var status = Cli.Json("status", "--data", data);
        Assert.Equal(4_543, (int)status["contributions"]!);
        Assert.Equal(0, (int)status["passages"]!);
        Assert.Equal(4_543, (int)status["jobs"]!["pending"]!);
        Assert.Null(status["search_index"]);
        Assert.Equal("builtin", (string)status["embedder_setting"]!);

        var analyse = Cli.Json("analyse", "--data", data);
        Assert.Equal(4_543, (int)analyse["contributions"]!);
        Assert.True((int)analyse["passages"]! > 8_000);
        Assert.Equal(0, (int)analyse["jobs"]!["pending"]!);
        Assert.Equal(3, (int)analyse["jobs"]!["parked"]!);
        var index = Cli.Json("status", "--data", data)["search_index"]!;
        Assert.Equal("builtin-fr", (string)index["model"]!);
        Assert.Equal("embedded", (string)index["vector_store"]!);
        var (_, text, _) = Cli.Run("status", "--data", data);
        Assert.Contains("search index:  builtin-fr@", text);
    }

    [Fact]
    public void Rejected_rows_are_reported_with_source_row_and_reason()
    {
        var dir = Cli.TempDir();
        File.WriteAllText(Path.Combine(dir, "c.jsonl"), "{\"text\":\"Bien.\"}\n{oops\n");
        var result = Cli.Json("import", dir, "--data", Path.Combine(dir, "data"));
        var error = result["errors"]!.AsArray().Single()!;
        Assert.Equal("c.jsonl", (string)error["source"]!);
        Assert.Equal(2, (int)error["row"]!);
        Assert.Contains("not valid JSON", (string)error["reason"]!);
    }

    [Fact]
    public void An_import_that_rejects_everything_fails_with_exit_code_1()
    {
        var dir = Cli.TempDir();
        var bytes = new byte[4096];
        new Random(5).NextBytes(bytes);
        File.WriteAllBytes(Path.Combine(dir, "export.csv"), bytes);
        var (code, stdout, stderr) = Cli.Run("import", dir, "--data", Path.Combine(dir, "data"));
        Assert.Equal(1, code);
        Assert.Contains("0 imported", stdout);
        Assert.Contains("binary", stderr);
        Assert.Contains("nothing was imported", stderr);
    }

    [Fact]
    public void A_search_index_that_fails_while_searching_is_a_runtime_error_not_a_usage_error()
    {
        var dir = Cli.TempDir();
        File.WriteAllText(Path.Combine(dir, "c.jsonl"), "{\"text\":\"Il faut plus de bancs publics.\"}\n");
        var data = Path.Combine(dir, "data");
        Cli.Json("import", dir, "--data", data);
        Cli.Json("analyse", "--data", data);
        // the vector files replaced by a folder of the same name: they can be neither read nor rebuilt in place
        var generation = Directory.GetDirectories(Path.Combine(data, "index")).Single();
        Directory.Delete(Path.Combine(generation, "vectors"), recursive: true);
        File.WriteAllText(Path.Combine(generation, "vectors"), "pas un dossier");
        var (code, _, stderr) = Cli.Run("search", "bancs", "--data", data);
        Assert.Equal(1, code);
        Assert.Contains("search indexes could not be read", stderr);
    }

    [Theory]
    [InlineData("import", "/nonexistent/file.csv")]
    [InlineData("import")]
    [InlineData("frobnicate")]
    [InlineData("analyse", "--workers", "0")]
    [InlineData("import", ".", "--map", "texte")]
    [InlineData("import", ".", "--preset", "nope")]
    [InlineData("status", "--Synthesis:Topics=0")]
    [InlineData("analyse", "--Synthesis:VectorStore", "milvus")]
    public void Wrong_arguments_give_one_line_and_exit_code_2(params string[] args)
    {
        var data = Cli.TempDir();
        Directory.CreateDirectory(data);
        var (code, stdout, stderr) = Cli.Run([.. args, "--data", data]);
        Assert.Equal(2, code);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith("synthesis: ", stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void Status_of_an_empty_folder_says_to_import_first()
    {
        var (code, _, stderr) = Cli.Run("status", "--data", Cli.TempDir());
        Assert.Equal(2, code);
        Assert.Contains("import something first", stderr);
    }

    [Fact]
    public void Settings_are_taken_from_any_verb_s_command_line_and_status_says_where_each_came_from()
    {
        var dir = Cli.TempDir();
        File.WriteAllText(Path.Combine(dir, "c.jsonl"), "{\"text\":\"Il faudrait plus de bancs au square.\"}\n");
        var data = Path.Combine(dir, "data");
        Cli.Json("import", Path.Combine(dir, "c.jsonl"), "--data", data);
        var env = new Dictionary<string, string> { ["SYNTHESIS_TOPICS"] = "4", ["Synthesis__Embedder"] = "builtin" };
        var (code, stdout, stderr) = Cli.Run(env, "status", "--data", data, "--Synthesis:PublicView=true", "--Synthesis:Llm:Key", "s3cret");
        Assert.Equal(0, code);
        Assert.Contains("Synthesis:PublicView = true   (command line)", stdout);
        Assert.Contains("Synthesis:Topics = 4   (SYNTHESIS_* (deprecated))", stdout);
        Assert.Contains("Synthesis:Embedder = builtin   (environment (Synthesis__…))", stdout);
        Assert.DoesNotContain("s3cret", stdout);
        Assert.Contains("SYNTHESIS_TOPICS is deprecated: set Synthesis__Topics", stderr);
        var json = Cli.Json(env, "status", "--data", data, "--Synthesis:Topics=6");
        var topics = json["settings"]!.AsArray().Single(s => (string)s!["key"]! == "Synthesis:Topics")!;
        Assert.Equal("6", (string)topics["value"]!);
        Assert.Equal("command line", (string)topics["source"]!);
    }
}
