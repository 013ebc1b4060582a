using Dapper;
using Synthesis.Store;
using Synthesis.Tests;

namespace Synthesis.Cli.Tests;

/// <summary>
/// <c>synthesis migrate --to postgres://…</c> on an analysed data folder with a user and a reviewer's decision: every
/// table arrives whole, the product reads the same themes and search results from PostgreSQL, and copying again after
/// more imports adds what is new and nothing twice.
/// </summary>
public class MigrateCommandTests
{
    [SkippableFact]
    public void A_data_folder_copied_to_postgres_reads_the_same_and_a_second_copy_adds_only_what_is_new()
    {
        var server = PostgresServer.Shared;
        Skip.If(server.Unavailable is not null, server.Unavailable);
        var address = server.NewDatabase();
        var data = Path.Combine(Cli.TempDir(), "data");
        Cli.Json("import", Path.Combine(Cli.RepoRoot, "eval-data", "demo", "makeorg-propositions-extrait.csv"), "--data", data);
        Cli.Json("analyse", "--data", data);
        var sqlite = SynthesisStore.Open(data);
        new Synthesis.Api.Security.Accounts(sqlite).AddUser("claire", "relecture-2022", "reviewer");
        long theme;
        using (var c = sqlite.Connect()) theme = c.ExecuteScalar<long>("SELECT min(id) FROM topics WHERE parent_id IS NULL AND retired = 0");
        new ReviewLog(sqlite).Rename("claire", theme, "Thème relu avant la copie");

        var copy = Cli.Json("migrate", "--to", address, "--data", data);
        Assert.True((bool)copy["complete"]!, copy.ToJsonString());
        foreach (var table in copy["tables"]!.AsArray())
            Assert.Equal((long)table!["sqlite"]!, (long)table["postgres"]!);
        Assert.Contains(copy["tables"]!.AsArray(), t => (string)t!["table"]! == "review_decisions" && (long)t["postgres"]! == 1);

        Assert.Equal(Cli.Run("topics", "--data", data).Out, Cli.Run("topics", "--data", data, "--store", address).Out);
        Assert.Contains("Thème relu avant la copie", Cli.Run("topics", "--data", data, "--store", address).Out);
        var postgres = SynthesisStore.Open(data, address);
        Assert.NotNull(new Synthesis.Api.Security.Accounts(postgres).CheckPassword("Claire", "relecture-2022"));
        // a new row after the copy gets an ID past the copied ones
        Assert.Equal(2, new ReviewLog(postgres).Rename("claire", theme, "Relu sur PostgreSQL"));

        // more contributions on the SQLite side, copied again: only they arrive
        var more = Path.Combine(Cli.TempDir(), "more.csv");
        File.WriteAllText(more, "id,texte\nnouveau-1,Il faudrait un local associatif ouvert le soir dans le quartier.\n");
        Cli.Json("import", more, "--data", data);
        var again = Cli.Json("migrate", "--to", address, "--data", data);
        var contributions = again["tables"]!.AsArray().Single(t => (string)t!["table"]! == "contributions")!;
        Assert.Equal((long)contributions["sqlite"]!, (long)contributions["postgres"]!);
        var decisions = again["tables"]!.AsArray().Single(t => (string)t!["table"]! == "review_decisions")!;
        Assert.Equal(2, (long)decisions["postgres"]!);
    }
}
