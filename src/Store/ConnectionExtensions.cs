using System.Data.Common;

namespace Synthesis.Store;

/// <summary>Thin helpers so that data access stays plain SQL without a mapping layer.</summary>
public static class ConnectionExtensions
{
    public static int Execute(this DbConnection connection, string sql, DbTransaction? tx = null, params (string Name, object? Value)[] args)
    {
        using var command = connection.Command(sql, tx, args);
        return command.ExecuteNonQuery();
    }

    public static object? Scalar(this DbConnection connection, string sql, DbTransaction? tx = null, params (string Name, object? Value)[] args)
    {
        using var command = connection.Command(sql, tx, args);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    public static long ScalarLong(this DbConnection connection, string sql, DbTransaction? tx = null, params (string Name, object? Value)[] args) =>
        Convert.ToInt64(connection.Scalar(sql, tx, args) ?? 0L);

    public static DbCommand Command(this DbConnection connection, string sql, DbTransaction? tx = null, params (string Name, object? Value)[] args)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var (name, value) in args)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    public static string? GetStringOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>An integer column as an int (both engines store 64-bit integers; a value past int's range is an error).</summary>
    public static int GetInt(this DbDataReader reader, int ordinal) => checked((int)reader.GetInt64(ordinal));

    public static long? GetInt64OrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
