using System.Diagnostics;
using System.Globalization;
using Synthesis;
using Synthesis.Ingest.Pipeline;
using Synthesis.Ingest.Search;

/// <summary>
/// The search service end to end on a real data folder: N passages (Make.org proposals, numbered so none repeats) with
/// random payloads, indexed from the store by <see cref="PassageSearch.Open"/>
/// (embedding, Lucene, vector index and its files), then queries with their embedding, from C concurrent callers
/// (closed loop, the throughput) and at a fixed arrival rate (open loop, the latency a server sees at that load).
///   dotnet run -c Release --project bench/Synthesis.Bench.Search -- --service [--n 100000] [--rate 300] [--seconds 20] [--clients 8]
/// </summary>
static class ServiceBench
{
    public static async Task RunAsync(Dictionary<string, string> opt)
    {
        int Int(string k, int d) => opt.TryGetValue(k, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : d;
        var n = Int("n", 100_000);
        var rate = Int("rate", 300);
        var seconds = Int("seconds", 20);
        var clients = Int("clients", 8);
        var csv = opt.GetValueOrDefault("csv", Path.Combine(RepoRoot(), "eval-data", "makeorg", "mondedapres_2020_05_28.noauthor.csv"));
        var texts = Proposals(csv);
        var data = Path.Combine(Path.GetTempPath(), "synthesis-bench-service", Guid.NewGuid().ToString("N"));
        Console.WriteLine($"# Search service benchmark: {n:N0} passages, {Environment.ProcessorCount} cores, load average {LoadAverage()}, .NET {Environment.Version}");
        var models = new Synthesis.Ingest.Models.FrenchModels();
        var indexes = new IndexRegistry();
        try
        {
            var store = SynthesisStore.Open(data);
            var clock = Stopwatch.StartNew();
            Fill(store, texts, n);
            Console.WriteLine($"store filled in {clock.Elapsed.TotalSeconds:F1} s");

            var embedder = models.Embedder("builtin");
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            clock.Restart();
            using var search = PassageSearch.Open(indexes, store, embedder, new SearchSettings(), models.Spelling);
            Console.WriteLine($"index build (embed {n:N0} passages, store their vectors, Lucene, HNSW, save): {clock.Elapsed.TotalSeconds:F1} s wall, " +
                              $"{(Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds:F1} s CPU");
            GC.Collect();
            Console.WriteLine($"process memory after build: {Process.GetCurrentProcess().WorkingSet64 / 1e6:F0} MB resident, {GC.GetTotalMemory(false) / 1e6:F0} MB managed");

            var rng = new Random(11);
            var queries = Enumerable.Range(0, 500).Select(_ => Query(texts[rng.Next(texts.Count)], rng)).ToList();
            var problem = new SearchFilter(Questions: [QuestionType.Problem]);
            var narrow = new SearchFilter(Questions: [QuestionType.Solution], Sentiments: [Sentiment.Negative], Channels: [Channel.Workshop]);
            foreach (var q in queries.Take(50)) await search.SearchAsync(q, 10, null, SearchMode.Hybrid); // warm-up (JIT, caches)

            {
                // Where one query's time goes, single caller.
                var set = search.Indexes.Current;
                double T(Action a) { var t0 = Stopwatch.GetTimestamp(); for (var i = 0; i < 100; i++) a(); return Stopwatch.GetElapsedTime(t0).TotalMilliseconds / 100; }
                var qi = 0;
                Console.WriteLine($"per query, one caller: embed {T(() => embedder.EmbedQuery(queries[qi++ % 500])):F2} ms, " +
                                  $"BM25 top-100 {T(() => set.Lexical.Search(queries[qi++ % 500], 100, null, highlights: false)):F2} ms, " +
                                  $"BM25 top-100 with highlights {T(() => set.Lexical.Search(queries[qi++ % 500], 100, null)):F2} ms, " +
                                  $"vectors top-100 {T(() => set.Vectors.SearchAsync(embedder.EmbedQuery(queries[qi++ % 500]), 100).GetAwaiter().GetResult()):F2} ms (with embed), " +
                                  $"hybrid k=10 {T(() => search.SearchAsync(queries[qi++ % 500], 10, null, SearchMode.Hybrid).GetAwaiter().GetResult()):F2} ms; " +
                                  $"with question = problem: BM25 top-100 {T(() => set.Lexical.Search(queries[qi++ % 500], 100, problem, highlights: false)):F2} ms, " +
                                  $"vectors top-100 {T(() => set.Vectors.SearchAsync(embedder.EmbedQuery(queries[qi++ % 500]), 100, problem).GetAwaiter().GetResult()):F2} ms, " +
                                  $"hybrid {T(() => search.SearchAsync(queries[qi++ % 500], 10, problem, SearchMode.Hybrid).GetAwaiter().GetResult()):F2} ms");
            }
            foreach (var (name, filter) in new (string, SearchFilter?)[] { ("no filter", null), ("question = problem (25 %)", problem), ("3 fields (~1 %)", narrow) })
            {
                var closed = await ClosedLoop(search, queries, filter, clients, TimeSpan.FromSeconds(seconds / 2.0));
                var open = await OpenLoop(search, queries, filter, rate, TimeSpan.FromSeconds(seconds));
                Console.WriteLine($"hybrid k=10, {name}: closed loop {clients} callers {closed.Throughput:F0} queries/s (p50 {closed.P50:F1} ms, {closed.CpuMs:F2} ms CPU per query); " +
                                  $"open loop {rate}/s: p50 {open.P50:F1} ms, p95 {open.P95:F1} ms, p99 {open.P99:F1} ms, {open.Throughput:F0} answered/s");
            }

            // A refresh with nothing new: what every query pays at most once a second.
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < 20; i++) await search.RefreshAsync();
            Console.WriteLine($"refresh with no change: {sw.Elapsed.TotalMilliseconds / 20:F2} ms");

            // Incremental: 1,000 new passages (with their vectors, as the index stage stores them), then one catch-up.
            var added = AddPassages(store, embedder, texts, 1_000, n);
            sw.Restart();
            await search.RefreshAsync();
            Console.WriteLine($"catch-up of {added:N0} new passages into the {n:N0}: {sw.Elapsed.TotalMilliseconds:F0} ms");
        }
        finally
        {
            indexes.Dispose();
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }

    sealed record Run(double Throughput, double P50, double P95, double P99, double CpuMs = 0);

    static async Task<Run> ClosedLoop(PassageSearch search, List<string> queries, SearchFilter? filter, int clients, TimeSpan duration)
    {
        var latencies = new List<double>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var stop = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = new List<double>();
            for (var i = c; stop.Elapsed < duration; i += clients)
            {
                var t = Stopwatch.GetTimestamp();
                await search.SearchAsync(queries[i % queries.Count], 10, filter, SearchMode.Hybrid);
                mine.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
            lock (latencies) latencies.AddRange(mine);
        })).ToList();
        await Task.WhenAll(tasks);
        var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        return Summarise(latencies, stop.Elapsed) with { CpuMs = used / Math.Max(1, latencies.Count) };
    }

    /// <summary>Requests start on a fixed schedule whatever the answers do, so queueing shows in the latency.</summary>
    static async Task<Run> OpenLoop(PassageSearch search, List<string> queries, SearchFilter? filter, int rate, TimeSpan duration)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        var start = Stopwatch.GetTimestamp();
        var tasks = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
            while (Stopwatch.GetTimestamp() < due)
            {
                var wait = (due - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
                if (wait > 2) await Task.Delay(1); else Thread.SpinWait(50);
            }
            var at = i;
            tasks.Add(Task.Run(async () =>
            {
                await search.SearchAsync(queries[at % queries.Count], 10, filter, SearchMode.Hybrid);
                latencies[at] = (Stopwatch.GetTimestamp() - due) * 1000.0 / Stopwatch.Frequency;
            }));
        }
        await Task.WhenAll(tasks);
        return Summarise(latencies.ToList(), Stopwatch.GetElapsedTime(start));
    }

    static Run Summarise(List<double> latencies, TimeSpan elapsed)
    {
        latencies.Sort();
        double At(double q) => latencies.Count == 0 ? 0 : latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))];
        return new Run(latencies.Count / elapsed.TotalSeconds, At(0.50), At(0.95), At(0.99));
    }

    static string Query(string text, Random rng)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var take = Math.Min(words.Length, rng.Next(2, 7));
        var from = rng.Next(Math.Max(1, words.Length - take + 1));
        return string.Join(' ', words.Skip(from).Take(take));
    }

    static List<string> Proposals(string csv)
    {
        // The proposal is the CSV's text column; a crude split is enough for benchmark text.
        var lines = File.ReadLines(csv).Skip(1).Select(l => l.Split(',')).Where(f => f.Length > 1).Select(f => f.OrderByDescending(x => x.Length).First().Trim('"'));
        return lines.Where(t => t.Length > 20).ToList();
    }

    static void Fill(SynthesisStore store, List<string> texts, int n)
    {
        using var c = store.Connect();
        using var tx = c.BeginTransaction();
        using var w = new StoreWriter(c, tx);
        var rng = new Random(5);
        string[] channels = ["platform", "street_event", "workshop", "forum"];
        string[] profiles = ["person_concerned", "community_organisation", "citizen_collective", "social_worker", "unknown"];
        string[] questions = ["problem", "engagement", "solution", "other"];
        string[] sentiments = ["negative", "neutral", "positive"];
        string[] places = ["Bellevue", "Malakoff", "Dervallières", "Bottière", "Breil", "Nantes Nord", "Centre-ville", "Doulon"];
        for (var i = 0; i < n; i++)
        {
            var text = $"{texts[i % texts.Count]} (proposition {i})";
            var date = new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(rng.Next(0, 525_600)).ToString("O");
            var id = Convert.ToInt64(w.Scalar("""
                INSERT INTO contributions(consultation, external_ref, content_hash, channel, author_kind, profile, neighbourhood, date, text, media, imported_at)
                VALUES ('default', $r, $r, $ch, 'individual', $pr, $nb, $d, $t, 'text', $d) RETURNING id
                """, ("$r", $"bench#{i}"), ("$ch", channels[rng.Next(channels.Length)]), ("$pr", profiles[rng.Next(profiles.Length)]),
                ("$nb", places[rng.Next(places.Length)]), ("$d", date), ("$t", text)));
            var passage = Convert.ToInt64(w.Scalar("INSERT INTO passages(contribution_id, ord, text, source, char_start, char_end) VALUES ($c, 0, $t, 'text', 0, $e) RETURNING id",
                ("$c", id), ("$t", text), ("$e", text.Length)));
            w.Execute("""
                INSERT INTO passage_analysis(passage_id, language, sentiment, sentiment_score, problem, engagement, solution, other, question)
                VALUES ($p, 'fr', $s, 0, 0, 0, 0, 0, $q)
                """, ("$p", passage), ("$s", sentiments[rng.Next(sentiments.Length)]), ("$q", questions[rng.Next(questions.Length)]));
        }
        tx.Commit();
    }

    static int AddPassages(SynthesisStore store, PassageEmbedder embedder, List<string> texts, int count, int offset)
    {
        var batch = Enumerable.Range(offset, count).Select(i => $"{texts[i % texts.Count]} (ajout {i})").ToList();
        var vectors = embedder.EmbedPassages(batch);
        using var c = store.Connect();
        using var tx = c.BeginTransaction();
        using var w = new StoreWriter(c, tx);
        for (var i = 0; i < count; i++)
        {
            var id = Convert.ToInt64(w.Scalar("""
                INSERT INTO contributions(consultation, external_ref, content_hash, channel, author_kind, profile, text, media, imported_at)
                VALUES ('default', $r, $r, 'platform', 'individual', 'unknown', $t, 'text', '2022-06-01T00:00:00Z') RETURNING id
                """, ("$r", $"added#{i}"), ("$t", batch[i])));
            var passage = Convert.ToInt64(w.Scalar("INSERT INTO passages(contribution_id, ord, text, source) VALUES ($c, 0, $t, 'text') RETURNING id", ("$c", id), ("$t", batch[i])));
            SearchRows.SaveVector(w, passage, embedder.Info.Key, vectors[i]);
        }
        tx.Commit();
        return count;
    }

    static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Synthesis.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
