using Synthesis.Ingest.Search;

namespace Synthesis.Ingest.Tests.Search;

[Collection("EmbeddedIndexHooks")]
public sealed class EmbeddedVectorIndexTests
{
    const int Dims = 24;
    static readonly IndexInfo Info = new("hashed-bow", "1", Dims);

    static EmbeddedVectorIndex Filled(string folder, int count, EmbeddedIndexOptions? options = null, int seed = 42)
    {
        var index = EmbeddedVectorIndex.Create(folder, Info, options);
        index.Upsert(TestVectors.Points(count, Dims, seed));
        return index;
    }

    [Fact]
    public void Saves_and_reopens_with_the_same_answers()
    {
        var folder = TestData.TempDir();
        var points = TestVectors.Points(200, Dims);
        var query = TestVectors.Random(new Random(3), Dims);
        var filter = new SearchFilter(Questions: [QuestionType.Problem, QuestionType.Solution]);
        IReadOnlyList<VectorHit> before;
        using (var index = EmbeddedVectorIndex.Create(folder, Info))
        {
            index.Upsert(points);
            index.Delete([5, 6, 7]);
            before = index.Search(query, 10, filter);
            index.Save();
            Assert.False(index.IsDirty);
        }
        using var reopened = EmbeddedVectorIndex.Open(folder, Info, out IndexOpenResult result);
        Assert.Equal(IndexOpenStatus.Ok, result.Status);
        Assert.False(result.NeedsRebuild);
        Assert.Equal(197, reopened.Count);
        Assert.Equal(before, reopened.Search(query, 10, filter));
        Assert.Equal(points[20].Payload, reopened.Get(points[20].PassageId)!.Payload);
        // Free slots are reused after reopening.
        reopened.Upsert([points[5]]);
        Assert.Equal(198, reopened.Count);
    }

    [Fact]
    public void Saves_and_reopens_the_hnsw_graph()
    {
        var folder = TestData.TempDir();
        var options = new EmbeddedIndexOptions { HnswThreshold = 100, ExpansionSearch = 128 };
        var query = TestVectors.Random(new Random(5), Dims);
        IReadOnlyList<VectorHit> before;
        using (var index = Filled(folder, 300, options))
        {
            Assert.True(index.UsesHnsw);
            before = index.Search(query, 10);
            index.Save();
        }
        Assert.Single(Directory.GetFiles(folder, "hnsw-*.usearch"));
        using var reopened = EmbeddedVectorIndex.Open(folder, Info, out IndexOpenResult result, options);
        Assert.Equal(IndexOpenStatus.Ok, result.Status);
        Assert.Null(result.Detail);
        Assert.True(reopened.UsesHnsw);
        Assert.Equal(before, reopened.Search(query, 10));
    }

    [Fact]
    public void A_missing_graph_is_rebuilt_from_the_saved_vectors()
    {
        var folder = TestData.TempDir();
        var options = new EmbeddedIndexOptions { HnswThreshold = 100 };
        using (var index = Filled(folder, 150, options)) index.Save();
        foreach (var f in Directory.GetFiles(folder, "hnsw-*")) File.Delete(f);
        using var reopened = EmbeddedVectorIndex.Open(folder, Info, out IndexOpenResult result, options);
        Assert.Equal(IndexOpenStatus.Ok, result.Status);
        Assert.Contains("rebuilt", result.Detail);
        Assert.True(reopened.UsesHnsw);
        Assert.Equal(150, reopened.Count);
    }

    [Fact]
    public void Missing_index_needs_a_rebuild()
    {
        using var index = EmbeddedVectorIndex.Open(TestData.TempDir(), Info, out bool needsRebuild);
        Assert.True(needsRebuild);
        Assert.Equal(0, index.Count);
        Assert.Equal(Info, index.Info);
    }

