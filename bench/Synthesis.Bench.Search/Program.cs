using System.Diagnostics;
using System.Globalization;
using Synthesis;
using Synthesis.Ingest.Search;

// Embedded vector index benchmark: N random unit vectors x D dimensions with random payloads, one query already embedded.
//   dotnet run -c Release --project bench/Synthesis.Bench.Search -- [--n 100000] [--dims 384] [--queries 300]
//       [--data uniform|clustered] [--ef-add 128] [--ef 64] [--m 16] [--f32] [--scaling] [--threads N]
// Prints a report (medians over the queries) to stdout.
// With --service: the search service end to end on a data folder (see ServiceBench.cs).
var opt = new Dictionary<string, string>();
for (var i = 0; i < args.Length; i++)
    if (args[i].StartsWith("--")) opt[args[i][2..]] = i + 1 < args.Length && !args[i + 1].StartsWith("--") ? args[++i] : "true";
if (opt.ContainsKey("service"))
{
    await ServiceBench.RunAsync(opt);
    return 0;
}
int Int(string k, int d) => opt.TryGetValue(k, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : d;
var n = Int("n", 100_000);
var dims = Int("dims", 384);
var queries = Int("queries", 300);
var clustered = opt.GetValueOrDefault("data", "uniform") == "clustered";
var defaults = new EmbeddedIndexOptions();
var hnswOptions = defaults with
{
    Mode = VectorSearchMode.Hnsw,
    Connectivity = Int("m", defaults.Connectivity),
    ExpansionAdd = Int("ef-add", defaults.ExpansionAdd),
    ExpansionSearch = Int("ef", defaults.ExpansionSearch),
    HnswHalfPrecision = !opt.ContainsKey("f32"),
    BuildThreads = opt.ContainsKey("threads") ? Int("threads", 2) : null,
};

Console.WriteLine($"# Embedded vector index benchmark: {n:N0} x {dims}d, {(clustered ? "clustered (1,000 Gaussian clusters)" : "uniform random")} unit vectors, " +
                  $"{queries} queries, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
var rng = new Random(20240501);
var sw = Stopwatch.StartNew();
var points = Generate(n, dims, clustered, rng, centreSeed: 20240501);
var queryVectors = Generate(queries, dims, clustered, new Random(777), centreSeed: 20240501).Select(p => p.Vector).ToList();
Console.WriteLine($"data generated in {sw.Elapsed.TotalSeconds:F1} s");

var info = new IndexInfo("bench", "1", dims);
var selective = new SearchFilter(Questions: [QuestionType.Problem], Sentiments: [Sentiment.Negative]);
var broad = new SearchFilter(Sources: [PassageSource.Text, PassageSource.Transcript], From: new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
var filters = new (string Name, SearchFilter? Filter)[] { ("no filter", null), ("selective filter", selective), ("broad filter", broad) };
foreach (var (name, f) in filters.Where(x => x.Filter is not null))
    Console.WriteLine($"{name}: matches {points.Count(p => f!.Matches(p.PassageId, p.Payload)) * 100.0 / n:F1}% of passages");

if (opt.ContainsKey("sweep"))
{
    // Build-time / recall trade-off of the graph settings on a subset (CPU seconds are immune to other processes' load).
    var m = Int("sweep-n", 20_000);
    var subset = points.Take(m).ToList();
    using var ex = new EmbeddedVectorIndex(info, new EmbeddedIndexOptions { Mode = VectorSearchMode.Exact });
    ex.Upsert(subset);
    var t = queryVectors.Take(100).Select(q => ex.Search(q, 10).Select(h => h.PassageId).ToHashSet()).ToList();
    Console.WriteLine($"## HNSW settings on {m:N0} vectors (build wall / CPU seconds, recall@10 and p50 at ef 64 and 128)");
    foreach (var (half, efAdd, mm) in new[] { (true, 128, 16), (false, 128, 16), (false, 64, 16), (true, 64, 16), (false, 40, 16), (false, 64, 12) })
    {
        var c0 = Process.GetCurrentProcess().TotalProcessorTime;
        var w = Stopwatch.StartNew();
        using var h = new EmbeddedVectorIndex(info, hnswOptions with { HnswHalfPrecision = half, ExpansionAdd = efAdd, Connectivity = mm, ExactSubsetLimit = 0 });
        h.Upsert(subset);
        var wall = w.Elapsed.TotalSeconds;
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - c0).TotalSeconds;
        var line = $"[{h.HnswAcceleration}] {(half ? "f16" : "f32")} ef_add {efAdd,3} M {mm,2}: build {wall,6:F1} s wall {cpu,6:F1} s CPU";
        foreach (var ef in new[] { 64, 128 })
        {
            h.SetExpansionSearch(ef);
            var (lat, res) = Measure(h, queryVectors.Take(100).ToList(), null);
            var rec = res.Select((r, i) => r.Count(x => t[i].Contains(x.PassageId)) / 10.0).Average();
            line += $" | ef {ef}: recall {rec:F3} p50 {P(lat, 50):F2} ms";
        }
        Console.WriteLine(line);
    }
    return 0;
}

// ---- exact
long before = Managed();
sw.Restart();
var exact = new EmbeddedVectorIndex(info, new EmbeddedIndexOptions { Mode = VectorSearchMode.Exact });
foreach (var batch in points.Chunk(1000)) exact.Upsert(batch);
var exactBuild = sw.Elapsed;
var exactMem = Managed() - before;
Console.WriteLine();
Console.WriteLine($"## Exact (TensorPrimitives dot products over one matrix, top-k heap)");
Console.WriteLine($"build {exactBuild.TotalSeconds:F2} s; memory {Mb(exactMem)} managed ({Mb(exact.MemoryBytes)} by the index's own count) = {Mb(exactMem * 100_000.0 / n)} per 100,000");
var truth = new Dictionary<string, List<HashSet<long>>>();
foreach (var (name, f) in filters)
{
    var (lat, results) = Measure(exact, queryVectors, f);
    truth[name] = results.Select(r => r.Select(h => h.PassageId).ToHashSet()).ToList();
    Console.WriteLine($"{name,-17} p50 {P(lat, 50):F3} ms  p95 {P(lat, 95):F3} ms  (CPU {CpuPerQuery:F3} ms/query)");
}

// ---- HNSW
before = Managed();
var folder = Path.Combine(Path.GetTempPath(), "synthesis-bench-index-" + Environment.ProcessId);
var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
sw.Restart();
var hnsw = EmbeddedVectorIndex.Create(folder, info, hnswOptions);
hnsw.Upsert(points); // one batch: the graph is filled by parallel adds
var hnswBuild = sw.Elapsed;
var hnswCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
var hnswManaged = Managed() - before;
Console.WriteLine();
Console.WriteLine($"## HNSW (USearch 2.26.6, filters matching <= {hnswOptions.ExactSubsetLimit:N0} passages (estimated on a sample) answered by exact search,  M={hnswOptions.Connectivity}, ef_add={hnswOptions.ExpansionAdd}, {(hnswOptions.HnswHalfPrecision ? "f16" : "f32")} graph vectors, {hnswOptions.BuildThreads ?? Environment.ProcessorCount} build threads)");
Console.WriteLine($"build {hnswBuild.TotalSeconds:F2} s wall, {hnswCpu.TotalSeconds:F1} s CPU for {n:N0}; memory {Mb(hnswManaged)} managed + graph = {Mb(hnsw.MemoryBytes)} by the index's count = {Mb(hnsw.MemoryBytes * 100_000.0 / n)} per 100,000");
foreach (var ef in new[] { hnswOptions.ExpansionSearch, 128, 256 }.Distinct())
{
    hnsw.SetExpansionSearch(ef);
    foreach (var (name, f) in filters)
    {
        var (lat, results) = Measure(hnsw, queryVectors, f);
        var recall = results.Select((r, i) => r.Count(h => truth[name][i].Contains(h.PassageId)) / (double)Math.Max(1, truth[name][i].Count)).Average();
        Console.WriteLine($"ef {ef,3} {name,-17} p50 {P(lat, 50):F3} ms  p95 {P(lat, 95):F3} ms  recall@10 {recall:F4}  (CPU {CpuPerQuery:F3} ms/query)");
    }
}
hnsw.SetExpansionSearch(hnswOptions.ExpansionSearch);
hnsw.ExactSubsetLimit = 0;
foreach (var (name, f) in filters.Where(x => x.Filter is not null))
{
    var (lat, results) = Measure(hnsw, queryVectors, f);
    var recall = results.Select((r, i) => r.Count(h => truth[name][i].Contains(h.PassageId)) / (double)Math.Max(1, truth[name][i].Count)).Average();
    Console.WriteLine($"ef {hnswOptions.ExpansionSearch,3} {name,-17} p50 {P(lat, 50):F3} ms  p95 {P(lat, 95):F3} ms  recall@10 {recall:F4}  (CPU {CpuPerQuery:F3} ms/query)  [always the graph walk with the filter callback]");
}
hnsw.ExactSubsetLimit = hnswOptions.ExactSubsetLimit;

Console.WriteLine();
Console.WriteLine($"## Save / open ({n:N0}, with the graph)");
sw.Restart();
hnsw.Save();
Console.WriteLine($"save {sw.Elapsed.TotalSeconds:F2} s; files {string.Join(", ", Directory.GetFiles(folder).Select(f => $"{Path.GetFileName(f)} {Mb(new FileInfo(f).Length)}"))}");
hnsw.Dispose();
sw.Restart();
using (var reopened = EmbeddedVectorIndex.Open(folder, info, out IndexOpenResult openResult, hnswOptions))
    Console.WriteLine($"open {sw.Elapsed.TotalSeconds:F2} s ({openResult.Status}{(openResult.Detail is null ? "" : ", " + openResult.Detail)}), checksums verified");
Directory.Delete(folder, true);

// ---- exact search cost by size: where it stops being fast enough
if (opt.ContainsKey("scaling"))
{
    Console.WriteLine();
    Console.WriteLine("## Exact search latency by index size (no filter / selective filter)");
    foreach (var size in new[] { 5_000, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 80_000, 100_000 }.Where(s => s <= n))
    {
        using var part = new EmbeddedVectorIndex(info, new EmbeddedIndexOptions { Mode = VectorSearchMode.Exact });
        foreach (var batch in points.Take(size).Chunk(5000)) part.Upsert(batch);
        var (a, _) = Measure(part, queryVectors, null);
        var (b, _) = Measure(part, queryVectors, selective);
        Console.WriteLine($"{size,7:N0}: p50 {P(a, 50):F3} ms  p95 {P(a, 95):F3} ms | filtered p50 {P(b, 50):F3} ms  p95 {P(b, 95):F3} ms");
    }
}
return 0;

static (List<double> Latencies, List<IReadOnlyList<VectorHit>> Results) Measure(EmbeddedVectorIndex index, List<float[]> queries, SearchFilter? filter)
{
    for (var i = 0; i < Math.Min(20, queries.Count); i++) index.Search(queries[i], 10, filter); // warm-up
    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    var lat = new List<double>(queries.Count + 1);
    var results = new List<IReadOnlyList<VectorHit>>(queries.Count);
    foreach (var q in queries)
    {
        var t = Stopwatch.GetTimestamp();
        var r = index.Search(q, 10, filter);
        lat.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
        results.Add(r);
    }
    CpuPerQuery = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds / queries.Count;
    return (lat, results);
}

static double P(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p / 100 * sorted.Count) - 1)];
}

