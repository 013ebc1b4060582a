using Synthesis.Nlp.Tests.French;
using Synthesis.Nlp.Topics;

namespace Synthesis.Nlp.Tests.Topics;

/// <summary>
/// The corpus stage's clustering without the store: texts cut into passages, content lemmas, built-in embeddings,
/// <see cref="TopicVectors"/> with each passage's contribution, <see cref="TopicModeler"/>; each text gets the theme
/// holding most of its passages' characters (-1 when none is assigned), as <c>synthesis eval clusters</c> does.
/// </summary>
public sealed class ProductClustering
{
    static readonly Lazy<Synthesis.Nlp.Embeddings.BuiltinFrenchModel> Builtin = new(() =>
        Synthesis.Nlp.Embeddings.BuiltinFrenchModel.Load(Synthesis.Nlp.Embeddings.BuiltinFrenchModel.DefaultPath(Sentiment.SentimentFixture.RepoRoot)));

    int _texts;
    List<(int Doc, string Text)> _passages = [];
    List<IReadOnlyList<string>> _lemmas = [];
    float[][] _embeddings = [];

    public static ProductClustering Prepare(IReadOnlyList<string> texts)
    {
        var c = new ProductClustering { _texts = texts.Count };
        for (var d = 0; d < texts.Count; d++)
            foreach (var span in PassageSplitter.Default.Split(texts[d])) c._passages.Add((d, span.Of(texts[d])));
        c._lemmas = c._passages.Select(p => (IReadOnlyList<string>)LemmatizerFixture.Instance.ContentLemmas(p.Text)).ToList();
        c._embeddings = Builtin.Value.EmbedBatch(c._passages.Select(p => p.Text).ToList());
        return c;
    }

    public int Passages => _passages.Count;

    /// <summary>The passages as the corpus stage gives them to the topic model (ID = position, contribution = text).</summary>
    public List<TopicInput> Inputs(TopicVectorOptions? options = null)
    {
        var o = options ?? new TopicVectorOptions();
        var vectors = TopicVectors.Build(_lemmas, o.EmbeddingShare > 0 ? _embeddings : null, o, _passages.Select(p => (long)p.Doc).ToList());
        return _passages.Select((p, i) => new TopicInput(i, vectors[i], _lemmas[i], p.Text, p.Doc)).ToList();
    }

    public long[] Cluster(int k, int seed, TopicVectorOptions? options = null, TopicModeler? modeler = null)
    {
        var inputs = Inputs(options);
        var result = (modeler ?? new TopicModeler()).Fit(inputs, new TopicOptions(K: k, Seed: seed));
        var roots = SyntheticCorpus.Roots(result, inputs);
        var perDoc = Enumerable.Range(0, _texts).Select(_ => new Dictionary<long, int>()).ToArray();
        for (var i = 0; i < inputs.Count; i++)
            if (roots[i] >= 0) perDoc[_passages[i].Doc][roots[i]] = perDoc[_passages[i].Doc].GetValueOrDefault(roots[i]) + _passages[i].Text.Length;
        return perDoc.Select(d => d.Count == 0 ? -1L : d.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).First().Key).ToArray();
    }
}
