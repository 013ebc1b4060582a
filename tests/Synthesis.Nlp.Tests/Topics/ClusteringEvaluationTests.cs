using Synthesis.Eval;
using System.Diagnostics;
using System.Text.Json;
using Synthesis.Nlp.Tests.French;
using Synthesis.Nlp.Tests.Sentiment;
using Synthesis.Nlp.Topics;
using Xunit.Abstractions;

namespace Synthesis.Nlp.Tests.Topics;

/// <summary>
/// Topic clustering against human labels on the dev sets (eval only: read from ../shared/data, never copied).
/// Vectors: LSA (TF-IDF over content lemmas and lemma pairs, sublinear tf, 200 dimensions) fitted on the set itself;
/// clustering: the product's <see cref="TopicModeler"/> with K = number of labels, scored at theme level.
/// Peers (scikit-learn TF-IDF): KMeans NMI 0.309 / 0.170, NMF 0.286 / 0.307 (granddebat / decidim).
/// </summary>
public class ClusteringEvaluationTests(ITestOutputHelper output)
{
    static (string[] Texts, string[] Labels)? Load(string file)
    {
        var path = SentimentFixture.Shared("dev-sets", file);
        if (path is null) return null;
        var rows = File.ReadLines(path).Where(l => l.Length > 0).Select(l =>
        {
            using var doc = JsonDocument.Parse(l);
            return (doc.RootElement.GetProperty("text").GetString()!, doc.RootElement.GetProperty("label").GetString()!);
        }).ToArray();
        return (rows.Select(r => r.Item1).ToArray(), rows.Select(r => r.Item2).ToArray());
    }

    (double Nmi, double Ari) Evaluate(string file, int k, int dims = 200)
    {
        var data = Load(file);
        Skip.If(data is null, $"../shared/data/dev-sets/{file} is not present on this machine");
        var (texts, labels) = data!.Value;
        var lemmatizer = LemmatizerFixture.Instance;
        var watch = Stopwatch.StartNew();
        var lemmas = texts.Select(t => lemmatizer.ContentLemmas(t)).ToArray();
        var lsa = LsaVectors.Fit(lemmas, new LsaOptions(Dimensions: dims));
        var inputs = texts.Select((t, i) => new TopicInput(i, lsa.DocumentVectors[i], lemmas[i], t, i)).ToList();
        var vectorSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var result = new TopicModeler().Fit(inputs, new TopicOptions(K: k));
        var fitSeconds = watch.Elapsed.TotalSeconds;
        var roots = SyntheticCorpus.Roots(result, inputs);
        var nmi = ClusterMetrics.NormalizedMutualInformation(labels, roots);
        var ari = ClusterMetrics.AdjustedRandIndex(labels, roots);
        output.WriteLine($"{file}: n={texts.Length} k={k} LSA {lsa.Dimensions} dims over {lsa.VocabularySize} terms ({vectorSeconds:F1} s), fit {fitSeconds:F1} s");
        output.WriteLine($"NMI {nmi:F3}  ARI {ari:F3}  unassigned {roots.Count(r => r < 0)}");
        foreach (var t in result.Topics.Where(t => t.ParentId is null)) output.WriteLine($"  [{t.Size}] {t.Label}");
        // for information: the automatic K, and the leaves against the labels
        var auto = new TopicModeler().Fit(inputs, new TopicOptions());
        var autoRoots = SyntheticCorpus.Roots(auto, inputs);
        var leaves = inputs.Select(p => auto.Assignment[p.PassageId] ?? -1L).ToArray();
        output.WriteLine($"automatic K = {auto.Topics.Count(t => t.ParentId is null)}: theme NMI {ClusterMetrics.NormalizedMutualInformation(labels, autoRoots):F3} ARI {ClusterMetrics.AdjustedRandIndex(labels, autoRoots):F3}; "
            + $"{auto.Topics.Count(t => !auto.Topics.Any(c => c.ParentId == t.Id))} leaves, leaf NMI {ClusterMetrics.NormalizedMutualInformation(labels, leaves):F3}");
        return (nmi, ari);
    }

    /// <summary>What the product does (passages, LSA + built-in vectors read in their contribution), mean over seeds 1-3.</summary>
    (double Nmi, double Ari) EvaluateProduct(string file, int k)
    {
        var data = Load(file);
        Skip.If(data is null, $"../shared/data/dev-sets/{file} is not present on this machine");
        var (texts, labels) = data!.Value;
        var corpus = ProductClustering.Prepare(texts);
        var runs = new[] { 1, 2, 3 }.Select(seed => corpus.Cluster(k, seed)).ToList();
        var nmi = runs.Average(r => ClusterMetrics.NormalizedMutualInformation(labels, r));
        var ari = runs.Average(r => ClusterMetrics.AdjustedRandIndex(labels, r));
        output.WriteLine($"{file}: {texts.Length} texts, {corpus.Passages} passages, k={k}: NMI {nmi:F3} ARI {ari:F3} (seeds 1-3); unassigned texts {string.Join(" ", runs.Select(r => r.Count(x => x < 0)))}");
        return (nmi, ari);
    }

