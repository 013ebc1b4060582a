using Synthesis.Ingest.Search;

namespace Synthesis.Ingest.Tests.Search;

public sealed class HybridSearchTests
{
    static LexicalHit L(long id, float score) => new(id, score, []);
    static VectorHit V(long id, float score) => new(id, score);

    [Theory]
    [InlineData("bm25", SearchMode.Bm25)]
    [InlineData("VECTOR", SearchMode.Vector)]
    [InlineData("hybrid", SearchMode.Hybrid)]
    [InlineData(null, SearchMode.Hybrid)]
    public void Parses_the_mode_option(string? text, SearchMode mode) => Assert.Equal(mode, SearchModes.Parse(text));

    [Fact]
    public void Rejects_an_unknown_mode() => Assert.Throws<FormatException>(() => SearchModes.Parse("fuzzy"));

    [Fact]
    public void Plain_rrf_adds_reciprocal_ranks()
    {
        var o = new HybridOptions { Method = FusionMethod.Rrf, AgreementWeighting = false, VectorWeight = 1 };
        var fused = HybridSearch.Fuse([L(1, 9), L(2, 8), L(3, 7)], [V(3, .9f), V(2, .8f), V(4, .7f)], 10, o);
        // 3: 1/63 + 1/61 edges out 2: 1/62 + 1/62.
        Assert.Equal([3L, 2L, 1L, 4L], fused.Select(h => h.PassageId).ToList());
        var two = fused[1];
        Assert.Equal(1.0 / 62 + 1.0 / 62, two.Score, 9);
        Assert.Equal((2, 2), (two.Bm25Rank, two.VectorRank));
        Assert.Null(fused[3].Bm25Rank);
        Assert.Null(fused[2].VectorRank);
    }

    [Fact]
    public void Vectors_that_disagree_with_bm25_leave_its_order_alone()
    {
        var bm25 = Enumerable.Range(1, 20).Select(i => L(i, 100 - i)).ToList();
        var unrelated = Enumerable.Range(100, 20).Select(i => V(i, 1f / i)).ToList();
        var fused = HybridSearch.Fuse(bm25, unrelated, 20, new HybridOptions());
        Assert.Equal(bm25.Select(h => h.PassageId), fused.Select(h => h.PassageId));
        Assert.Equal(0, HybridSearch.EffectiveVectorWeight(bm25, unrelated, new HybridOptions()));
    }

    [Fact]
    public void Vectors_that_agree_can_reorder_and_bring_their_own_candidates()
    {
        var bm25 = Enumerable.Range(1, 10).Select(i => L(i, 100 - i)).ToList();
        // Same set, one promoted from BM25 rank 3 to vector rank 1, plus a new passage.
        var agreeing = new[] { 3L, 1, 2, 4, 5, 6, 7, 8, 9, 42 }.Select((id, i) => V(id, 1f - i / 100f)).ToList();
        var o = new HybridOptions { Method = FusionMethod.Rrf, VectorWeight = 1 };
        // 9 of BM25's top 10 shared; no corpus size given, so no chance correction: weight sqrt(0.9).
        Assert.Equal(Math.Sqrt(0.9), HybridSearch.EffectiveVectorWeight(bm25, agreeing, o), 9);
        var fused = HybridSearch.Fuse(bm25, agreeing, 11, o).ToList();
        Assert.Contains(fused, h => h.PassageId == 42);
        Assert.True(fused.FindIndex(h => h.PassageId == 3) < fused.FindIndex(h => h.PassageId == 2));
    }

    [Fact]
    public void Agreement_is_corrected_for_what_two_unrelated_rankings_share_by_chance()
    {
        var bm25 = Enumerable.Range(1, 10).Select(i => L(i, 100 - i)).ToList();
        // 5 of the 10 shared: in a corpus of 20 passages, two unrelated top-10s share 5 on average, so no say at all...
        var half = new long[] { 1, 2, 3, 4, 5, 11, 12, 13, 14, 15 }.Select((id, i) => V(id, 1f - i / 100f)).ToList();
        Assert.Equal(0, HybridSearch.EffectiveVectorWeight(bm25, half, new HybridOptions(), corpusSize: 20), 9);
        // ...while in 1,000 passages the same overlap is far above chance (1%): kappa = (0.5 - 0.01) / 0.99.
        Assert.Equal(Math.Sqrt(0.49 / 0.99), HybridSearch.EffectiveVectorWeight(bm25, half, new HybridOptions(), corpusSize: 1000), 9);
        // In a corpus no larger than the depth every passage is in both tops: agreement says nothing, full weight.
        Assert.Equal(1.0, HybridSearch.EffectiveVectorWeight(bm25, half, new HybridOptions(), corpusSize: 8), 9);
        // Chance-level agreement leaves BM25's order untouched.
        var fused = HybridSearch.Fuse(bm25, half, 10, new HybridOptions(), corpusSize: 20);
        Assert.Equal(bm25.Select(h => h.PassageId), fused.Select(h => h.PassageId));
    }

    [Theory]
    [InlineData(FusionMethod.ZScore)]
    [InlineData(FusionMethod.Rrf)]
    public void Unrelated_vectors_leave_bm25_order_alone_with_either_method(FusionMethod method)
    {
        var bm25 = Enumerable.Range(1, 30).Select(i => L(i, 30f / i)).ToList();
        var noise = Enumerable.Range(1, 30).Reverse().Select((id, i) => V(id + 1000, 0.5f - i / 100f)).ToList();
        var fused = HybridSearch.Fuse(bm25, noise, 30, new HybridOptions { Method = method });
        Assert.Equal(bm25.Select(h => h.PassageId), fused.Select(h => h.PassageId));
    }

