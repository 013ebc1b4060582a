using System.Diagnostics;
using Npgsql;

namespace Synthesis.Tests;

/// <summary>
/// A real PostgreSQL server the tests start themselves, once per test process: Debian's <c>initdb</c> and
/// <c>pg_ctl</c> into a temporary folder, listening only on a Unix socket in that folder, run as the <c>postgres</c>
/// user when the tests run as root (initdb refuses root). Each test asks for a database of its own
/// (<see cref="NewDatabase"/>). Where PostgreSQL is not installed, <see cref="Unavailable"/> says why and what to do,
/// and the tests that need it are skipped with that reason.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    static readonly Lazy<PostgresServer> Instance = new(() => new PostgresServer(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The process's server, started on first use.</summary>
    public static PostgresServer Shared => Instance.Value;

    /// <summary>Why there is no server (PostgreSQL not installed, or it failed to start), else null.</summary>
    public string? Unavailable { get; }

    /// <summary>
    /// The folder that holds the data and the socket: under /tmp when the server runs as the postgres user (it must
    /// reach the folder, which a root's TMPDIR may not let it), else under the temporary folder.
    /// </summary>
    public string Folder { get; } = Path.Combine(Environment.UserName == "root" ? "/tmp" : Path.GetTempPath(), "synthesis-pg-" + Guid.NewGuid().ToString("N")[..12]);

    const int Port = 5432;
    readonly string? _bin;
    readonly bool _asPostgres;
    int _databases;

    PostgresServer()
    {
        _bin = FindBinaries();
        if (_bin is null)
        {
            Unavailable = "PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin or on PATH): run scripts/setup.sh or apt-get install postgresql";
            return;
        }
        _asPostgres = Environment.UserName == "root";
        try
        {
            Directory.CreateDirectory(Folder);
            if (_asPostgres) Run("chown", ["-R", "postgres:postgres", Folder], asPostgres: false);
            var data = Path.Combine(Folder, "data");
            Run(Path.Combine(_bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"]);
            // only a socket in the folder; durability traded for speed (a test database is thrown away)
            Run(Path.Combine(_bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(Folder, "server.log"), "-w", "-t", "60", "-o",
                $"-k {Folder} -c listen_addresses='' -p {Port} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                "start"]);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
            Watch();
        }
        catch (Exception e)
        {
            Unavailable = $"PostgreSQL did not start in {Folder}: {e.Message}";
        }
    }

    /// <summary>A new empty database on the server, as the <c>postgres://</c> address the store's setting takes.</summary>
    public string NewDatabase()
    {
        if (Unavailable is not null) throw new InvalidOperationException(Unavailable);
        var name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        using (var admin = new NpgsqlConnection(ConnectionString("postgres")))
        {
            admin.Open();
            using var create = admin.CreateCommand();
            create.CommandText = $"CREATE DATABASE {name}";
            create.ExecuteNonQuery();
        }
        return $"postgres://postgres@localhost/{name}?host={Uri.EscapeDataString(Folder)}&port={Port}";
    }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = Folder, Port = Port, Username = "postgres", Database = database }.ConnectionString;

    public void Dispose()
    {
        if (_bin is null || !Directory.Exists(Path.Combine(Folder, "data"))) return;
        try
        {
            NpgsqlConnection.ClearAllPools();
            Run(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(Folder, "data"), "-m", "immediate", "-w", "stop"]);
            Directory.Delete(Folder, recursive: true);
        }
        catch (Exception)
        {
            // a server already stopped, a folder already gone: nothing left to clean
        }
    }

    /// <summary>
    /// Stops the server and removes its folder once this test process has ended, however it ended: the test runner may
    /// end a test host without running its exit handlers, and each such run left a server behind. A shell in a session
    /// of its own waits for the process, then stops the server.
    /// </summary>
    void Watch()
    {
        var stop = (_asPostgres ? "runuser -u postgres -- " : "") + $"'{Path.Combine(_bin!, "pg_ctl")}' -D '{Path.Combine(Folder, "data")}' -m immediate -w stop";
        var script = $"exec </dev/null >/dev/null 2>&1; while kill -0 {Environment.ProcessId}; do sleep 1; done; {stop}; rm -rf '{Folder}'";
        var info = new ProcessStartInfo("setsid", ["bash", "-c", script])
        {
            // pipes of its own, closed at once by the script: the runner must not wait on a watchdog holding its output
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        using var watchdog = Process.Start(info);
    }

    static string? FindBinaries()
    {
        var versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Where(d => File.Exists(Path.Combine(d, "bin", "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).ToList()
            : [];
        if (versions.Count > 0) return Path.Combine(versions[0], "bin");
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")));
        return onPath;
    }

    void Run(string program, string[] args, bool? asPostgres = null)
    {
        var info = (asPostgres ?? _asPostgres)
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", program, .. args])
            : new ProcessStartInfo(program, args);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(120_000)) process.Kill(entireProcessTree: true);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(program)} exited with {process.ExitCode}: {stderr.Trim()} {stdout.Result.Trim()}".Trim());
    }
}
