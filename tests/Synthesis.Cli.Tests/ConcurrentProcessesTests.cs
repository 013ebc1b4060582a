using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Synthesis.Cli.Tests;

/// <summary>
/// Pipeline processes that share a data folder never break its search indexes: two <c>synthesis analyse</c> started
/// together, and <c>synthesis serve</c> (with its worker) beside a CLI <c>analyse</c>, each time on a fresh copy of
/// one imported consultation, started at seeded random offsets. Every process exits cleanly, none reports an index it
/// had to repair, and search then answers exactly what a single clean run answers. (Before the fix, Lucene's own
/// write lock let two processes write one folder, and two first generations were published and deleted under each
/// other: 4 failures in 4 runs.)
/// </summary>
public class ConcurrentProcessesTests
{
    /// <summary>A query matching a few dozen of the slice's passages, so that its complete answer fits in one page.</summary>
    const string Query = "emballages plastique";

    static int Setting(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var v) ? v : fallback;

    sealed class Running(Process process)
    {
        readonly StringBuilder _out = new(), _err = new();
        public Process Process => process;
        public string Out { get { lock (_out) return _out.ToString(); } }
        public string Err { get { lock (_err) return _err.ToString(); } }

        public static Running Start(params string[] args)
        {
            var p = Cli.Start(args);
            var running = new Running(p);
            p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (running._out) running._out.AppendLine(e.Data); };
            p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (running._err) running._err.AppendLine(e.Data); };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            return running;
        }

        public int Wait(TimeSpan limit, string what)
        {
            if (!process.WaitForExit(limit)) { process.Kill(true); throw new TimeoutException(what); }
            process.WaitForExit(); // the output handlers have run
            return process.ExitCode;
        }
    }

    static void CopyFolder(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(dir.Replace(from, to));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, file.Replace(from, to));
    }

    static List<string> Texts(JsonObject answer) =>
        answer["results"]!.AsArray().Select(r => (string)r!["text"]!).Order(StringComparer.Ordinal).ToList();

    static List<string> SearchByCli(string data) => Texts(Cli.Json("search", Query, "--mode", "bm25", "--k", "200", "--data", data));

    /// <summary>What went wrong in a process, from its exit code and what it wrote (empty: nothing).</summary>
    static IEnumerable<string> Faults(string who, int code, string err)
    {
        if (code != 0) yield return $"{who} exited {code}: {Tail(err)}";
        foreach (var sign in new[] { "Unhandled exception", "did not open", "could not close" })
            if (err.Contains(sign, StringComparison.Ordinal)) yield return $"{who} wrote '{sign}': {Tail(err)}";
    }

    static string Tail(string text) => text.Length > 600 ? text[^600..] : text;

    [Fact]
    public async Task Concurrent_pipeline_processes_leave_search_answering_as_a_clean_run_does()
    {
        var seed = Setting("SYNTHESIS_RACE_SEED", 20261206);
        // 3 runs (two of two analyses, one of serve beside analyse): before the fix every run failed; set
        // SYNTHESIS_RACE_RUNS=15 or more to look harder
        var runs = Setting("SYNTHESIS_RACE_RUNS", 3);
        var random = new Random(seed);
        var root = Cli.TempDir();

        // A slice of the Make.org proposals, imported once; each run works on a fresh copy of that folder.
        var csv = Path.Combine(root, "slice.csv");
        File.WriteAllLines(csv, File.ReadLines(Path.Combine(Cli.RepoRoot, "eval-data", "makeorg", "mondedapres_2020_05_28.noauthor.csv")).Take(Setting("SYNTHESIS_RACE_ROWS", 1500) + 1));
        var template = Path.Combine(root, "template");
        Assert.True((int)Cli.Json("import", csv, "--data", template)["imported"]! > 0);
        var clean = Path.Combine(root, "clean");
        CopyFolder(template, clean);
        Cli.Json("analyse", "--data", clean);
        var expected = SearchByCli(clean);
        Assert.InRange(expected.Count, 20, 199);

        var failures = new List<string>();
        for (var run = 0; run < runs; run++)
        {
            var data = Path.Combine(root, $"run{run}");
            CopyFolder(template, data);
            var offset = random.Next(0, 1000);
            var withServe = run % 3 == 2;
            var faults = withServe ? await ServeAndAnalyse(data, offset, expected) : TwoAnalyses(data, offset, expected);
            failures.AddRange(faults.Select(f => $"run {run} ({(withServe ? "serve + analyse" : "two analyse")}, {offset} ms apart): {f}"));
            if (failures.Count == 0) Directory.Delete(data, recursive: true);
        }
        Assert.True(failures.Count == 0, $"seed {seed}, {runs} runs:\n" + string.Join("\n", failures));
    }

    static List<string> TwoAnalyses(string data, int offset, List<string> expected)
    {
        var first = Running.Start("analyse", "--data", data, "--json");
        Thread.Sleep(offset);
        var second = Running.Start("analyse", "--data", data, "--json");
        var faults = Faults("first analyse", first.Wait(TimeSpan.FromMinutes(2), "first analyse"), first.Err)
            .Concat(Faults("second analyse", second.Wait(TimeSpan.FromMinutes(2), "second analyse"), second.Err)).ToList();
        var got = SearchByCli(data);
        if (!got.SequenceEqual(expected)) faults.Add($"search found {got.Count} passages, a clean run {expected.Count}");
        return faults;
    }

    static async Task<List<string>> ServeAndAnalyse(string data, int offset, List<string> expected)
    {
        var key = (string)Cli.Json("users", "key", "concurrence", "--role", "analyst", "--data", data)["secret"]!;
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var serve = Running.Start("serve", "--data", data, "--urls", $"http://127.0.0.1:{port}");
        var faults = new List<string>();
        try
        {
            await Task.Delay(offset);
            var analyse = Running.Start("analyse", "--data", data, "--json");
            faults.AddRange(Faults("analyse", analyse.Wait(TimeSpan.FromMinutes(2), "analyse"), analyse.Err));

            // serve's searches refresh about once a second: its answer must become the clean run's
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            List<string> got = [];
            var status = 0;
            for (var attempt = 0; attempt < 60; attempt++)
            {
                try
                {
                    using var response = await http.GetAsync($"/api/search?q={Uri.EscapeDataString(Query)}&mode=bm25&k=200");
                    status = (int)response.StatusCode;
                    if (response.IsSuccessStatusCode)
                    {
                        got = Texts(JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
                        if (got.SequenceEqual(expected)) break;
                    }
                }
                catch (HttpRequestException) { }
                await Task.Delay(500);
            }
            if (status != 200) faults.Add($"serve's search answered {status}");
            else if (!got.SequenceEqual(expected)) faults.Add($"serve's search found {got.Count} passages, a clean run {expected.Count}");
        }
        finally
        {
            // an operator's stop (SIGTERM): serve saves its indexes and exits 0
            using (var kill = Process.Start("kill", ["-TERM", serve.Process.Id.ToString()])) kill.WaitForExit();
            faults.AddRange(Faults("serve", serve.Wait(TimeSpan.FromMinutes(1), "serve's stop"), serve.Err));
        }
        // and a CLI search afterwards reads the indexes serve left
        var after = SearchByCli(data);
        if (!after.SequenceEqual(expected)) faults.Add($"search after serve stopped found {after.Count} passages, a clean run {expected.Count}");
        return faults;
    }
}
