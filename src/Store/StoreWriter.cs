using System.Data.Common;
using Npgsql;

namespace Synthesis.Store;

/// <summary>
/// Writes inside one transaction. On SQLite each distinct statement is prepared once and reused: a batch of thousands
/// of small writes costs the statements, not their parsing. On PostgreSQL, where each statement is a round trip to the
/// server, the writes are sent together (up to <see cref="BatchLimit"/> at a time) when something must see them: a
/// <see cref="Scalar"/>, a <see cref="Flush"/> before reading through <see cref="Connection"/>, and <see cref="Commit"/>.
/// An error in a write may therefore surface at that point rather than at its <see cref="Execute"/>.
/// </summary>
public sealed class StoreWriter(DbConnection connection, DbTransaction transaction) : IDisposable
{
    /// <summary>Writes sent to PostgreSQL in one round trip at most.</summary>
    public const int BatchLimit = 500;

    readonly Dictionary<string, DbCommand> _prepared = [];
    NpgsqlBatch? _batch;

    /// <summary>The connection, for reads: <see cref="Flush"/> first so that they see this writer's writes.</summary>
    public DbConnection Connection => connection;
    public DbTransaction Transaction => transaction;

    readonly List<Action> _afterCommit = [];

    /// <summary>
    /// Runs <paramref name="action"/> once the transaction has committed (never if it rolls back): for work outside the
    /// store that must only see committed results, such as telling the search indexes to catch up.
    /// </summary>
    public void AfterCommit(Action action) => _afterCommit.Add(action);

    /// <summary>Sends what is still held, commits the transaction, then runs the <see cref="AfterCommit"/> actions.</summary>
    public void Commit()
    {
        Flush();
        transaction.Commit();
        foreach (var action in _afterCommit) action();
        _afterCommit.Clear();
    }

    public void Execute(string sql, params (string Name, object? Value)[] args)
    {
        if (connection is NpgsqlConnection postgres)
        {
            _batch ??= new NpgsqlBatch(postgres, (NpgsqlTransaction)transaction);
            var command = new NpgsqlBatchCommand(sql);
            foreach (var (name, value) in args) command.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
            _batch.BatchCommands.Add(command);
            if (_batch.BatchCommands.Count >= BatchLimit) Flush();
            return;
        }
        Prepare(sql, args).ExecuteNonQuery();
    }

    public object? Scalar(string sql, params (string Name, object? Value)[] args)
    {
        Flush();
        var value = Prepare(sql, args).ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>Sends the writes held so far (PostgreSQL); nothing to do on SQLite, which writes at once.</summary>
    public void Flush()
    {
        if (_batch is null) return;
        using var batch = _batch;
        _batch = null;
        batch.ExecuteNonQuery();
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
        // writes held and never sent are writes lost: a caller that committed the transaction itself forgot Flush
        var unsent = _batch?.BatchCommands.Count ?? 0;
        _batch?.Dispose();
        _batch = null;
        foreach (var command in _prepared.Values) command.Dispose();
        _prepared.Clear();
        if (unsent > 0 && transaction.Connection is null)
            throw new InvalidOperationException($"{unsent} write(s) were held and the transaction ended without them: commit through StoreWriter.Commit");
    }
}
