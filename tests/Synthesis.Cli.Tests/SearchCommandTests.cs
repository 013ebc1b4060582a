using System.Text.Json.Nodes;

namespace Synthesis.Cli.Tests;

/// <summary>`synthesis search` and `synthesis reindex` on a data folder the pipeline indexed, as a user runs them.</summary>
public class SearchCommandTests
{
    const string Contributions = """
        {"id":"a","text":"Les bus de nuit ne passent plus à Bellevue. Il faudrait rétablir la ligne 11.","quartier":"Bellevue"}
        {"id":"b","text":"Je suis bénévole à l'épicerie solidaire : nous distribuons des colis aux familles.","quartier":"Dervallières"}
        {"id":"c","text":"Le loyer de mon appartement a doublé en cinq ans, je ne peux plus payer.","quartier":"Malakoff"}
        """;

    static string Analysed()
    {
        var dir = Cli.TempDir();
        File.WriteAllText(Path.Combine(dir, "c.jsonl"), Contributions);
        var data = Path.Combine(dir, "data");
        Cli.Json("import", Path.Combine(dir, "c.jsonl"), "--data", data);
        Cli.Json("analyse", "--data", data);
        return data;
    }

    static List<JsonObject> Results(JsonObject output) => output["results"]!.AsArray().Select(r => r!.AsObject()).ToList();

    [Fact]
    public void Analyse_indexes_and_search_reindex_search_answer_the_same()
    {
        var data = Analysed();
        var pointer = JsonNode.Parse(File.ReadAllText(Path.Combine(data, "index", "current.json")))!;
        Assert.Equal("builtin-fr", (string)pointer["model"]!);

        var before = Results(Cli.Json("search", "épicerie solidaire", "--data", data, "--k", "3"));
        Assert.Contains("épicerie", (string)before[0]["text"]!);
        Assert.Equal(1, (int)before[0]["bm25_rank"]!);
        var filtered = Results(Cli.Json("search", "quartier", "--data", data, "--neighbourhood", "malakoff", "--mode", "vector"));
        Assert.All(filtered, r => Assert.Equal("Malakoff", (string)r["neighbourhood"]!));

        var reindex = Cli.Json("reindex", "--data", data);
        Assert.True((int)reindex["passages"]! >= 4);
        Assert.Equal("embedded", (string)reindex["vector_store"]!);
        Assert.NotEqual((string)pointer["folder"]!, Path.GetFileName((string)reindex["folder"]!));

        var after = Results(Cli.Json("search", "épicerie solidaire", "--data", data, "--k", "3"));
        Assert.Equal(before.Select(r => (long)r["passage_id"]!), after.Select(r => (long)r["passage_id"]!));
        Assert.Empty(Cli.Json("search", "épicerie solidaire", "--data", data)["corrections"]!.AsArray());

        // A typo is searched as the French word the contributions use, and the output says so.
        var typo = Cli.Json("search", "épicerie solidaite", "--data", data, "--k", "3", "--mode", "bm25");
        var correction = Assert.Single(typo["corrections"]!.AsArray())!;
        Assert.Equal("solidaite", (string)correction["word"]!);
        Assert.Equal("solidaire", (string)correction["searched_as"]!);
        Assert.Equal(before[0]["passage_id"]!.GetValue<long>(), Results(typo)[0]["passage_id"]!.GetValue<long>());
        var (code, text, _) = Cli.Run("search", "épicerie solidaite", "--data", data);
        Assert.Equal(0, code);
        Assert.Contains("searched \"solidaite\" as \"solidaire\"", text);
    }

    [Fact]
    public void Reindex_names_a_wrong_vector_store()
    {
        var data = Analysed();
        var (code, _, err) = Cli.Run("reindex", "--data", data, "--vector-store", "elastic");
        Assert.Equal(2, code);
        Assert.Contains("--vector-store: 'elastic' is not embedded or qdrant", err);
    }

    [Fact]
    public void Reindex_into_an_unreachable_qdrant_fails_and_leaves_the_embedded_index_answering()
    {
        var data = Analysed();
        var env = new Dictionary<string, string> { ["Synthesis__Qdrant__Url"] = "http://127.0.0.1:1" };
        var (code, _, err) = Cli.Run(env, "reindex", "--data", data, "--vector-store", "qdrant");
        Assert.Equal(1, code);
        Assert.Contains("synthesis:", err);
        var pointer = JsonNode.Parse(File.ReadAllText(Path.Combine(data, "index", "current.json")))!;
        Assert.Equal("embedded", (string)pointer["vector_store"]!);
        Assert.NotEmpty(Results(Cli.Json("search", "loyer", "--data", data)));
    }

    static JsonNode Pointer(string data) => JsonNode.Parse(File.ReadAllText(Path.Combine(data, "index", "current.json")))!;

    static List<string> Stages(JsonObject analyse) => analyse["stages"]!.AsArray().Select(s => (string)s!["stage"]!).ToList();

