using System.Data.Common;
using Npgsql;

namespace Synthesis.Store;

/// <summary>
/// Writes inside one transaction. On SQLite each distinct statement is prepared once and reused: a batch of thousands
/// of small writes costs the statements, not their parsing. On PostgreSQL, where each statement is a round trip to the
/// server, the writes are sent together (up to <see cref="BatchLimit"/> at a time) when something must see them: a
/// <see cref="Scalar"/>, a <see cref="Flush"/> before reading through <see cref="Connection"/>, and <see cref="Commit"/>.
/// An error in a write may therefore surface at that point rather than at its <see cref="Execute"/>. A statement
/// written for many rows (<see cref="BulkStatement"/>) goes to PostgreSQL as one statement over arrays for each run of
/// its rows (in the order of the writes: a run ends at any other write).
/// </summary>
public sealed class StoreWriter(DbConnection connection, DbTransaction transaction) : IDisposable
{
    /// <summary>Writes sent to PostgreSQL in one round trip at most.</summary>
    public const int BatchLimit = 500;

    readonly Dictionary<string, DbCommand> _prepared = [];
    NpgsqlBatch? _batch;

    /// <summary>Rows of one bulk statement held for PostgreSQL, not yet in the batch (<see cref="CloseRun"/>).</summary>
    (BulkStatement Statement, List<object?[]> Rows)? _run;

    /// <summary>Rows of a bulk statement sent as one PostgreSQL statement at most.</summary>
    const int RunLimit = 2000;

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
        if (connection is NpgsqlConnection)
        {
            CloseRun();
            var command = new NpgsqlBatchCommand(sql);
            foreach (var (name, value) in args) command.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
            Add(command);
            return;
        }
        Prepare(sql, args).ExecuteNonQuery();
    }

    /// <summary>
    /// One row of a bulk statement, its values in the order of <see cref="BulkStatement.Columns"/>: on SQLite its
    /// per-row statement, now; on PostgreSQL held with the rows that follow it, then sent as one statement.
    /// </summary>
    public void Execute(BulkStatement statement, params object?[] row)
    {
        if (row.Length != statement.Columns.Count)
            throw new ArgumentException($"{statement.Columns.Count} values expected, {row.Length} given", nameof(row));
        if (connection is not NpgsqlConnection)
        {
            Execute(statement.Sql, statement.Columns.Select((c, i) => (c.Name, row[i])).ToArray());
            return;
        }
        if (_run is not { } run || !ReferenceEquals(run.Statement, statement)) CloseRun();
        _run ??= (statement, []);
        _run.Value.Rows.Add(row);
        if (_run.Value.Rows.Count >= RunLimit) CloseRun();
    }

    /// <summary>Puts the held run of bulk rows into the batch as one statement whose parameters are arrays, a column each.</summary>
    void CloseRun()
    {
        if (_run is not { } run) return;
        _run = null;
        var command = new NpgsqlBatchCommand(run.Statement.Unnest);
        for (var i = 0; i < run.Statement.Columns.Count; i++)
        {
            var (name, type) = run.Statement.Columns[i];
            var values = Array.CreateInstance(type, run.Rows.Count);
            for (var r = 0; r < run.Rows.Count; r++) values.SetValue(run.Rows[r][i], r);
            command.Parameters.Add(new NpgsqlParameter(name, values));
        }
        Add(command);
    }

    void Add(NpgsqlBatchCommand command)
    {
        _batch ??= new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        _batch.BatchCommands.Add(command);
        if (_batch.BatchCommands.Count >= BatchLimit) Flush();
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
        CloseRun();
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
        var unsent = (_batch?.BatchCommands.Count ?? 0) + (_run?.Rows.Count ?? 0);
        _run = null;
        _batch?.Dispose();
        _batch = null;
        foreach (var command in _prepared.Values) command.Dispose();
        _prepared.Clear();
        if (unsent > 0 && transaction.Connection is null)
            throw new InvalidOperationException($"{unsent} write(s) were held and the transaction ended without them: commit through StoreWriter.Commit");
    }
}

/// <summary>
/// A write done for many rows: <see cref="Sql"/> for one row (its parameters named as the columns), and
/// <see cref="Unnest"/>, the same for PostgreSQL over arrays (each parameter an array of one column's values, of
/// element type <c>Type</c>: <c>long?</c>, <c>double?</c>, <c>string</c>, <c>byte[]</c>).
/// </summary>
public sealed record BulkStatement(string Sql, string Unnest, IReadOnlyList<(string Name, Type Type)> Columns);
