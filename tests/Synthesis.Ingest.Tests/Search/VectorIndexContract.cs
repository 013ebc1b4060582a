using Synthesis.Ingest.Search;

namespace Synthesis.Ingest.Tests.Search;

/// <summary>
/// The one contract every <see cref="IVectorIndex"/> keeps, run against the embedded index (exact and HNSW) and Qdrant
/// (only when QDRANT_URL is set; skipped otherwise).
/// </summary>
public abstract class VectorIndexContract
{
    protected const int Dims = 32;
    protected static readonly IndexInfo Info = new("test-model", "1", Dims);

    /// <summary>Whether the backend may return approximate neighbours (HNSW): then nearest-neighbour lists are checked by recall.</summary>
    protected virtual bool Approximate => false;

    /// <summary>Checks a result against the exact answer: equal lists for exact backends; for approximate ones the same
    /// length, only allowed ids, best first, and recall of the exact list of at least 0.8.</summary>
    protected void AssertNeighbours(IReadOnlyList<long> expected, IReadOnlyList<VectorHit> hits, SearchFilter? filter, IEnumerable<VectorPoint> points)
    {
        var ids = hits.Select(h => h.PassageId).ToList();
        if (!Approximate) { Assert.Equal(expected, ids); return; }
        Assert.Equal(expected.Count, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var byId = points.ToDictionary(p => p.PassageId);
        Assert.All(ids, id => Assert.True(filter is null || filter.Matches(id, byId[id].Payload)));
        Assert.Equal(hits.OrderByDescending(h => h.Score).Select(h => h.PassageId), ids);
        var recall = expected.Count == 0 ? 1.0 : ids.Intersect(expected).Count() / (double)expected.Count;
        Assert.True(recall >= 0.8, $"recall {recall:F2}");
    }

    /// <summary>A new, empty index (skips the test when the backend is not available).</summary>
    protected abstract Task<IVectorIndex> NewIndexAsync(IndexInfo info);

    async Task<(IVectorIndex Index, List<VectorPoint> Points)> FilledAsync(int count = 300)
    {
        var index = await NewIndexAsync(Info);
        var points = TestVectors.Points(count, Dims);
        await index.UpsertAsync(points);
        return (index, points);
    }

    [SkippableFact]
    public async Task Reports_its_model_and_counts_points()
    {
        var (index, _) = await FilledAsync(50);
        using var _i = index;
        Assert.Equal(Info, index.Info);
        Assert.Equal(50, await index.CountAsync());
    }

    [SkippableFact]
    public async Task Empty_index_finds_nothing()
    {
        using var index = await NewIndexAsync(Info);
        Assert.Equal(0, await index.CountAsync());
        Assert.Empty(await index.SearchAsync(TestVectors.Random(new Random(1), Dims), 5, null));
    }

    [SkippableFact]
    public async Task Finds_a_stored_vector_first_with_cosine_one()
    {
        var (index, points) = await FilledAsync();
        using var _i = index;
        foreach (var p in points.Where((_, i) => i % 37 == 0))
        {
            var hits = await index.SearchAsync(p.Vector, 3, null);
            Assert.Equal(p.PassageId, hits[0].PassageId);
            Assert.Equal(1.0, hits[0].Score, 3);
            Assert.True(hits[0].Score >= hits[1].Score && hits[1].Score >= hits[2].Score);
        }
    }

    [SkippableFact]
    public async Task Returns_the_exact_nearest_neighbours_best_first()
    {
        var (index, points) = await FilledAsync();
        using var _i = index;
        var rng = new Random(7);
        for (var q = 0; q < 10; q++)
        {
            var query = TestVectors.Random(rng, Dims);
            var hits = await index.SearchAsync(query, 10, null);
            AssertNeighbours(TestVectors.BruteForce(points, query, 10), hits, null, points);
            foreach (var h in hits)
                Assert.Equal(TestVectors.Cosine(points.Single(p => p.PassageId == h.PassageId).Vector, query), h.Score, 3);
        }
    }

    [SkippableFact]
    public async Task Query_scale_does_not_matter_cosine()
    {
        var (index, points) = await FilledAsync(100);
        using var _i = index;
        var scaled = points[10].Vector.Select(x => x * 7.5f).ToArray();
        Assert.Equal(points[10].PassageId, (await index.SearchAsync(scaled, 1, null))[0].PassageId);
    }

    public static TheoryData<string> Filters() => new(FilterCases.Keys);

    static readonly Dictionary<string, SearchFilter> FilterCases = new()
    {
        ["question"] = new(Questions: [QuestionType.Problem]),
        ["questions"] = new(Questions: [QuestionType.Solution, QuestionType.Engagement]),
        ["topic"] = new(Topics: [3]),
        ["sentiment"] = new(Sentiments: [Sentiment.Negative]),
        ["profile"] = new(Profiles: [ParticipantProfile.SocialWorker, ParticipantProfile.Business]),
        ["neighbourhood, any case"] = new(Neighbourhoods: ["  fives", "WAZEMMES"]),
        ["channel"] = new(Channels: [Channel.Workshop]),
        ["source"] = new(Sources: [PassageSource.Transcript]),
        ["date range"] = new(From: new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero), To: new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero)),
        ["from only"] = new(From: new DateTimeOffset(2024, 3, 15, 0, 0, 0, TimeSpan.Zero)),
        ["combined"] = new(Questions: [QuestionType.Problem, QuestionType.Solution], Sentiments: [Sentiment.Negative, Sentiment.Neutral], Sources: [PassageSource.Text, PassageSource.Ocr]),
        ["exclusions"] = new(ExcludeContributions: [1, 2, 3, 4, 5, 6, 7, 8], ExcludePassages: [30, 31, 32, 33, 34, 35, 36, 37]),
        ["rare"] = new(Topics: [2], Channels: [Channel.Workshop], Questions: [QuestionType.Solution]),
    };

    [SkippableTheory]
    [MemberData(nameof(Filters))]
    public async Task Filters_inside_the_search_and_still_returns_k(string name)
    {
        var filter = FilterCases[name];
        var (index, points) = await FilledAsync();
        using var _i = index;
        var rng = new Random(name.Length);
        var matching = points.Count(p => filter.Matches(p.PassageId, p.Payload));
        Assert.True(matching > 0, "test case should match something");
        for (var q = 0; q < 5; q++)
        {
            var query = TestVectors.Random(rng, Dims);
            var hits = await index.SearchAsync(query, 10, filter);
            var expected = TestVectors.BruteForce(points, query, 10, filter);
            Assert.Equal(Math.Min(10, matching), hits.Count);
            AssertNeighbours(expected, hits, filter, points);
        }
    }

    [SkippableFact]
    public async Task A_filter_nothing_matches_finds_nothing()
    {
        var (index, points) = await FilledAsync(100);
        using var _i = index;
        Assert.Empty(await index.SearchAsync(points[0].Vector, 5, new SearchFilter(Neighbourhoods: ["Nowhere"])));
        Assert.Empty(await index.SearchAsync(points[0].Vector, 5, new SearchFilter(Topics: [999])));
    }

    [SkippableFact]
    public async Task Upsert_replaces_by_passage_id()
    {
        var (index, points) = await FilledAsync(100);
        using var _i = index;
        var fresh = TestVectors.Random(new Random(99), Dims);
        var newPayload = points[5].Payload with { Question = QuestionType.Other, Neighbourhood = "Fives" };
        await index.UpsertAsync([new VectorPoint(points[5].PassageId, fresh, newPayload)]);
        Assert.Equal(100, await index.CountAsync());
        var hits = await index.SearchAsync(fresh, 1, null);
        Assert.Equal(points[5].PassageId, hits[0].PassageId);
        Assert.Equal(1.0, hits[0].Score, 3);
        var got = await index.GetAsync(points[5].PassageId);
        Assert.NotNull(got);
        Assert.Equal(QuestionType.Other, got!.Payload.Question);
        // The old vector no longer finds it first.
        var old = await index.SearchAsync(points[5].Vector, 1, null);
        Assert.NotEqual(1.0, old[0].Score, 3);
    }

    [SkippableFact]
    public async Task Delete_removes_and_ignores_unknown_ids()
    {
        var (index, points) = await FilledAsync(100);
        using var _i = index;
        await index.DeleteAsync([points[0].PassageId, points[1].PassageId, 123_456]);
        Assert.Equal(98, await index.CountAsync());
        var hits = await index.SearchAsync(points[0].Vector, 100, null);
        Assert.DoesNotContain(hits, h => h.PassageId == points[0].PassageId || h.PassageId == points[1].PassageId);
        Assert.Null(await index.GetAsync(points[0].PassageId));
        // Re-adding a deleted id works.
        await index.UpsertAsync([points[0]]);
        Assert.Equal(points[0].PassageId, (await index.SearchAsync(points[0].Vector, 1, null))[0].PassageId);
        Assert.Equal(99, await index.CountAsync());
    }

    [SkippableFact]
    public async Task Get_returns_the_unit_vector_and_payload()
    {
        var (index, points) = await FilledAsync(30);
        using var _i = index;
        foreach (var p in points.Take(15))
        {
            var got = await index.GetAsync(p.PassageId);
            Assert.NotNull(got);
            Assert.Equal(p.Payload.ContributionId, got!.Payload.ContributionId);
            Assert.Equal(p.Payload.Question, got.Payload.Question);
            Assert.Equal(p.Payload.TopicId, got.Payload.TopicId);
            Assert.Equal(p.Payload.Sentiment, got.Payload.Sentiment);
            Assert.Equal(p.Payload.Profile, got.Payload.Profile);
            Assert.Equal(p.Payload.Neighbourhood, got.Payload.Neighbourhood);
            Assert.Equal(p.Payload.Channel, got.Payload.Channel);
            Assert.Equal(p.Payload.Source, got.Payload.Source);
            Assert.Equal(p.Payload.Date, got.Payload.Date);
            Assert.Equal(1.0, TestVectors.Cosine(p.Vector, got.Vector), 4);
        }
    }

    [SkippableFact]
    public async Task K_larger_than_the_index_returns_everything_and_k_zero_nothing()
    {
        var (index, points) = await FilledAsync(20);
        using var _i = index;
        Assert.Equal(20, (await index.SearchAsync(points[0].Vector, 50, null)).Count);
        Assert.Empty(await index.SearchAsync(points[0].Vector, 0, null));
    }

    [SkippableFact]
    public async Task Rejects_vectors_of_the_wrong_size()
    {
        using var index = await NewIndexAsync(Info);
        var wrong = new VectorPoint(1, new float[Dims + 1], TestVectors.Payload(1));
        await Assert.ThrowsAsync<ArgumentException>(() => index.UpsertAsync([wrong]));
        await Assert.ThrowsAsync<ArgumentException>(() => index.SearchAsync(new float[Dims - 1], 3, null));
    }
}

