using Microsoft.Data.Sqlite;
using Synthesis.Nlp;

namespace Synthesis.Cli.Tests;

public class CrashRecoveryTests
{
    static long Scalar(string db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var command = c.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar());
    }

    [Fact]
    public void Analyse_killed_with_sigkill_resumes_with_every_contribution_processed_exactly_once()
    {
        var data = Cli.TempDir();
        var db = Path.Combine(data, "synthesis.db");
        // the first 6,000 lines of the Make.org proposals (about 6,000 proposals, a few span lines): enough for two
        // kills at different depths
        var csv = Path.Combine(Cli.TempDir(), "makeorg-slice.csv");
        File.WriteAllLines(csv, File.ReadLines(Path.Combine(Cli.RepoRoot, "eval-data", "makeorg", "mondedapres_2020_05_28.noauthor.csv")).Take(6_001));
        var contributions = (int)Cli.Json("import", csv, "--data", data)["imported"]!;
        Assert.InRange(contributions, 5_900, 6_000);
        var total = Scalar(db, "SELECT count(*) FROM jobs");

        // Kill it twice, part-way, at different depths; small batches so that the kill lands between commits.
        foreach (var killAfter in new[] { 1_000, 6_500 })
        {
            using var run = Cli.Start("analyse", "--data", data, "--batch-size", "8", "--json");
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (Scalar(db, "SELECT count(*) FROM jobs WHERE state = 'done'") < killAfter && DateTime.UtcNow < deadline && !run.HasExited)
                Thread.Sleep(5);
            Assert.False(run.HasExited, "analyse finished before it could be killed");
            run.Kill(entireProcessTree: true); // SIGKILL
            run.WaitForExit();
            var done = Scalar(db, "SELECT count(*) FROM jobs WHERE state = 'done'");
            Assert.InRange(done, killAfter, total + contributions - 1);
        }

        var final = Cli.Json("analyse", "--data", data);
        Assert.Equal(0, (int)final["jobs"]!["pending"]! + (int)final["jobs"]!["running"]! + (int)final["jobs"]!["failed"]!);

        // Every contribution went through every stage once: one job row each, all done.
        foreach (var stage in new[] { "segment", "analyse", "index" })
            Assert.Equal(contributions, Scalar(db, $"SELECT count(*) FROM jobs WHERE stage = '{stage}' AND state = 'done'"));
        Assert.Equal(1, Scalar(db, "SELECT count(*) FROM jobs WHERE stage = 'corpus' AND state = 'done'"));

        // And its passages are exactly what one segmentation gives: none lost, none duplicated.
        var expected = 0L;
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var command = c.CreateCommand();
        command.CommandText = "SELECT id, text, (SELECT count(*) FROM passages p WHERE p.contribution_id = c.id) FROM contributions c";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var spans = PassageSplitter.Default.Split(reader.GetString(1)).Count;
            Assert.Equal(spans, reader.GetInt64(2));
            expected += spans;
        }
        Assert.Equal(expected, Scalar(db, "SELECT count(*) FROM passages"));
    }
}
