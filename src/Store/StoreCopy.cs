using System.Data.Common;
using Dapper;
using Npgsql;

namespace Synthesis.Store;

/// <summary>One table's rows in the source and, after the copy, in the target.</summary>
public sealed record TableCopy(string Table, long Source, long Target);

/// <summary>
/// Copies a SQLite store into a PostgreSQL one (<c>synthesis migrate --to postgres://…</c>): every table the schema
/// has, rows as they are (IDs kept, so decisions, links and reports still name the same things), then each identity
/// counter moved past the highest ID. Each table goes through a temporary table with PostgreSQL's COPY and is added
/// with <c>ON CONFLICT DO NOTHING</c>: copying again adds only what is new, never a row twice. The search change log
/// is not copied; the target's triggers write it as the rows arrive, and every passage is logged at the end.
/// </summary>
public static class StoreCopy
{
    /// <summary>The tables in an order that satisfies their foreign keys, and whether a row has a key of its own.</summary>
    static readonly (string Table, bool Keyed)[] Tables =
    [
        ("blobs", true), ("contributions", true), ("passages", true), ("jobs", true), ("imports", true), ("import_errors", false),
        ("transcripts", true), ("passage_analysis", true), ("passage_overrides", true), ("passage_vectors", true), ("topics", true),
        ("topic_assignments", true), ("duplicate_groups", true), ("summaries", true), ("review_decisions", true), ("users", true),
        ("api_keys", true), ("sessions", true), ("places", true), ("checks", true), ("check_items", true),
    ];

    public static IReadOnlyList<TableCopy> Copy(SynthesisStore from, SynthesisStore to, Action<string>? progress = null)
    {
        if (from.IsPostgres || !to.IsPostgres) throw new ArgumentException("the copy goes from a SQLite store to a PostgreSQL one");
        using var source = from.Connect();
        using var target = (NpgsqlConnection)to.Connect();
        var counts = new List<TableCopy>();
        foreach (var (table, keyed) in Tables)
        {
            progress?.Invoke(table);
            var columns = source.Query<string>("SELECT name FROM pragma_table_info(@table) ORDER BY cid", new { table }).ToList();
            var list = string.Join(", ", columns);
            using (var tx = target.BeginTransaction())
            {
                // a table without a key of its own is copied once, whole (a second copy cannot tell its rows apart)
                if (keyed || target.ExecuteScalar<long>($"SELECT count(*) FROM {table}", transaction: tx) == 0)
                {
                    target.Execute($"CREATE TEMP TABLE incoming (LIKE {table}) ON COMMIT DROP", transaction: tx);
                    var types = columns.Select(c => target.ExecuteScalar<string>(
                        "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = @table::regclass AND attname = @c",
                        new { table, c }, tx)!).ToArray();
                    using (var read = source.Command($"SELECT {list} FROM {table}"))
                    using (var reader = read.ExecuteReader())
                    using (var writer = target.BeginBinaryImport($"COPY incoming ({list}) FROM STDIN (FORMAT BINARY)"))
                    {
                        while (reader.Read())
                        {
                            writer.StartRow();
                            for (var i = 0; i < columns.Count; i++)
                            {
                                if (reader.IsDBNull(i)) writer.WriteNull();
                                else writer.Write(reader.GetValue(i), types[i]);
                            }
                        }
                        writer.Complete();
                    }
                    var overriding = Identity(target, tx, table) is not null ? "OVERRIDING SYSTEM VALUE" : "";
                    target.Execute($"INSERT INTO {table} ({list}) {overriding} SELECT {list} FROM incoming ON CONFLICT DO NOTHING", transaction: tx);
                    if (Identity(target, tx, table) is { } column)
                        target.Execute($"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), coalesce(max({column}), 0) + 1, false) FROM {table}", transaction: tx);
                }
                tx.Commit();
            }
            counts.Add(new TableCopy(table, source.ScalarLong($"SELECT count(*) FROM {table}"), target.ScalarLong($"SELECT count(*) FROM {table}")));
        }
        // every passage to the change log, those without a vector too (their insert is logged only with one)
        target.Execute("""
            INSERT INTO search_changes(passage_id) SELECT id FROM passages ORDER BY id ON CONFLICT (passage_id) DO NOTHING
            """);
        return counts;
    }

    /// <summary>The table's identity column, if it has one.</summary>
    static string? Identity(NpgsqlConnection c, DbTransaction tx, string table) =>
        c.ExecuteScalar<string?>("SELECT column_name FROM information_schema.columns WHERE table_name = @table AND is_identity = 'YES'",
            new { table }, tx);
}
