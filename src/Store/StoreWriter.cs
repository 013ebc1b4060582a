using System.Data.Common;

namespace Synthesis.Store;

/// <summary>
/// Writes inside one transaction with each distinct statement prepared once and reused: a batch of thousands of
/// small writes costs the statements, not their parsing.
/// </summary>
public sealed class StoreWriter(DbConnection connection, DbTransaction transaction) : IDisposable
{
    readonly Dictionary<string, DbCommand> _prepared = [];

    public DbConnection Connection => connection;
    public DbTransaction Transaction => transaction;

    readonly List<Action> _afterCommit = [];

    /// <summary>
    /// Runs <paramref name="action"/> once the transaction has committed (never if it rolls back): for work outside the
    /// store that must only see committed results, such as telling the search indexes to catch up.
    /// </summary>
    public void AfterCommit(Action action) => _afterCommit.Add(action);

    /// <summary>Called by the transaction's owner right after a successful commit.</summary>
    public void Committed()
    {
        foreach (var action in _afterCommit) action();
        _afterCommit.Clear();
    }

    public int Execute(string sql, params (string Name, object? Value)[] args)
    {
        var command = Prepare(sql, args);
        return command.ExecuteNonQuery();
    }

    public object? Scalar(string sql, params (string Name, object? Value)[] args)
    {
        var value = Prepare(sql, args).ExecuteScalar();
        return value is DBNull ? null : value;
    }

    DbCommand Prepare(string sql, (string Name, object? Value)[] args)
    {
        if (!_prepared.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = transaction;
            foreach (var (name, _) in args)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = name;
                command.Parameters.Add(parameter);
            }
            _prepared[sql] = command;
        }
        foreach (var (name, value) in args) command.Parameters[name].Value = value ?? DBNull.Value;
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _prepared.Values) command.Dispose();
        _prepared.Clear();
    }
}