    [SkippableFact]
    public void Granddebat_questions_k19_as_the_product_clusters_them()
    {
        var (nmi, _) = EvaluateProduct("granddebat.questions.jsonl", 19);
        // measured 0.395 (seeds 1-3: 0.397 0.399 0.389; 0.373 before themes were seeded from contributions);
        // peers 0.309 / 0.286; target 0.389
        Assert.True(nmi >= 0.389, $"NMI {nmi:F3}"); // the target, on the mean of three seeds
    }

    [SkippableFact]
    public void Decidim_categories_k4_as_the_product_clusters_them()
    {
        var (nmi, _) = EvaluateProduct("decidim.clusters.jsonl", 4);
        // measured 0.411 (seeds 1-3: 0.404 0.415 0.415; peers 0.170 / 0.307; target 0.387)
        Assert.True(nmi >= 0.387, $"NMI {nmi:F3}");
    }

    [SkippableFact]
    public void Granddebat_questions_k19()
    {
        var (nmi, ari) = Evaluate("granddebat.questions.jsonl", 19);
        // measured NMI 0.367, ARI 0.126 (seed 1); peers 0.309 (KMeans) and 0.286 (NMF); product target 0.389 (not reached)
        Assert.True(nmi >= 0.34, $"NMI {nmi:F3}");
        Assert.True(ari >= 0.09, $"ARI {ari:F3}");
    }

    [SkippableFact]
    public void Decidim_categories_k4()
    {
        var (nmi, ari) = Evaluate("decidim.clusters.jsonl", 4);
        // measured NMI 0.306, ARI 0.259 (seed 1; 0.30-0.37 over seeds 1-5); peers 0.170 (KMeans) and 0.307 (NMF);
        // product target 0.387 (not reached)
        Assert.True(nmi >= 0.25, $"NMI {nmi:F3}");
        Assert.True(ari >= 0.2, $"ARI {ari:F3}");
    }

    /// <summary>
    /// For information: the same clustering when the LSA space is fitted on both sets together (more unlabelled
    /// in-domain text, as in the product where the space is fitted on the whole consultation).
    /// </summary>
    [SkippableFact]
    public void Both_sets_with_an_lsa_space_fitted_on_their_union()
    {
        var a = Load("granddebat.questions.jsonl");
        var b = Load("decidim.clusters.jsonl");
        Skip.If(a is null || b is null, "dev sets are not present on this machine");
        var lemmatizer = LemmatizerFixture.Instance;
        var texts = a!.Value.Texts.Concat(b!.Value.Texts).ToArray();
        var lemmas = texts.Select(t => lemmatizer.ContentLemmas(t)).ToArray();
        var lsa = LsaVectors.Fit(lemmas, new LsaOptions(Dimensions: 200));
        foreach (var (name, labels, offset, k) in new[] { ("granddebat", a.Value.Labels, 0, 19), ("decidim", b.Value.Labels, a.Value.Texts.Length, 4) })
        {
            var inputs = labels.Select((_, i) => new TopicInput(i, lsa.DocumentVectors[offset + i], lemmas[offset + i], texts[offset + i], i)).ToList();
            var result = new TopicModeler().Fit(inputs, new TopicOptions(K: k));
            var roots = SyntheticCorpus.Roots(result, inputs);
            var nmi = ClusterMetrics.NormalizedMutualInformation(labels, roots);
            output.WriteLine($"{name} (space fitted on both sets): NMI {nmi:F3} ARI {ClusterMetrics.AdjustedRandIndex(labels, roots):F3}");
            Assert.True(nmi > 0.25);
        }
    }

    /// <summary>First column of a comma CSV with quoted fields (the Make.org export).</summary>
    static List<string> ReadFirstColumn(string path)
    {
        var text = File.ReadAllText(path);
        var result = new List<string>();
        var i = text.IndexOf('\n') + 1; // header
        var sb = new System.Text.StringBuilder();
        while (i < text.Length)
        {
            sb.Clear();
            if (text[i] == '"')
            {
                i++;
                while (i < text.Length)
                {
                    if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"') { sb.Append('"'); i += 2; continue; }
                    if (text[i] == '"') { i++; break; }
                    sb.Append(text[i++]);
                }
            }
            else
                while (i < text.Length && text[i] != ',' && text[i] != '\n') sb.Append(text[i++]);
            result.Add(sb.ToString());
            // skip the rest of the record (other fields are numbers)
            while (i < text.Length && text[i] != '\n') i++;
            i++;
        }
        return result.Where(t => t.Length > 0).ToList();
    }
}