    [Theory]
    [InlineData("other-model", "1", Dims)]
    [InlineData("hashed-bow", "2", Dims)]
    [InlineData("hashed-bow", "1", 48)]
    public void Another_model_version_or_size_is_stale(string model, string version, int dims)
    {
        var folder = TestData.TempDir();
        using (var index = Filled(folder, 20)) index.Save();
        var expected = new IndexInfo(model, version, dims);
        using var reopened = EmbeddedVectorIndex.Open(folder, expected, out IndexOpenResult result);
        Assert.Equal(IndexOpenStatus.Stale, result.Status);
        Assert.True(result.NeedsRebuild);
        Assert.Equal(0, reopened.Count);
        Assert.Equal(expected, reopened.Info);
        // The rebuilt index saves over the stale one.
        reopened.Upsert([new VectorPoint(1, new float[dims].Select((_, i) => i == 0 ? 1f : 0f).ToArray(), TestVectors.Payload(1))]);
        reopened.Save();
        using var again = EmbeddedVectorIndex.Open(folder, expected, out bool needsRebuild);
        Assert.False(needsRebuild);
        Assert.Equal(1, again.Count);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("delete")]
    [InlineData("manifest")]
    public void A_damaged_file_is_reported_corrupt(string damage)
    {
        var folder = TestData.TempDir();
        using (var index = Filled(folder, 50)) index.Save();
        var data = Directory.GetFiles(folder, "vectors-*.bin").Single();
        switch (damage)
        {
            case "flip":
                var bytes = File.ReadAllBytes(data);
                bytes[bytes.Length / 2] ^= 0x5A;
                File.WriteAllBytes(data, bytes);
                break;
            case "truncate":
                using (var fs = new FileStream(data, FileMode.Open)) fs.SetLength(fs.Length - 100);
                break;
            case "delete":
                File.Delete(data);
                break;
            case "manifest":
                File.WriteAllText(Path.Combine(folder, EmbeddedVectorIndex.ManifestName), "{ not json");
                break;
        }
        using var reopened = EmbeddedVectorIndex.Open(folder, Info, out IndexOpenResult result);
        Assert.Equal(IndexOpenStatus.Corrupt, result.Status);
        Assert.True(result.NeedsRebuild);
        Assert.Equal(0, reopened.Count);
    }

    [Fact]
    public void A_crash_while_saving_leaves_the_previous_index_usable()
    {
        var folder = TestData.TempDir();
        var points = TestVectors.Points(100, Dims);
        using (var index = EmbeddedVectorIndex.Create(folder, Info))
        {
            index.Upsert(points.Take(60).ToList());
            index.Save();
            index.Upsert(points.Skip(60).ToList());
            index.BeforeManifestSwap = _ => throw new IOException("simulated crash");
            Assert.Throws<IOException>(index.Save);
            index.BeforeManifestSwap = null;
        }
        // Leftovers of an interrupted write are there too.
        File.WriteAllText(Path.Combine(folder, "vectors-999.bin.tmp"), "half written");
        using (var reopened = EmbeddedVectorIndex.Open(folder, Info, out IndexOpenResult result))
        {
            Assert.Equal(IndexOpenStatus.Ok, result.Status);
            Assert.Equal(60, reopened.Count);
            reopened.Upsert(points.Skip(60).ToList());
            reopened.Save();
        }
        Assert.Single(Directory.GetFiles(folder, "vectors-*"));
        using var final = EmbeddedVectorIndex.Open(folder, Info, out bool needsRebuild);
        Assert.False(needsRebuild);
        Assert.Equal(100, final.Count);
    }

    [Fact]
    public void Switches_to_hnsw_at_the_threshold_and_back_well_below_it()
    {
        var options = new EmbeddedIndexOptions { HnswThreshold = 100 };
        using var index = new EmbeddedVectorIndex(Info, options);
        var points = TestVectors.Points(150, Dims);
        index.Upsert(points.Take(99).ToList());
        Assert.False(index.UsesHnsw);
        index.Upsert(points.Skip(99).ToList());
        Assert.True(index.UsesHnsw);
        index.Delete(points.Take(80).Select(p => p.PassageId).ToList());
        Assert.True(index.UsesHnsw); // 70 left: above half the threshold
        index.Delete(points.Skip(80).Take(30).Select(p => p.PassageId).ToList());
        Assert.False(index.UsesHnsw);
        var q = TestVectors.Random(new Random(1), Dims);
        Assert.Equal(TestVectors.BruteForce(points.Skip(110), q, 5), index.Search(q, 5).Select(h => h.PassageId).ToList());
    }

    [Fact]
    public void Hnsw_recall_against_exact_is_high_on_a_few_thousand_vectors()
    {
        const int dims = 64;
        var info = new IndexInfo("m", "1", dims);
        var points = TestVectors.Points(3000, dims, seed: 11);
        using var exact = new EmbeddedVectorIndex(info, new EmbeddedIndexOptions { Mode = VectorSearchMode.Exact });
        using var hnsw = new EmbeddedVectorIndex(info, new EmbeddedIndexOptions { Mode = VectorSearchMode.Hnsw, ExactSubsetLimit = 0 });
        exact.Upsert(points);
        hnsw.Upsert(points);
        var rng = new Random(5);
        double found = 0, total = 0;
        var filter = new SearchFilter(Sources: [PassageSource.Text, PassageSource.Transcript]);
        for (var q = 0; q < 50; q++)
        {
            var query = TestVectors.Random(rng, dims);
            var truth = exact.Search(query, 10, q % 2 == 0 ? null : filter).Select(h => h.PassageId).ToHashSet();
            found += hnsw.Search(query, 10, q % 2 == 0 ? null : filter).Count(h => truth.Contains(h.PassageId));
            total += truth.Count;
        }
        Assert.True(found / total >= 0.9, $"recall@10 {found / total:F3}");
    }

