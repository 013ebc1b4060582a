using Npgsql;

namespace Synthesis.Store;

/// <summary>
/// Reads the PostgreSQL address the <c>Synthesis:Store</c> setting gives: a URL
/// (<c>postgres://user:password@host:5432/synthesis</c>, <c>?host=/run/postgresql</c> for a Unix socket, other query
/// parameters passed on as Npgsql settings: <c>sslmode</c>, <c>pooling</c>…) or an Npgsql connection string
/// (<c>Host=…;Database=…</c>).
/// </summary>
public static class PostgresAddress
{
    public static string ConnectionString(string address)
    {
        address = address.Trim();
        if (!address.Contains("://", StringComparison.Ordinal))
            return Checked(() => new NpgsqlConnectionStringBuilder(address), address);
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgres" or "postgresql"))
            throw new ArgumentException($"Synthesis:Store '{Redacted(address)}' is not a PostgreSQL address: write postgres://user:password@host:5432/database");
        var builder = new NpgsqlConnectionStringBuilder();
        if (!string.IsNullOrEmpty(uri.Host)) builder.Host = uri.Host;
        if (!uri.IsDefaultPort && uri.Port > 0) builder.Port = uri.Port;
        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0)
            throw new ArgumentException($"Synthesis:Store '{Redacted(address)}' names no database: end it with /database");
        builder.Database = database;
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':');
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0) builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = pair.IndexOf('=') is var eq and >= 0
                ? (Uri.UnescapeDataString(pair[..eq]), Uri.UnescapeDataString(pair[(eq + 1)..])) : (Uri.UnescapeDataString(pair), "");
            try
            {
                builder[key] = value;
            }
            catch (ArgumentException)
            {
                throw new ArgumentException($"Synthesis:Store: '{key}' is not a PostgreSQL connection setting (host, sslmode, pooling, timeout…)");
            }
        }
        if (string.IsNullOrEmpty(builder.Host))
            throw new ArgumentException($"Synthesis:Store '{Redacted(address)}' names no host: write postgres://user@host/database or add ?host=/socket/folder");
        return builder.ConnectionString;
    }

    /// <summary>The address without its password, for a message.</summary>
    public static string Redacted(string address) =>
        Uri.TryCreate(address.Trim(), UriKind.Absolute, out var uri) && uri.UserInfo.Contains(':')
            ? address.Replace(uri.UserInfo, uri.UserInfo[..uri.UserInfo.IndexOf(':')] + ":***", StringComparison.Ordinal)
            : address.Contains("password", StringComparison.OrdinalIgnoreCase) ? "(a connection string)" : address;

    static string Checked(Func<NpgsqlConnectionStringBuilder> build, string address)
    {
        try
        {
            return build().ConnectionString;
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Synthesis:Store '{Redacted(address)}' is neither a postgres:// address nor a connection string: {e.Message}");
        }
    }
}