    [Fact]
    public void Zscore_fusion_keeps_a_clear_bm25_winner_but_lets_agreeing_vectors_settle_a_close_call()
    {
        // BM25: 1 far ahead, 2 and 3 nearly tied. Vectors agree on the set but prefer 3 over 2, and 2 over 1 slightly.
        var bm25 = new[] { L(1, 20f), L(2, 10.1f), L(3, 10f), L(4, 2f), L(5, 1.9f) };
        var vec = new[] { V(3, .80f), V(2, .79f), V(1, .78f), V(4, .2f), V(5, .1f) };
        var fused = HybridSearch.Fuse(bm25, vec, 5, new HybridOptions { AgreementDepth = 5 });
        Assert.Equal([1L, 3L, 2L, 4L, 5L], fused.Select(h => h.PassageId).ToList());
        Assert.Equal((1, 3), (fused[0].Bm25Rank, fused[0].VectorRank));
    }

    [Fact]
    public void Without_bm25_hits_the_vector_ranking_is_used()
    {
        var fused = HybridSearch.Fuse([], [V(5, .9f), V(6, .8f)], 10, new HybridOptions());
        Assert.Equal([5L, 6L], fused.Select(h => h.PassageId).ToList());
    }

    static readonly string[] Texts =
    [
        "Les écoles du quartier manquent de places.",
        "Il faut plus de places en crèche pour les familles.",
        "Les bus ne passent pas le soir dans le quartier.",
        "Créer une navette de nuit pour les habitants.",
        "Des jardins partagés au pied des immeubles.",
        "Plus d'arbres et de jardins dans les cours d'école.",
    ];

    static (HybridSearch Search, LexicalIndex Lexical, EmbeddedVectorIndex Vectors) Build()
    {
        var bow = new HashedBagOfWords(64);
        var lexical = LexicalIndex.InMemory();
        var vectors = new EmbeddedVectorIndex(new IndexInfo("hashed-bow", "1", bow.Dimensions));
        for (var i = 0; i < Texts.Length; i++)
        {
            // Contribution = pairs of passages: (1,2) -> 1, (3,4) -> 2, (5,6) -> 3.
            var payload = TestVectors.Payload(i) with { ContributionId = i / 2 + 1, Question = i % 2 == 0 ? QuestionType.Problem : QuestionType.Solution };
            lexical.Add(new LexicalDocument(i + 1, Texts[i], payload));
            vectors.Upsert([new VectorPoint(i + 1, bow.Embed(Texts[i]), payload)]);
        }
        return (new HybridSearch(lexical, vectors, (q, _) => Task.FromResult(bow.Embed(q))), lexical, vectors);
    }

    [Fact]
    public async Task Searches_in_each_mode_with_ranks_scores_and_highlights()
    {
        var (search, lexical, vectors) = Build();
        using var _l = lexical; using var _v = vectors;
        var bm25 = await search.SearchAsync("jardins école", 3, SearchMode.Bm25);
        Assert.Equal(6, bm25[0].PassageId);
        Assert.All(bm25, h => { Assert.NotNull(h.Bm25Rank); Assert.Null(h.VectorRank); });
        Assert.NotEmpty(bm25[0].Highlights);

        var vec = await search.SearchAsync("jardins école", 3, SearchMode.Vector);
        Assert.All(vec, h => { Assert.Null(h.Bm25Rank); Assert.NotNull(h.VectorRank); });
        Assert.NotEmpty(vec.First(h => h.PassageId == 6).Highlights); // filled from the stored text

        var hybrid = await search.SearchAsync("jardins école", 3, SearchMode.Hybrid);
        Assert.Equal(6, hybrid[0].PassageId);
        Assert.NotNull(hybrid[0].Bm25Rank);
        Assert.NotNull(hybrid[0].VectorRank);

        var filtered = await search.SearchAsync("jardins école places", 5, SearchMode.Hybrid, new SearchFilter(Questions: [QuestionType.Problem]));
        Assert.All(filtered, h => Assert.Contains(h.PassageId, new long[] { 1, 3, 5 }));
    }

    [Fact]
    public async Task A_query_the_model_reads_as_nothing_finds_nothing_by_meaning()
    {
        var (search, lexical, vectors) = Build();
        using var _l = lexical; using var _v = vectors;
        // no word at all: a zero vector, to which every passage is as close (it used to list them in stored order)
        Assert.Empty(await search.SearchAsync("?! …", 3, SearchMode.Vector));
        Assert.Empty(await search.SearchAsync("?! …", 3, SearchMode.Hybrid));
        Assert.NotEmpty(await search.SearchAsync("jardins", 3, SearchMode.Vector));
    }

    [Fact]
    public async Task More_like_this_excludes_the_passage_and_optionally_its_contribution()
    {
        var (search, lexical, vectors) = Build();
        using var _l = lexical; using var _v = vectors;
        var all = await search.MoreLikeThisAsync(5, 10, excludeSameContribution: false);
        Assert.DoesNotContain(all, h => h.PassageId == 5);
        Assert.Contains(all, h => h.PassageId == 6);
        Assert.Equal(6, all[0].PassageId); // jardins: its own contribution's other passage is the closest
        var others = await search.MoreLikeThisAsync(5, 10);
        Assert.DoesNotContain(others, h => h.PassageId is 5 or 6);
        Assert.Equal(4, others.Count);
        Assert.Empty(await search.MoreLikeThisAsync(999, 10));
    }
}
