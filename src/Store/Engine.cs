using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Synthesis.Store;

/// <summary>
/// What differs between the two engines the store runs on, SQLite (the default, one file in the data folder) and
/// PostgreSQL (<c>Synthesis:Store = postgres://…</c>, several machines on one consultation), kept in one place. Every
/// other statement is written once in the SQL both understand (<c>@name</c> parameters, <c>ON CONFLICT</c>,
/// <c>RETURNING</c>, <c>string_agg</c>, <c>-&gt;&gt;</c>).
/// </summary>
public static class Engine
{
    public static bool IsPostgres(this DbConnection connection) => connection is NpgsqlConnection;

    /// <summary>
    /// A transaction that will write: SQLite takes its one write lock at once (<c>BEGIN IMMEDIATE</c>, so that two
    /// writers never deadlock upgrading a read lock); PostgreSQL locks the rows as it writes them.
    /// </summary>
    public static DbTransaction BeginWrite(this DbConnection connection) =>
        connection is SqliteConnection sqlite ? sqlite.BeginTransaction(deferred: false) : connection.BeginTransaction();

    /// <summary>
    /// A pipeline commit need not wait for PostgreSQL to flush its log to disk: a commit a server crash loses takes its
    /// job's completion with it (the same transaction), so the job is leased and run again, never half done. Reviewers'
    /// decisions and imports keep full durability. Nothing to do on SQLite (its own setting, NORMAL, is per file).
    /// </summary>
    public static void WithoutWaitingForDisk(this DbConnection connection, DbTransaction tx)
    {
        if (connection.IsPostgres()) connection.Execute("SET LOCAL synchronous_commit TO off", tx);
    }

    /// <summary>
    /// <paramref name="column"/> is one of the values of the list parameter <paramref name="parameter"/>: Dapper spreads
    /// a list into <c>IN (@p1, @p2…)</c> on SQLite and passes it whole, as an array, to PostgreSQL (<c>= ANY(@p)</c>).
    /// </summary>
    internal static string In(this DbConnection connection, string column, string parameter) =>
        connection.IsPostgres() ? $"{column} = ANY({parameter})" : $"{column} IN {parameter}";

    /// <summary>The length of the JSON array a text column holds.</summary>
    internal static string JsonArrayLength(this DbConnection connection, string column) =>
        connection.IsPostgres() ? $"jsonb_array_length({column}::jsonb)" : $"json_array_length({column})";

    /// <summary>A column holding JSON text, as JSON: <c>-&gt;&gt;</c> then reads a field on both engines.</summary>
    internal static string Json(this DbConnection connection, string column) => connection.IsPostgres() ? $"{column}::jsonb" : column;

    /// <summary>An ISO 8601 date with its offset (<c>2022-03-01T10:00:00+01:00</c>) as an instant two can be compared by.</summary>
    internal static string Instant(this DbConnection connection, string expression) =>
        connection.IsPostgres() ? $"CAST({expression} AS timestamptz)" : $"julianday({expression})";

    /// <summary>A second open connection to the same database, for work that runs beside this connection's.</summary>
    public static DbConnection OpenAnother(this DbConnection connection)
    {
        DbConnection other = connection is NpgsqlConnection postgres ? postgres.CloneWith(postgres.ConnectionString) : new SqliteConnection(connection.ConnectionString);
        other.Open();
        return other;
    }
}
