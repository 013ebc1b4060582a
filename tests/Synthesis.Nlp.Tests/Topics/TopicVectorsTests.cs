using Synthesis.Nlp.Topics;

namespace Synthesis.Nlp.Tests.Topics;

public class TopicVectorsTests
{
    static readonly IReadOnlyList<string>[] Lemmas =
    [
        ["vélo", "piste", "cyclable"], ["piste", "cyclable", "sécurité"], ["vélo", "sécurité"],
        ["impôt", "revenu", "baisse"], ["impôt", "taxe", "revenu"], ["taxe", "baisse"],
        ["vélo", "piste"], ["revenu", "taxe"], [],
    ];

    static float Cos(float[] a, float[] b) => VectorMath.Dot(a, b);

    [Fact]
    public void Without_embeddings_or_context_the_vectors_are_the_lsa_vectors()
    {
        var lsa = LsaVectors.Fit(Lemmas, new LsaOptions(Dimensions: 2)).DocumentVectors;
        var built = TopicVectors.Build(Lemmas, null);
        Assert.Equal(lsa.Length, built.Length);
        for (var i = 0; i < lsa.Length; i++) Assert.Equal(lsa[i], built[i]);
    }

    [Fact]
    public void Embeddings_are_joined_at_the_given_share_and_the_result_is_unit_length()
    {
        var embeddings = Lemmas.Select((_, i) => i % 2 == 0 ? new float[] { 1, 0, 0 } : new float[] { 0, 1, 0 }).ToArray();
        var lsaDim = TopicVectors.Build(Lemmas, null)[0].Length;
        var built = TopicVectors.Build(Lemmas, embeddings, new TopicVectorOptions(EmbeddingShare: 0.25));
        Assert.All(built, v => Assert.Equal(lsaDim + 3, v.Length));
        foreach (var v in built.Where((_, i) => Lemmas[i].Count > 0))
        {
            Assert.Equal(1f, MathF.Sqrt(VectorMath.Dot(v, v)), 3);
            var embeddingPart = v.Skip(lsaDim).Sum(x => x * x);
            Assert.Equal(0.25, embeddingPart, 2);
        }
        // a passage without any known lemma keeps its embedding: it is not a zero vector
        Assert.Equal(1f, MathF.Sqrt(VectorMath.Dot(built[^1], built[^1])), 3);
    }

    [Fact]
    public void A_passage_is_pulled_towards_the_rest_of_its_contribution()
    {
        // passage 6 ("vélo piste") and passage 3 (taxes) written by the same author
        var contributionOf = new long[] { 1, 2, 3, 4, 5, 6, 4, 8, 9 };
        var alone = TopicVectors.Build(Lemmas, null);
        var read = TopicVectors.Build(Lemmas, null, contributionOf: contributionOf);
        Assert.True(Cos(read[6], read[3]) > Cos(alone[6], alone[3]) + 0.1, $"{Cos(read[6], read[3])} vs {Cos(alone[6], alone[3])}");
        // a passage alone in its contribution is unchanged
        Assert.Equal(alone[0], read[0]);
        Assert.Equal(read, TopicVectors.Build(Lemmas, null, contributionOf: contributionOf));
    }

    [Fact]
    public void Past_the_sample_size_passages_are_folded_into_a_space_fitted_on_a_sample()
    {
        var many = Enumerable.Range(0, 60).Select(i => Lemmas[i % Lemmas.Length]).ToArray();
        var sampled = TopicVectors.Build(many, null, new TopicVectorOptions(LsaSample: 20));
        Assert.Equal(60, sampled.Length);
        Assert.Equal(sampled, TopicVectors.Build(many, null, new TopicVectorOptions(LsaSample: 20)));
        // the same text gets the same vector, and the two subjects stay apart
        Assert.Equal(sampled[0], sampled[Lemmas.Length]);
        Assert.True(Cos(sampled[0], sampled[1]) > Cos(sampled[0], sampled[3]) + 0.3, $"{Cos(sampled[0], sampled[1])} vs {Cos(sampled[0], sampled[3])}");
        var full = TopicVectors.Build(many, null);
        Assert.True(Cos(full[0], full[1]) > Cos(full[0], full[3]) + 0.3);
    }

    [Fact]
    public void Mismatched_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => TopicVectors.Build(Lemmas, [new float[3]]));
        Assert.Throws<ArgumentException>(() => TopicVectors.Build(Lemmas, null, contributionOf: [1, 2]));
    }
}