public sealed class EmbeddedExactContractTests : VectorIndexContract
{
    protected override Task<IVectorIndex> NewIndexAsync(IndexInfo info) =>
        Task.FromResult<IVectorIndex>(new EmbeddedVectorIndex(info, new EmbeddedIndexOptions { Mode = VectorSearchMode.Exact }));
}

/// <summary>HNSW forced at any size; filters go through USearch's native filtered search (no exact subset shortcut).</summary>
public sealed class EmbeddedHnswContractTests : VectorIndexContract
{
    protected override bool Approximate => true;

    protected override Task<IVectorIndex> NewIndexAsync(IndexInfo info) =>
        Task.FromResult<IVectorIndex>(new EmbeddedVectorIndex(info, new EmbeddedIndexOptions
        {
            Mode = VectorSearchMode.Hnsw, ExactSubsetLimit = 0, ExpansionSearch = 128,
        }));
}

/// <summary>Auto mode with a tiny threshold: HNSW for big filters, exact over the bitmap for small ones.</summary>
public sealed class EmbeddedAutoContractTests : VectorIndexContract
{
    protected override bool Approximate => true;

    protected override Task<IVectorIndex> NewIndexAsync(IndexInfo info) =>
        Task.FromResult<IVectorIndex>(new EmbeddedVectorIndex(info, new EmbeddedIndexOptions
        {
            HnswThreshold = 60, ExactSubsetLimit = 40, ExpansionSearch = 128,
        }));
}

