using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Synthesis.Store;

/// <summary>
/// The data folder (the content-addressed original files, the search indexes) and the database: by default one SQLite
/// file in the folder (WAL, migrated at open); with <c>Synthesis:Store = postgres://…</c> a PostgreSQL database that
/// workers on several machines share. The store is the truth; every index and analysis can be rebuilt from it.
/// </summary>
public sealed class SynthesisStore
{
    public string DataDirectory { get; }

    /// <summary>The SQLite file; on PostgreSQL, where it would be (nothing is written there).</summary>
    public string DatabasePath { get; }

    public BlobStore Blobs { get; }

    /// <summary>Whether the database is PostgreSQL.</summary>
    public bool IsPostgres => _dataSource is not null;

    readonly string? _sqlite;
    readonly NpgsqlDataSource? _dataSource;

    SynthesisStore(string dataDirectory, NpgsqlDataSource? postgres, string? originals)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        DatabasePath = Path.Combine(DataDirectory, "synthesis.db");
        Blobs = new BlobStore(Path.GetFullPath(originals ?? Path.Combine(DataDirectory, "originals")));
        _dataSource = postgres;
        if (postgres is null)
            _sqlite = new SqliteConnectionStringBuilder
            {
                DataSource = DatabasePath,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString();
    }

    /// <summary>
    /// Opens (creating if needed) the data folder and the database, and brings the schema up to date.
    /// </summary>
    /// <param name="database">Null or empty: SQLite in the data folder. <c>postgres://user:password@host:port/database</c>
    /// (or an Npgsql connection string): that PostgreSQL database, which must exist.</param>
    /// <param name="originals">The folder of the original files; null: <c>originals</c> in the data folder. Workers on
    /// several machines share one (a network folder).</param>
    public static SynthesisStore Open(string dataDirectory, string? database = null, string? originals = null)
    {
        Directory.CreateDirectory(dataDirectory);
        var store = new SynthesisStore(dataDirectory,
            string.IsNullOrWhiteSpace(database) ? null : NpgsqlDataSource.Create(WithSessionLimits(PostgresAddress.ConnectionString(database))),
            string.IsNullOrWhiteSpace(originals) ? null : originals);
        using var connection = store.Connect();
        if (store.IsPostgres) MigratePostgres(connection);
        else MigrateSqlite(connection);
        return store;
    }

    /// <summary>
    /// The limits and habits of every session. A worker that stops in the middle of a transaction (frozen, cut off from the network) would keep its rows locked,
    /// and the other workers, which skip locked jobs, would never take them: the server ends a transaction left idle
    /// for 10 s (the store's transactions send their statements back to back) and the session with it.
    /// </summary>
    static string WithSessionLimits(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!(builder.Options ?? "").Contains("idle_in_transaction_session_timeout", StringComparison.Ordinal))
            builder.Options = $"{builder.Options} -c idle_in_transaction_session_timeout=10000".Trim();
        // the pipeline's statements repeat thousands of times: prepared on the server after their second use
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 200;
        return builder.ConnectionString;
    }

    /// <summary>A new open connection (on SQLite with the store's pragmas); the caller disposes it.</summary>
    public DbConnection Connect()
    {
        if (_dataSource is not null) return _dataSource.OpenConnection();
        var connection = new SqliteConnection(_sqlite);
        connection.Open();
        using var pragmas = connection.CreateCommand();
        // WAL: readers never block the writer; NORMAL sync is durable across process crashes (not power loss
        // of the last transaction), which is the failure the job queue is built for.
        pragmas.CommandText = """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA foreign_keys = ON;
            PRAGMA busy_timeout = 30000;
            PRAGMA temp_store = MEMORY;
            PRAGMA cache_size = -65536;
            """;
        pragmas.ExecuteNonQuery();
        return connection;
    }

    /// <summary>How many migrations the database has had.</summary>
    public static int SchemaVersion(DbConnection connection) =>
        connection.IsPostgres()
            ? connection.ExecuteScalar<int?>("SELECT max(version) FROM schema_version") ?? 0
            : Convert.ToInt32(connection.Scalar("PRAGMA user_version"));

    static void CheckNotNewer(int version)
    {
        if (version > Migrations.Sqlite.Length)
            throw new InvalidOperationException(
                $"The store's schema is version {version}, newer than this program ({Migrations.Sqlite.Length}): upgrade Synthesis.");
    }

    static void MigrateSqlite(DbConnection connection)
    {
        var version = SchemaVersion(connection);
        CheckNotNewer(version);
        for (var v = version; v < Migrations.Sqlite.Length; v++)
        {
            using var tx = connection.BeginTransaction();
            connection.Execute(Migrations.Sqlite[v], tx);
            connection.Execute($"PRAGMA user_version = {v + 1}", tx);
            tx.Commit();
        }
    }

    /// <summary>
    /// Each migration in its own transaction (PostgreSQL's DDL is transactional), under an advisory lock so that
    /// workers starting together on a new database migrate it once.
    /// </summary>
    static void MigratePostgres(DbConnection connection)
    {
        connection.Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)");
        while (true)
        {
            using var tx = connection.BeginTransaction();
            connection.Execute("SELECT pg_advisory_xact_lock(7355608)", transaction: tx);
            var version = connection.ExecuteScalar<int?>("SELECT max(version) FROM schema_version", transaction: tx) ?? 0;
            CheckNotNewer(version);
            if (version == Migrations.Postgres.Length) return;
            connection.Execute(Migrations.Postgres[version], transaction: tx);
            connection.Execute("INSERT INTO schema_version(version, applied_at) VALUES (@version, @at)",
                new { version = version + 1, at = DateTimeOffset.UtcNow.ToString("O") }, tx);
            tx.Commit();
        }
    }
}