static long Managed() { GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect(); return GC.GetTotalMemory(true); }
static string Mb(double bytes) => $"{bytes / 1024 / 1024:F0} MB";

// Uniform: independent random unit vectors (the worst case for any ANN: no structure, near-equal distances).
// Clustered: 1,000 random centres, each point = centre + Gaussian noise of norm ~0.6 (same-cluster cosine ~0.7, as
// sentence embeddings of related passages), so nearest neighbours mean something. Queries are drawn the same way.
static List<VectorPoint> Generate(int n, int dims, bool clustered, Random rng, int? centreSeed = null)
{
    var centreRng = new Random(centreSeed ?? 20240501);
    var centres = clustered ? Enumerable.Range(0, 1000).Select(_ => Unit(Gaussian(centreRng, dims, 1))).ToArray() : null;
    var neighbourhoods = Enumerable.Range(0, 20).Select(i => $"Quartier {i}").ToArray();
    var list = new List<VectorPoint>(n);
    for (var i = 0; i < n; i++)
    {
        float[] v;
        if (centres is null) v = Unit(Gaussian(rng, dims, 1));
        else
        {
            var c = centres[rng.Next(centres.Length)];
            var noise = Gaussian(rng, dims, 0.6 / Math.Sqrt(dims));
            v = Unit(c.Zip(noise, (a, b) => a + b).ToArray());
        }
        var payload = new PassagePayload(
            ContributionId: i / 3,
            Question: rng.Next(5) is var q && q == 4 ? null : (QuestionType)q,
            TopicId: rng.Next(50),
            Sentiment: (Sentiment)rng.Next(3),
            Profile: (ParticipantProfile)rng.Next(8),
            Neighbourhood: neighbourhoods[rng.Next(neighbourhoods.Length)],
            Channel: (Channel)rng.Next(8),
            Source: (PassageSource)rng.Next(3),
            Date: new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(rng.Next(2 * 365 * 24 * 60)));
        list.Add(new VectorPoint(i + 1, v, payload));
    }
    return list;
}

static float[] Gaussian(Random rng, int dims, double sigma)
{
    var v = new float[dims];
    for (var i = 0; i < dims; i++)
        v[i] = (float)(sigma * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
    return v;
}

static float[] Unit(float[] v)
{
    var norm = MathF.Sqrt(v.Sum(x => x * x));
    for (var i = 0; i < v.Length; i++) v[i] /= norm;
    return v;
}

partial class Program
{
    /// <summary>Mean process CPU milliseconds per query of the last Measure (less sensitive than wall time to other processes' load).</summary>
    public static double CpuPerQuery;
}