/// <summary>Runs only when QDRANT_URL (gRPC, e.g. http://localhost:6334) is set; optional QDRANT_API_KEY.</summary>
public sealed class QdrantContractTests : VectorIndexContract
{
    protected override bool Approximate => true;

    protected override async Task<IVectorIndex> NewIndexAsync(IndexInfo info)
    {
        var url = Environment.GetEnvironmentVariable("QDRANT_URL");
        Skip.If(string.IsNullOrWhiteSpace(url), "QDRANT_URL is not set: no Qdrant server to run the contract against");
        var options = new QdrantOptions { Url = url!, ApiKey = Environment.GetEnvironmentVariable("QDRANT_API_KEY") };
        var consultation = "test-" + Guid.NewGuid().ToString("N")[..12];
        var index = await QdrantVectorIndex.OpenAsync(options, consultation, info);
        return new DroppingIndex(index);
    }

    /// <summary>Drops the throwaway collection when the test disposes the index.</summary>
    sealed class DroppingIndex(QdrantVectorIndex inner) : IVectorIndex
    {
        public IndexInfo Info => inner.Info;
        public Task UpsertAsync(IReadOnlyList<VectorPoint> points, CancellationToken ct = default) => inner.UpsertAsync(points, ct);
        public Task DeleteAsync(IReadOnlyList<long> ids, CancellationToken ct = default) => inner.DeleteAsync(ids, ct);
        public Task<IReadOnlyList<VectorHit>> SearchAsync(float[] q, int k, SearchFilter? f = null, CancellationToken ct = default) => inner.SearchAsync(q, k, f, ct);
        public Task<VectorPoint?> GetAsync(long id, CancellationToken ct = default) => inner.GetAsync(id, ct);
        public Task<long> CountAsync(CancellationToken ct = default) => inner.CountAsync(ct);
        public void Dispose()
        {
            try { inner.DropAsync().GetAwaiter().GetResult(); } catch { /* best effort */ }
            inner.Dispose();
        }
    }
}

