namespace Synthesis.Nlp.Topics;

/// <summary>How <see cref="TopicVectors"/> builds the vectors topics are clustered on.</summary>
/// <param name="Lsa">The latent semantic analysis fitted on the consultation's own lemmas.</param>
/// <param name="EmbeddingShare">
/// Share of the squared norm given to the embedding part when embeddings are given (0 = LSA only, 1 = embeddings
/// only). Half and half by default: neither part is tuned to one data set.
/// </param>
/// <param name="MaxLsaDimensions">At most this many LSA dimensions, and at most a quarter of the passages.</param>
/// <param name="ContextShare">
/// Weight of the passage's contribution (the mean of its passages) in the passage's vector, when contributions are
/// given: a sentence is read in the context of what its author wrote around it ("Il faut la développer" says little alone).
/// </param>
/// <param name="LsaSample">Above this many passages, the LSA space is fitted on a sample of this size and the rest folded in.</param>
public sealed record TopicVectorOptions(LsaOptions? Lsa = null, double EmbeddingShare = 0.5, int MaxLsaDimensions = 200,
    double ContextShare = 0.5, int LsaSample = 10_000);

/// <summary>
/// The vectors the topic stage clusters: LSA over content lemmas fitted on this consultation (it knows the
/// consultation's own vocabulary and word pairs) concatenated with passage embeddings from a model trained on much
/// more French (it knows that "vélo" and "piste cyclable" go together even when this consultation rarely says both).
/// Each part is unit length before weighting, so the share decides their say in every cosine.
/// </summary>
public static class TopicVectors
{
    /// <summary>
    /// One unit vector per passage. <paramref name="embeddings"/> may be null (LSA only); a zero embedding (no known
    /// word) leaves the LSA part alone, and a passage with neither part is the zero vector (an outlier).
    /// </summary>
    public static float[][] Build(IReadOnlyList<IReadOnlyList<string>> lemmas, IReadOnlyList<float[]>? embeddings,
        TopicVectorOptions? options = null, IReadOnlyList<long>? contributionOf = null)
    {
        var o = options ?? new TopicVectorOptions();
        return Combine(Lsa(lemmas, o), embeddings, o, contributionOf);
    }

    /// <summary>
    /// The second half of <see cref="Build"/>: LSA vectors (from <see cref="Lsa"/>) joined with the embeddings and read
    /// in context. Split so that a caller can compute the embeddings while the LSA space is fitted.
    /// </summary>
    public static float[][] Combine(float[][] lsa, IReadOnlyList<float[]>? embeddings, TopicVectorOptions? options = null,
        IReadOnlyList<long>? contributionOf = null)
    {
        var o = options ?? new TopicVectorOptions();
        var vectors = Join(lsa, embeddings, o);
        return contributionOf is null || o.ContextShare <= 0 ? vectors : WithContext(vectors, contributionOf, o.ContextShare);
    }

    /// <summary>(1 - share) x the passage + share x its contribution's normalised mean, normalised.</summary>
    static float[][] WithContext(float[][] vectors, IReadOnlyList<long> contributionOf, double share)
    {
        if (contributionOf.Count != vectors.Length) throw new ArgumentException($"{contributionOf.Count} contributions for {vectors.Length} passages");
        if (vectors.Length == 0) return vectors;
        var dim = vectors[0].Length;
        var rowsOf = new Dictionary<long, List<int>>();
        for (var i = 0; i < vectors.Length; i++)
        {
            if (!rowsOf.TryGetValue(contributionOf[i], out var rows)) rowsOf[contributionOf[i]] = rows = [];
            rows.Add(i);
        }
        var result = new float[vectors.Length][];
        var own = (float)(1 - Math.Clamp(share, 0, 1));
        var context = (float)Math.Clamp(share, 0, 1);
        foreach (var rows in rowsOf.Values)
        {
            if (rows.Count == 1) { result[rows[0]] = vectors[rows[0]]; continue; }
            var mean = VectorMath.Centroid(vectors, rows, dim);
            foreach (var r in rows)
            {
                var v = new float[dim];
                for (var d = 0; d < dim; d++) v[d] = own * vectors[r][d] + context * mean[d];
                VectorMath.Normalize(v);
                result[r] = v;
            }
        }
        return result;
    }

    /// <summary>
    /// LSA vectors of the passages. Beyond <see cref="TopicVectorOptions.LsaSample"/> passages the space is fitted on
    /// an evenly spread sample and every passage is folded into it: a space estimated on 10,000 passages already holds
    /// the consultation's vocabulary, and the fit no longer grows with n.
    /// </summary>
    public static float[][] Lsa(IReadOnlyList<IReadOnlyList<string>> lemmas, TopicVectorOptions? options = null)
    {
        var o = options ?? new TopicVectorOptions();
        var n = lemmas.Count;
        if (n == 0) return [];
        var fitted = n <= o.LsaSample ? lemmas : Enumerable.Range(0, o.LsaSample).Select(i => lemmas[(int)((long)i * n / o.LsaSample)]).ToList();
        // fewer passages, fewer latent dimensions: a quarter of them at most
        var lsaOptions = (o.Lsa ?? new LsaOptions()) with { Dimensions = Math.Clamp(fitted.Count / 4, 2, o.MaxLsaDimensions) };
        var space = LsaVectors.Fit(fitted, lsaOptions);
        if (ReferenceEquals(fitted, lemmas)) return space.DocumentVectors;
        var vectors = new float[n][];
        VectorMath.ForChunks(n, (_, start, end) =>
        {
            for (var i = start; i < end; i++) vectors[i] = space.Transform(lemmas[i]);
        }, 1024);
        return vectors;
    }

    static float[][] Join(float[][] lsa, IReadOnlyList<float[]>? embeddings, TopicVectorOptions o)
    {
        if (embeddings is not null && embeddings.Count != lsa.Length)
            throw new ArgumentException($"{embeddings.Count} embeddings for {lsa.Length} passages");
        if (lsa.Length == 0) return [];
        if (embeddings is null || o.EmbeddingShare <= 0) return lsa;
        var share = Math.Clamp(o.EmbeddingShare, 0, 1);
        var lsaWeight = (float)Math.Sqrt(1 - share);
        var embeddingWeight = (float)Math.Sqrt(share);
        var lsaDim = lsa[0].Length;
        var embeddingDim = embeddings[0].Length;
        var result = new float[lsa.Length][];
        VectorMath.ForChunks(lsa.Length, (_, start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                var e = embeddings[i];
                if (e.Length != embeddingDim) throw new ArgumentException($"passage {i}: embedding length {e.Length}, expected {embeddingDim}");
                var v = new float[lsaDim + embeddingDim];
                for (var d = 0; d < lsaDim; d++) v[d] = lsaWeight * lsa[i][d];
                for (var d = 0; d < embeddingDim; d++) v[lsaDim + d] = embeddingWeight * e[d];
                VectorMath.Normalize(v);
                result[i] = v;
            }
        }, 512);
        return result;
    }
}
