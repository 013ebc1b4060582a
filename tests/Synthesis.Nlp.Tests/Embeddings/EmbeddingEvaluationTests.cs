using System.Diagnostics;
using Synthesis.Nlp.Embeddings;
using Synthesis.Nlp.Tests.Sentiment;
using Xunit.Abstractions;
using E = Synthesis.Nlp.Tests.Embeddings.EmbeddingEvaluation;

namespace Synthesis.Nlp.Tests.Embeddings;

/// <summary>
/// The evaluation sets of ../shared/data/dev-sets (eval only, never copied), and a built-in model trained the way
/// the product trains one for a consultation: eval-data plus the consultation's own texts (here the Decidim bodies;
/// the titles used as queries are never trained on).
/// </summary>
public sealed class EvaluationFixture
{
    public static string? DevSets => SentimentFixture.Shared("dev-sets");

    readonly Lazy<(BuiltinFrenchModel Model, double Seconds)> _model;

    public EvaluationFixture()
    {
        _model = new(() =>
        {
            var sw = Stopwatch.StartNew();
            var model = Synthesis.Ingest.Models.TrainingCorpus.TrainBuiltin(SentimentFixture.RepoRoot, Corpus.Select(d => d.Text));
            return (model, sw.Elapsed.TotalSeconds);
        });
    }

    public List<E.Doc> Corpus => E.ReadDocs(Path.Combine(DevSets!, "decidim.corpus.jsonl"));
    public List<E.Query> Queries => E.ReadQueries(Path.Combine(DevSets!, "decidim.queries.jsonl"));
    public List<E.Doc> GrandDebatQuestions => E.ReadDocs(Path.Combine(DevSets!, "granddebat.questions.jsonl"));
    public List<E.Doc> DecidimClusters => E.ReadDocs(Path.Combine(DevSets!, "decidim.clusters.jsonl"));

    public BuiltinFrenchModel Model => _model.Value.Model;
    public double TrainingSeconds => _model.Value.Seconds;
}

public class EmbeddingEvaluationTests(EvaluationFixture data, MiniLmFixture minilm, ITestOutputHelper output)
    : IClassFixture<EvaluationFixture>, IClassFixture<MiniLmFixture>
{
    void SkipWithoutData() => Skip.If(EvaluationFixture.DevSets is null, "../shared/data/dev-sets is not present on this machine");

    E.RetrievalScores Report(string name, double[][] scores)
    {
        var r = E.Rank(scores, data.Queries, data.Corpus);
        output.WriteLine($"{name,-34} top-1 {r.Top1:F3}  MRR@10 {r.Mrr10:F3}  recall@10 {r.Recall10:F3}");
        return r;
    }

    (double GrandDebat, double Decidim) Clustering(Func<IReadOnlyList<string>, float[][]> embed, bool grandDebat = true)
    {
        double Nmi(List<E.Doc> docs, int k)
        {
            var x = embed(docs.Select(d => d.Text).ToList());
            var labels = docs.Select(d => d.Label!).ToList();
            // mean over three seeds: one k-means run is noisy on 140 texts
            return new ulong[] { 1, 2, 3 }.Average(seed => E.Nmi(labels, E.KMeans(x, k, restarts: 5, seed: seed)));
        }
        return (grandDebat ? Nmi(data.GrandDebatQuestions, 19) : double.NaN, Nmi(data.DecidimClusters, 4));
    }

    [SkippableFact]
    public void Builtin_model_decidim_title_to_body_retrieval()
    {
        SkipWithoutData();
        var model = data.Model;
        output.WriteLine($"built-in model trained on eval-data + {data.Corpus.Count} Decidim bodies in {data.TrainingSeconds:F1} s ({model.VocabularySize} stems, {model.Dimensions} dims)");
        var queries = data.Queries.Select(q => q.Text).ToList();
        var docs = data.Corpus.Select(d => d.Text).ToList();
        var vec = E.CosineScores(model.EmbedBatch(queries), model.EmbedBatch(docs));
        var bm25 = E.Bm25Scores(queries, docs);
        var r = Report("built-in vectors", vec);
        Report("BM25 (built-in stems)", bm25);
        Report("hybrid: 0.3 vectors + 0.7 BM25", E.Linear(vec, bm25, 0.3));
        Report("hybrid: RRF k=60", E.Rrf(vec, bm25));
        output.WriteLine("peer BM25: top-1 0.515, MRR@10 0.587, recall@10 0.745");
        Assert.True(r.Top1 >= 0.40, $"top-1 {r.Top1:F3}");
        Assert.True(r.Recall10 >= 0.75, $"recall@10 {r.Recall10:F3}");
    }

    [SkippableFact]
    public void Builtin_model_topic_clustering_nmi()
    {
        SkipWithoutData();
        var model = data.Model;
        var (gd, dc) = Clustering(t => model.EmbedBatch(t));
        output.WriteLine($"built-in k-means NMI: Grand Débat questions (k=19) {gd:F3}, Decidim categories (k=4) {dc:F3}");
        output.WriteLine("peer TF-IDF + k-means: 0.309 / 0.170; TF-IDF + NMF: 0.286 / 0.307");
        Assert.True(gd >= 0.30, $"Grand Débat NMI {gd:F3}");
        Assert.True(dc >= 0.15, $"Decidim NMI {dc:F3}");
    }

    [SkippableFact]
    public void MiniLm_retrieval_and_clustering()
    {
        SkipWithoutData();
        var e = minilm.Embedder;
        var queries = data.Queries.Select(q => q.Text).ToList();
        var docs = data.Corpus.Select(d => d.Text).ToList();
        var sw = Stopwatch.StartNew();
        var docVectors = e.EmbedBatch(docs);
        output.WriteLine($"all-MiniLM-L6-v2: {docs.Count} Decidim bodies in {sw.Elapsed.TotalSeconds:F1} s ({docs.Count / sw.Elapsed.TotalSeconds:F0} passages/s)");
        var vec = E.CosineScores(e.EmbedBatch(queries), docVectors);
        var r = Report("all-MiniLM-L6-v2 (English)", vec);
        Report("hybrid: 0.3 MiniLM + 0.7 BM25", E.Linear(vec, E.Bm25Scores(queries, docs), 0.3));
        // the 1,545 long Grand Débat answers take minutes through MiniLM on 2 cores: only with SYNTHESIS_FULL_EVAL=1
        var full = Environment.GetEnvironmentVariable("SYNTHESIS_FULL_EVAL") == "1";
        var (gd, dc) = Clustering(t => e.EmbedBatch(t), grandDebat: full);
        output.WriteLine($"all-MiniLM-L6-v2 k-means NMI: Grand Débat {(full ? gd.ToString("F3") : "(SYNTHESIS_FULL_EVAL=1)")}, Decidim {dc:F3}");
        Assert.True(r.Top1 >= 0.2, $"top-1 {r.Top1:F3}");
    }
}