    /// <summary>
    /// Synthesis:Embedder names the data folder's model: a consultation's own (`models train` makes one), an ONNX
    /// export, or the shipped one. Changing it rebuilds the index with it and computes topics again with it.
    /// </summary>
    [Fact]
    public void The_embedder_setting_rebuilds_the_index_and_the_topics_with_the_model_it_names()
    {
        var data = Analysed();
        var shipped = Pointer(data);
        Assert.Equal("builtin-fr", (string)shipped["model"]!);
        var file = Path.Combine(Path.GetDirectoryName(data)!, "consultation.embeddings.gz");
        var model = Synthesis.Nlp.Embeddings.BuiltinFrenchModel.Train(
            Contributions.Split('\n').Append("Une épicerie solidaire ouverte le samedi pour les familles du quartier."),
            new Synthesis.Nlp.Embeddings.BuiltinTrainingOptions { Dimensions = 16, MinCount = 1 });
        using (var f = File.Create(file)) model.Save(f);
        var env = new Dictionary<string, string> { ["Synthesis__Embedder"] = "builtin:" + file };

        // a search with another model rebuilds the index with it before answering, and says so
        var (code, text, err) = Cli.Run(env, "search", "épicerie solidaire", "--data", data, "--k", "3", "--json");
        Assert.Equal(0, code);
        Assert.Contains($"rebuilding it with builtin-fr@{model.Version} (16d)", err);
        Assert.Contains("épicerie", (string)Results(JsonNode.Parse(text)!.AsObject())[0]["text"]!);
        Assert.Equal(model.Version, (string)Pointer(data)["version"]!);
        Assert.Equal(16, (int)Pointer(data)["dimensions"]!);
        var status = Cli.Json(env, "status", "--data", data);
        Assert.Equal(model.Version, (string)status["search_index"]!["version"]!);
        Assert.Equal("builtin:" + file, (string)status["embedder_setting"]!);
        (code, _, err) = Cli.Run(env, "search", "loyer", "--data", data, "--mode", "vector");
        Assert.Equal(0, code);
        Assert.DoesNotContain("rebuilding", err);

        // the next analysis computes topics again with that model, once
        Assert.Contains("corpus", Stages(Cli.Json(env, "analyse", "--data", data)));
        Assert.DoesNotContain("corpus", Stages(Cli.Json(env, "analyse", "--data", data)));

        // back to the shipped model: the same again
        Assert.Contains("corpus", Stages(Cli.Json("analyse", "--data", data)));
        Assert.Equal((string)shipped["version"]!, (string)Pointer(data)["version"]!);

        // a sentence-transformers ONNX export
        var minilm = Path.Combine(Path.GetTempPath(), "synthesis-cli-tests", "minilm");
        if (!File.Exists(Path.Combine(minilm, "vocab.txt"))) Synthesis.Nlp.Tests.Embeddings.MiniLmResources.ExtractTo(minilm);
        var onnx = Cli.Json(new Dictionary<string, string> { ["Synthesis__Embedder"] = "onnx:" + minilm }, "search", "loyer", "--data", data, "--mode", "vector");
        Assert.NotEmpty(Results(onnx));
        Assert.StartsWith("onnx-", (string)Pointer(data)["model"]!);
        Assert.Equal(384, (int)Pointer(data)["dimensions"]!);
    }

    [Fact]
    public void A_search_whose_rebuild_cannot_run_says_so_rather_than_answer_by_bm25_alone()
    {
        var data = Analysed();
        var file = Path.Combine(Path.GetDirectoryName(data)!, "other.embeddings.gz");
        using (var f = File.Create(file))
            Synthesis.Nlp.Embeddings.BuiltinFrenchModel.Train(Contributions.Split('\n'),
                new Synthesis.Nlp.Embeddings.BuiltinTrainingOptions { Dimensions = 8, MinCount = 1 }).Save(f);
        var env = new Dictionary<string, string> { ["Synthesis__Embedder"] = "builtin:" + file };
        // another process is rebuilding: the search's own rebuild fails at once, whenever the verb looks
        using (new FileStream(Path.Combine(data, "index", "reindex.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var (code, text, err) = Cli.Run(env, "search", "loyer", "--data", data, "--json");
            Assert.Equal(1, code);
            Assert.Contains("rebuilding the search index failed", err);
            Assert.Contains("another process is rebuilding", err);
            Assert.Equal("", text.Trim());
        }
        Assert.Equal("builtin-fr", (string)Pointer(data)["model"]!);
        Assert.NotEqual(8, (int)Pointer(data)["dimensions"]!);
    }

    [Fact]
    public void A_wrong_embedder_setting_is_named()
    {
        var data = Analysed();
        foreach (var (value, message) in new[] { ("builtin:/no/such/model.gz", "no such model file"), ("word2vec", "builtin, builtin:FILE or onnx:FOLDER, not 'word2vec'") })
        {
            var env = new Dictionary<string, string> { ["Synthesis__Embedder"] = value };
            var (code, _, err) = Cli.Run(env, "search", "loyer", "--data", data);
            Assert.Equal(2, code);
            Assert.Contains("Synthesis:Embedder: ", err);
            Assert.Contains(message, err);
            (code, _, err) = Cli.Run(env, "analyse", "--data", data);
            Assert.Equal(2, code);
            Assert.Contains(message, err);
        }
        // the data folder is untouched and answers with the shipped model
        Assert.Equal("builtin-fr", (string)Pointer(data)["model"]!);
        Assert.NotEmpty(Results(Cli.Json("search", "loyer", "--data", data)));
    }
}
