using Microsoft.Data.Sqlite;

namespace Synthesis.Store;

/// <summary>
/// The data folder: one SQLite database (WAL, migrated at open) and the content-addressed original files.
/// The store is the truth; every index and analysis can be rebuilt from it.
/// </summary>
public sealed class SynthesisStore
{
    public string DataDirectory { get; }
    public string DatabasePath { get; }
    public BlobStore Blobs { get; }
    readonly string _connectionString;

    SynthesisStore(string dataDirectory)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        DatabasePath = Path.Combine(DataDirectory, "synthesis.db");
        Blobs = new BlobStore(Path.Combine(DataDirectory, "originals"));
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>Opens (creating if needed) the data folder and brings its schema up to date.</summary>
    public static SynthesisStore Open(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var store = new SynthesisStore(dataDirectory);
        using var connection = store.Connect();
        Migrate(connection);
        return store;
    }

    /// <summary>A new open connection with the store's pragmas; the caller disposes it.</summary>
    public SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
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

    public static int SchemaVersion(SqliteConnection connection) =>
        Convert.ToInt32(connection.Scalar("PRAGMA user_version"));

    static void Migrate(SqliteConnection connection)
    {
        var version = SchemaVersion(connection);
        if (version > Migrations.All.Length)
            throw new InvalidOperationException(
                $"The data folder's schema is version {version}, newer than this program ({Migrations.All.Length}): upgrade Synthesis.");
        for (var v = version; v < Migrations.All.Length; v++)
        {
            using var tx = connection.BeginTransaction();
            connection.Execute(Migrations.All[v], tx);
            connection.Execute($"PRAGMA user_version = {v + 1}", tx);
            tx.Commit();
        }
    }
}