public sealed class QdrantNamingTests
{
    [Fact]
    public void Collection_names_are_per_consultation_and_model_version()
    {
        Assert.Equal("synthesis_grand-debat_minilm-l6_v2_1",
            QdrantVectorIndex.CollectionName("Grand-Débat", new IndexInfo("MiniLM-L6", "v2.1", 384)));
        Assert.NotEqual(QdrantVectorIndex.CollectionName("a", new IndexInfo("m", "1", 8)),
            QdrantVectorIndex.CollectionName("a", new IndexInfo("m", "2", 8)));
    }

    [Fact]
    public void Filters_translate_to_qdrant_conditions()
    {
        Assert.Null(QdrantVectorIndex.ToFilter(null));
        Assert.Null(QdrantVectorIndex.ToFilter(new SearchFilter()));
        var f = QdrantVectorIndex.ToFilter(new SearchFilter(
            Questions: [QuestionType.Problem], Topics: [4], Sentiments: [Sentiment.Negative], Profiles: [ParticipantProfile.Business],
            Neighbourhoods: ["Fives"], Channels: [Channel.Forum], Sources: [PassageSource.Ocr],
            From: DateTimeOffset.UnixEpoch, To: DateTimeOffset.UnixEpoch.AddDays(1), ExcludeContributions: [9], ExcludePassages: [10]))!;
        Assert.Equal(8, f.Must.Count);
        Assert.Equal(2, f.MustNot.Count);
        Assert.Contains(f.Must, c => c.Field.Key == "neighbourhood_key" && c.Field.Match.Keywords.Strings.Single() == "fives");
        Assert.Contains(f.Must, c => c.Field.Key == "date_ms" && c.Field.Range.Lte == 86_400_000);
    }

    [Fact]
    public void Options_come_from_configuration_keys()
    {
        var config = new Dictionary<string, string?>
        {
            ["Synthesis:VectorStore"] = "Qdrant", ["Synthesis:Qdrant:Url"] = "http://q:6334", ["Synthesis:Qdrant:ApiKey"] = "k",
        };
        Assert.True(QdrantOptions.IsSelected(k => config.GetValueOrDefault(k)));
        var o = QdrantOptions.From(k => config.GetValueOrDefault(k));
        Assert.Equal("http://q:6334", o.Url);
        Assert.Equal("k", o.ApiKey);
        Assert.False(QdrantOptions.IsSelected(_ => null));
    }
}
