using Synthesis.Eval;
using Synthesis.Nlp.Topics;

namespace Synthesis.Nlp.Tests.Topics;

public class ClusterMetricsTests
{
    [Fact]
    public void Known_values()
    {
        // scikit-learn: normalized_mutual_info_score([0,0,1,1],[0,0,1,2]) = 0.8, adjusted_rand_score = 0.5714...
        int[] truth = [0, 0, 1, 1];
        int[] pred = [0, 0, 1, 2];
        Assert.Equal(0.8, ClusterMetrics.NormalizedMutualInformation(truth, pred), 6);
        Assert.Equal(0.5714285714, ClusterMetrics.AdjustedRandIndex(truth, pred), 6);
        Assert.Equal(1.0, ClusterMetrics.NormalizedMutualInformation(truth, new[] { "b", "b", "a", "a" }), 9);
        Assert.Equal(1.0, ClusterMetrics.AdjustedRandIndex(truth, new[] { 5, 5, 7, 7 }), 9);
        Assert.Equal(0.0, ClusterMetrics.NormalizedMutualInformation(new[] { 0, 1, 0, 1 }, new[] { 0, 0, 1, 1 }), 9);
        Assert.True(ClusterMetrics.AdjustedRandIndex(new[] { 0, 1, 0, 1 }, new[] { 0, 0, 1, 1 }) < 0);
    }
}

public class LsaVectorsTests
{
    static readonly IReadOnlyList<string>[] Docs =
    [
        ["logement", "social", "loyer", "cher"],
        ["loyer", "cher", "logement", "famille"],
        ["logement", "social", "attente", "hlm"],
        ["bus", "ligne", "tramway", "soir"],
        ["bus", "tramway", "ligne", "quartier"],
        ["tramway", "bus", "transport", "soir"],
        ["médecin", "santé", "hôpital", "attente"],
        ["santé", "médecin", "soin", "quartier"],
    ];

    [Fact]
    public void Vectors_are_unit_deterministic_and_group_related_documents()
    {
        var a = LsaVectors.Fit(Docs, new LsaOptions(Dimensions: 4, MinDf: 1, MaxDfRatio: 1));
        var b = LsaVectors.Fit(Docs, new LsaOptions(Dimensions: 4, MinDf: 1, MaxDfRatio: 1));
        for (var i = 0; i < Docs.Length; i++)
        {
            Assert.Equal(a.DocumentVectors[i], b.DocumentVectors[i]);
            Assert.Equal(1.0, Math.Sqrt(a.DocumentVectors[i].Sum(x => (double)x * x)), 4);
        }
        static double Cos(float[] x, float[] y) => x.Zip(y, (p, q) => (double)p * q).Sum();
        var v = a.DocumentVectors;
        Assert.True(Cos(v[0], v[1]) > Cos(v[0], v[3]));
        Assert.True(Cos(v[3], v[4]) > Cos(v[3], v[6]));
        // folding a training document in gives (about) its own vector
        Assert.True(Cos(a.Transform(Docs[4]), v[4]) > 0.99);
        Assert.Equal(0.0, a.Transform(["inconnu"]).Sum(x => Math.Abs(x)));
    }
}

public class DuplicateDetectorTests
{
    [Fact]
    public void Finds_exact_and_templated_copies_but_not_short_or_different_texts()
    {
        string[] texts =
        [
            "Il faut plus de bancs publics dans le parc pour les personnes âgées.",
            "il faut PLUS de bancs publics dans le parc, pour les personnes âgées !",
            "Je soutiens la demande du collectif Bellevue : un local associatif ouvert le soir pour les jeunes du quartier.",
            "Je soutiens la demande du collectif Malakoff : un local associatif ouvert le soir pour les jeunes du quartier.",
            "Je soutiens la demande du collectif Dervallières : un local associatif ouvert le soir pour les jeunes du quartier.",
            "Oui.",
            "Oui.",
            "Les transports en commun devraient être gratuits pour les demandeurs d'emploi et les étudiants.",
        ];
        var groups = new DuplicateDetector().Find(texts);
        Assert.Equal(2, groups.Count);
        Assert.Equal([0, 1], groups[0].Items);
        Assert.False(groups[0].Templated);
        Assert.Equal([2, 3, 4], groups[1].Items);
        Assert.True(groups[1].Templated);
    }
}

public class SphericalKMeansTests
{
    [Fact]
    public void Same_seed_same_result_and_parallel_safe()
    {
        var corpus = SyntheticCorpus.Make(5000, dim: 32);
        var vectors = corpus.Inputs.Select(p => p.Vector).ToArray();
        var rows = Enumerable.Range(0, vectors.Length).ToArray();
        var a = new SphericalKMeans { SpectralInit = false }.Fit(vectors, rows, 6, 42);
        var b = new SphericalKMeans { SpectralInit = false }.Fit(vectors, rows, 6, 42);
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(a.Objective, b.Objective);
        var s1 = new SphericalKMeans().Fit(vectors, rows, 6, 42);
        var s2 = new SphericalKMeans().Fit(vectors, rows, 6, 42);
        Assert.Equal(s1.Labels, s2.Labels);
        Assert.True(ClusterMetrics.NormalizedMutualInformation(corpus.Theme, s1.Labels) > 0.9);
    }

    [Fact]
    public void Rows_beyond_the_spectral_sample_are_seeded_from_their_groups()
    {
        var corpus = SyntheticCorpus.Make(5000, dim: 32);
        var vectors = corpus.Inputs.Select(p => p.Vector).ToArray();
        var rows = Enumerable.Range(0, vectors.Length).ToArray();
        // groups of about three rows of one theme (passages of one contribution)
        var seen = new Dictionary<int, int>();
        var groups = rows.Select(r =>
        {
            var t = corpus.Theme[r];
            var nth = seen[t] = seen.GetValueOrDefault(t) + 1;
            return (long)t * 100_000 + nth / 3;
        }).ToArray();
        var a = new SphericalKMeans().Fit(vectors, rows, 6, 42, groups: groups);
        var b = new SphericalKMeans().Fit(vectors, rows, 6, 42, groups: groups);
        Assert.Equal(a.Labels, b.Labels);
        Assert.True(ClusterMetrics.NormalizedMutualInformation(corpus.Theme, a.Labels) > 0.9);
        // one row per group: the rows themselves are seeded, as without groups
        var single = new SphericalKMeans().Fit(vectors, rows, 6, 42, groups: rows.Select(r => (long)r).ToArray());
        Assert.Equal(new SphericalKMeans().Fit(vectors, rows, 6, 42).Labels, single.Labels);
        Assert.Throws<ArgumentException>(() => new SphericalKMeans().Fit(vectors, rows, 6, 42, groups: groups[..10]));
    }
}
