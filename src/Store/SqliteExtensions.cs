using Microsoft.Data.Sqlite;

namespace Synthesis.Store;

/// <summary>Thin helpers so that data access stays plain SQL without a mapping layer.</summary>
public static class SqliteExtensions
{
    public static int Execute(this SqliteConnection connection, string sql, SqliteTransaction? tx = null, params (string Name, object? Value)[] args)
    {
        using var command = connection.Command(sql, tx, args);
        return command.ExecuteNonQuery();
    }

    public static object? Scalar(this SqliteConnection connection, string sql, SqliteTransaction? tx = null, params (string Name, object? Value)[] args)
    {
        using var command = connection.Command(sql, tx, args);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public static long ScalarLong(this SqliteConnection connection, string sql, SqliteTransaction? tx = null, params (string Name, object? Value)[] args) =>
        Convert.ToInt64(connection.Scalar(sql, tx, args) ?? 0L);

    public static SqliteCommand Command(this SqliteConnection connection, string sql, SqliteTransaction? tx = null, params (string Name, object? Value)[] args)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var (name, value) in args) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static string? GetStringOrNull(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetInt64OrNull(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
