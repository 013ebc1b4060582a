using Npgsql;

namespace Synthesis.Store.Tests;

/// <summary>The <c>Synthesis:Store</c> address as people write it, read into the connection Npgsql opens.</summary>
public class PostgresAddressTests
{
    [Fact]
    public void A_url_gives_host_port_database_user_password_and_further_settings()
    {
        var built = new NpgsqlConnectionStringBuilder(PostgresAddress.ConnectionString(
            "postgres://synthese:p%40ss%3Aword@db.ville.local:5433/consultation?sslmode=require&Timeout=30"));
        Assert.Equal(("db.ville.local", 5433, "consultation", "synthese", "p@ss:word"), (built.Host, built.Port, built.Database, built.Username, built.Password));
        Assert.Equal(SslMode.Require, built.SslMode);
        Assert.Equal(30, built.Timeout);
    }

    [Fact]
    public void A_socket_folder_in_the_query_replaces_the_host()
    {
        var built = new NpgsqlConnectionStringBuilder(PostgresAddress.ConnectionString("postgresql://postgres@localhost/synthese?host=/run/postgresql"));
        Assert.Equal(("/run/postgresql", "synthese", "postgres"), (built.Host, built.Database, built.Username));
    }

    [Fact]
    public void A_connection_string_is_taken_as_it_is()
    {
        var built = new NpgsqlConnectionStringBuilder(PostgresAddress.ConnectionString("Host=db;Database=synthese;Username=u"));
        Assert.Equal(("db", "synthese"), (built.Host, built.Database));
    }

    [Theory]
    [InlineData("mysql://u@h/db", "not a PostgreSQL address")]
    [InlineData("postgres://u:secret@h/", "names no database")]
    [InlineData("postgres://u@h/db?colour=blue", "'colour' is not a PostgreSQL connection setting")]
    public void A_wrong_address_is_refused_with_what_to_write_and_never_its_password(string address, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => PostgresAddress.ConnectionString(address));
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain("secret", e.Message);
    }

    [Fact]
    public void The_address_shown_masks_its_password()
    {
        Assert.Equal("postgres://synthese:***@db/c", PostgresAddress.Redacted("postgres://synthese:secret@db/c"));
        Assert.Equal("postgres://synthese@db/c", PostgresAddress.Redacted("postgres://synthese@db/c"));
        Assert.Equal("(a connection string)", PostgresAddress.Redacted("Host=db;Password=secret"));
    }
}
