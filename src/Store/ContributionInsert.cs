using System.Data.Common;
namespace Synthesis.Store;

/// <summary>
/// A prepared insert of contributions inside one transaction. The identity (consultation, content hash,
/// external reference) is unique, so importing the same content twice inserts nothing the second time.
/// A new contribution's first pipeline job is queued in the same transaction: nothing accepted is left unqueued.
/// </summary>
public sealed class ContributionInsert : IDisposable
{
    readonly DbConnection _connection;
    readonly DbTransaction _tx;
    readonly DbCommand _insert;
    readonly Dictionary<string, DbParameter> _p = [];

    public ContributionInsert(DbConnection connection, DbTransaction tx)
    {
        _connection = connection;
        _tx = tx;
        string[] columns =
        [
            "consultation", "external_ref", "content_hash", "channel", "author_kind", "profile", "neighbourhood", "date", "title",
            "text", "language", "media", "original_sha256", "original_name", "original_row", "publishable", "metadata", "imported_at",
        ];
        _insert = connection.CreateCommand();
        _insert.Transaction = tx;
        // the neighbourhood as the places table names it (the value as imported kept in place)
        _insert.CommandText = $"""
            INSERT INTO contributions({string.Join(", ", columns)}, place)
            VALUES ({string.Join(", ", columns.Select(c => c == "neighbourhood" ? PlaceRows.NameOf("@neighbourhood") : "@" + c))}, @neighbourhood)
            ON CONFLICT(consultation, content_hash, external_ref) DO NOTHING RETURNING id
            """;
        foreach (var c in columns)
        {
            var parameter = _p[c] = _insert.CreateParameter();
            parameter.ParameterName = "@" + c;
            // typed before the first values: PostgreSQL prepares the statement from its parameters' types
            parameter.DbType = c is "original_row" or "publishable" ? System.Data.DbType.Int64 : System.Data.DbType.String;
            _insert.Parameters.Add(parameter);
        }
        _insert.Prepare();
    }

    /// <summary>Inserts the contribution and queues its first job; false when it was already there.</summary>
    public bool TryAdd(Contribution c)
    {
        Set("consultation", c.Consultation);
        Set("external_ref", c.ExternalRef);
        Set("content_hash", c.ContentHash);
        Set("channel", DomainNames.Name(c.Channel));
        Set("author_kind", DomainNames.Name(c.AuthorKind));
        Set("profile", DomainNames.Name(c.Profile));
        Set("neighbourhood", c.Neighbourhood);
        Set("date", c.Date?.ToString("yyyy-MM-dd'T'HH:mm:sszzz"));
        Set("title", c.Title);
        Set("text", c.Text);
        Set("language", c.Language);
        Set("media", DomainNames.Name(c.Media));
        Set("original_sha256", c.Original?.Sha256);
        Set("original_name", c.Original?.Name);
        Set("original_row", (long?)c.Original?.Row);
        Set("publishable", c.Publishable ? 1L : 0L);
        Set("metadata", c.Metadata);
        Set("imported_at", DateTimeOffset.UtcNow.ToString("O"));
        var id = _insert.ExecuteScalar();
        if (id is null or DBNull) return false;
        JobQueue.Enqueue(_connection, _tx, Stages.FirstFor(c.Media), Convert.ToInt64(id));
        return true;
    }

    void Set(string column, object? value) => _p[column].Value = value ?? DBNull.Value;

    public void Dispose() => _insert.Dispose();
}
