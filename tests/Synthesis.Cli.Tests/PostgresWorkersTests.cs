using System.Diagnostics;
using Dapper;
using Synthesis.Store;
using Synthesis.Tests;

namespace Synthesis.Cli.Tests;

/// <summary>
/// Several machines on one consultation, on one machine: three <c>synthesis worker</c> processes, each with a data
/// folder of its own (as on separate hosts) and the importer's originals as their shared folder, on one PostgreSQL
/// store. One is killed with SIGKILL mid-batch; another is frozen (SIGSTOP) until its lease runs out and its jobs are
/// taken, then killed. Nothing is lost and nothing is done twice: the passages, their analysis and the themes are
/// those of one worker on SQLite with the same data.
/// </summary>
public class PostgresWorkersTests
{
    static readonly string Csv = Path.Combine(Cli.RepoRoot, "eval-data", "demo", "makeorg-propositions-extrait.csv");

    [SkippableFact]
    public void Three_workers_one_killed_and_one_frozen_past_its_lease_give_what_one_worker_on_sqlite_gives()
    {
        var server = PostgresServer.Shared;
        Skip.If(server.Unavailable is not null, server.Unavailable);
        var address = server.NewDatabase();
        var home = Cli.TempDir();
        var data = Path.Combine(home, "importer");
        var imported = (int)Cli.Json("import", Csv, "--data", data, "--store", address)["imported"]!;
        Assert.True(imported > 2_000);
        var store = SynthesisStore.Open(data, address);
        long Count(string sql) { using var c = store.Connect(); return c.ExecuteScalar<long>(sql); }

        Process Worker(int i) => Cli.Start("worker", "--data", Path.Combine(home, $"host{i}"), "--store", address,
            $"--Synthesis:Originals={Path.Combine(data, "originals")}", "--workers", "1", "--batch-size", "8", "--lease", "3", "--until-idle");
        var workers = Enumerable.Range(0, 3).Select(Worker).ToList();
        try
        {
            void WaitFor(Func<bool> condition, string what)
            {
                var deadline = DateTime.UtcNow.AddMinutes(3);
                while (!condition())
                {
                    Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
                    Thread.Sleep(20);
                }
            }
            WaitFor(() => Count("SELECT count(*) FROM jobs WHERE state = 'done'") >= 400, "400 jobs done");
            Assert.False(workers[0].HasExited, "the first worker finished before it could be killed");
            workers[0].Kill(entireProcessTree: true); // SIGKILL, mid-batch
            workers[0].WaitForExit();

            // the second is frozen while it holds jobs, until another worker has taken them (its lease ran out)
            var frozen = workers[1].Id;
            WaitFor(() => Count($"SELECT count(*) FROM jobs WHERE state = 'running' AND lease_owner LIKE '%:{frozen}:%'") > 0, "the second worker to hold jobs");
            Signal("STOP", frozen);
            var held = Held(store, frozen);
            WaitFor(() => !Held(store, frozen).Overlaps(held), "the frozen worker's jobs to be taken by another");
            workers[1].Kill(entireProcessTree: true);
            workers[1].WaitForExit();

            Assert.True(workers[2].WaitForExit(TimeSpan.FromMinutes(4)), "the last worker did not finish");
            Assert.True(workers[2].ExitCode == 0, workers[2].StandardError.ReadToEnd());
        }
        finally
        {
            foreach (var w in workers.Where(w => !w.HasExited)) w.Kill(entireProcessTree: true);
        }

        // every job done, each stage once per contribution
        Assert.Equal(0, Count("SELECT count(*) FROM jobs WHERE state <> 'done'"));
        foreach (var stage in new[] { "segment", "analyse", "index" })
            Assert.Equal(imported, Count($"SELECT count(*) FROM jobs WHERE stage = '{stage}'"));

        // the same as one worker on SQLite
        var alone = Path.Combine(home, "sqlite");
        Cli.Json("import", Csv, "--data", alone);
        Cli.Json("analyse", "--data", alone, "--workers", "1");
        var sqlite = SynthesisStore.Open(alone);
        const string passages = """
            SELECT c.external_ref || ' ' || p.source || ' ' || p.ord || ' ' || p.sentiment || ' ' || p.question || ' ' || p.text
            FROM reviewed_passages p JOIN contributions c ON c.id = p.contribution_id ORDER BY c.external_ref, p.source, p.ord
            """;
        using (var a = sqlite.Connect())
        using (var b = store.Connect())
            Assert.Equal(a.Query<string>(passages).ToList(), b.Query<string>(passages).ToList());
        Assert.Equal(Count("SELECT count(*) FROM passages"), Count("SELECT count(*) FROM passage_analysis"));
        Assert.Equal(Count("SELECT count(*) FROM passages"), Count("SELECT count(*) FROM passage_vectors"));
        Assert.Equal(Cli.Run("topics", "--data", alone).Out, Cli.Run("topics", "--data", data, "--store", address).Out);

        // the workers kept no search index (the vectors are in the store); a serving machine's folder catches up from
        // the store and finds what the SQLite consultation finds
        for (var i = 1; i <= 3; i++) Assert.False(Directory.Exists(Path.Combine(home, $"host{i}", "index")), $"host{i} built a search index");
        static List<string> Texts(string data, params string[] store) =>
            Cli.Json(["search", "transports en commun", "--mode", "bm25", "--k", "50", "--data", data, .. store])["results"]!.AsArray()
                .Select(r => (string)r!["text"]!).Order(StringComparer.Ordinal).ToList();
        var served = Texts(Path.Combine(home, "server"), "--store", address);
        Assert.NotEmpty(served);
        Assert.Equal(Texts(alone), served);
    }

    [SkippableFact]
    public void A_worker_given_stages_runs_only_those_and_refuses_a_stage_that_does_not_exist()
    {
        var server = PostgresServer.Shared;
        Skip.If(server.Unavailable is not null, server.Unavailable);
        var address = server.NewDatabase();
        var home = Cli.TempDir();
        var data = Path.Combine(home, "importer");
        var csv = Path.Combine(home, "court.csv");
        File.WriteAllText(csv, "id,texte\n1,Il faudrait plus de bancs dans le parc.\n2,Les associations manquent de locaux le soir.\n");
        Cli.Json("import", csv, "--data", data, "--store", address);

        var (code, _, stderr) = Cli.Run("worker", "--data", Path.Combine(home, "host"), "--store", address, "--stages", "segment,transcription", "--until-idle");
        Assert.Equal(2, code);
        Assert.Contains("'transcription' is not a stage", stderr);

        (code, _, stderr) = Cli.Run("worker", "--data", Path.Combine(home, "host"), "--store", address, "--stages", "segment", "--until-idle");
        Assert.True(code == 0, stderr);
        using var c = SynthesisStore.Open(data, address).Connect();
        var states = c.Query<(string Stage, string State)>("SELECT stage, state FROM jobs ORDER BY stage, subject").ToList();
        Assert.Equal([("analyse", "pending"), ("analyse", "pending"), ("segment", "done"), ("segment", "done")], states);
    }

    static HashSet<long> Held(SynthesisStore store, int pid)
    {
        using var c = store.Connect();
        return c.Query<long>($"SELECT id FROM jobs WHERE state = 'running' AND lease_owner LIKE '%:{pid}:%'").ToHashSet();
    }

    static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }
}