    [Fact]
    public void Concurrent_searches_and_writes_are_safe()
    {
        using var index = new EmbeddedVectorIndex(Info, new EmbeddedIndexOptions { HnswThreshold = 200 });
        var points = TestVectors.Points(600, Dims);
        index.Upsert(points.Take(100).ToList());
        var writer = Task.Run(() =>
        {
            for (var i = 100; i < 600; i += 50) index.Upsert(points.Skip(i).Take(50).ToList());
            index.Delete(points.Take(50).Select(p => p.PassageId).ToList());
        });
        var readers = Enumerable.Range(0, 4).Select(r => Task.Run(() =>
        {
            var rng = new Random(r);
            for (var i = 0; i < 100; i++) Assert.NotEmpty(index.Search(TestVectors.Random(rng, Dims), 5, new SearchFilter(Sources: [PassageSource.Text])));
        })).ToArray();
        Task.WaitAll([writer, .. readers]);
        Assert.Equal(550, index.Count);
    }

    [Fact]
    public void Many_more_concurrent_hnsw_searches_than_cores_are_safe()
    {
        using var index = new EmbeddedVectorIndex(Info, new EmbeddedIndexOptions { Mode = VectorSearchMode.Hnsw, ExactSubsetLimit = 0 });
        var points = TestVectors.Points(500, Dims);
        index.Upsert(points);
        var filter = new SearchFilter(Sources: [PassageSource.Text, PassageSource.Ocr]);
        // The same answers one at a time and 32 at once (USearch has 4+ search contexts; the wrapper queues the rest).
        var sequential = Enumerable.Range(0, 400).Select(i => index.Search(points[i % points.Count].Vector, 5, i % 2 == 0 ? null : filter)).ToArray();
        var concurrent = new IReadOnlyList<VectorHit>[400];
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 32 }, i =>
            concurrent[i] = index.Search(points[i % points.Count].Vector, 5, i % 2 == 0 ? null : filter));
        for (var i = 0; i < 400; i++) Assert.Equal(sequential[i], concurrent[i]);
        Assert.All(concurrent, hits => Assert.Equal(5, hits.Count));
    }

    [Fact]
    public void Save_needs_a_folder()
    {
        using var index = new EmbeddedVectorIndex(Info);
        Assert.Throws<InvalidOperationException>(index.Save);
    }
}

[CollectionDefinition("EmbeddedIndexHooks", DisableParallelization = true)]
public sealed class EmbeddedIndexHooksCollection;

public sealed class SearchIndexesTests
{
    [Fact]
    public async Task Opens_the_embedded_index_in_the_data_folder_unless_qdrant_is_configured()
    {
        var data = TestData.TempDir();
        var info = new IndexInfo("m", "1", 8);
        var (index, status) = await SearchIndexes.OpenVectorIndexAsync(_ => null, data, "c", info);
        using (index)
        {
            Assert.IsType<EmbeddedVectorIndex>(index);
            Assert.True(status.NeedsRebuild);
            await index.UpsertAsync(TestVectors.Points(10, 8));
            ((EmbeddedVectorIndex)index).Save();
        }
        Assert.True(File.Exists(Path.Combine(data, "index", EmbeddedVectorIndex.ManifestName)));
        var (again, status2) = await SearchIndexes.OpenVectorIndexAsync(_ => "embedded", data, "c", info);
        using (again) Assert.Equal(10, await again.CountAsync());
        Assert.False(status2.NeedsRebuild);
        // Lucene lives beside it without being touched by the vector index's clean-up.
        using (var lexical = LexicalIndex.Open(SearchIndexes.LexicalFolder(data)))
        {
            lexical.Add(new LexicalDocument(1, "bonjour", TestVectors.Payload(1)));
            lexical.Commit();
        }
        using (var v = EmbeddedVectorIndex.Open(SearchIndexes.VectorFolder(data), info, out bool _))
        {
            v.Upsert(TestVectors.Points(3, 8, seed: 9, firstId: 100));
            v.Save();
        }
        using var reopened = LexicalIndex.Open(SearchIndexes.LexicalFolder(data));
        Assert.Equal(1, reopened.Count);
    }
}
