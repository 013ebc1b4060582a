using Dapper;
using Synthesis.Tests;

namespace Synthesis.Store.Tests;

/// <summary>
/// The writer's contract on both engines: writes, bulk rows among them, take effect in the order they were written,
/// are visible to the writer's reads after a flush, and a bulk statement's rows (more than one array's
/// worth) arrive whole.
/// </summary>
public abstract class StoreWriterContract
{
    protected abstract SynthesisStore NewStore();

    static readonly BulkStatement Note = new(
        "INSERT INTO places(code, kind, name) VALUES (@code, @kind, @name) ON CONFLICT(code) DO UPDATE SET name = excluded.name",
        "INSERT INTO places(code, kind, name) SELECT * FROM unnest(@code, @kind, @name) ON CONFLICT(code) DO UPDATE SET name = excluded.name",
        [("@code", typeof(string)), ("@kind", typeof(string)), ("@name", typeof(string))]);

    [SkippableFact]
    public void Bulk_rows_and_single_writes_take_effect_in_the_order_written()
    {
        var store = NewStore();
        using var c = store.Connect();
        using (var tx = c.BeginTransaction())
        using (var w = new StoreWriter(c, tx))
        {
            for (var i = 0; i < 4500; i++) w.Execute(Note, $"p{i}", "iris", $"lieu {i}");
            // a single write after the bulk rows sees them; bulk rows after it replace what it wrote
            w.Execute("UPDATE places SET name = 'renommé' WHERE code = @code", ("@code", "p7"));
            w.Execute("UPDATE places SET name = 'renommé' WHERE code = @code", ("@code", "p8"));
            w.Execute(Note, "p8", "iris", "lieu 8 encore");
            w.Flush();
            Assert.Equal(4500, c.ExecuteScalar<long>("SELECT count(*) FROM places", transaction: tx));
            w.Commit();
        }
        Assert.Equal("renommé", c.ExecuteScalar<string>("SELECT name FROM places WHERE code = 'p7'"));
        Assert.Equal("lieu 8 encore", c.ExecuteScalar<string>("SELECT name FROM places WHERE code = 'p8'"));
        Assert.Equal("lieu 4499", c.ExecuteScalar<string>("SELECT name FROM places WHERE code = 'p4499'"));
    }

    [SkippableFact]
    public void A_row_with_the_wrong_number_of_values_is_refused_at_once()
    {
        var store = NewStore();
        using var c = store.Connect();
        using var tx = c.BeginTransaction();
        using var w = new StoreWriter(c, tx);
        Assert.Throws<ArgumentException>(() => w.Execute(Note, "p1", "iris"));
    }
}

public sealed class SqliteStoreWriterTests : StoreWriterContract
{
    protected override SynthesisStore NewStore() => TempStore.New();
}

public sealed class PostgresStoreWriterTests : StoreWriterContract
{
    protected override SynthesisStore NewStore() => TempStore.NewPostgres().Store;
}
