using Dapper;
using Microsoft.Data.Sqlite;

namespace Synthesis.Store;

/// <summary>Contributions as the pipeline reads them (their insert is <see cref="ContributionInsert"/>).</summary>
public static class Contributions
{
    /// <summary>The text and media kind of each of these contributions that still exists.</summary>
    public static Dictionary<long, (string Text, MediaKind Media)> Texts(SqliteConnection c, IEnumerable<long> ids) =>
        c.Query<(long Id, string Text, string Media)>("SELECT id, text, media FROM contributions WHERE id IN @ids", new { ids = ids.Distinct().ToArray() })
            .ToDictionary(r => r.Id, r => (r.Text, DomainNames.Parse<MediaKind>(r.Media)));

    /// <summary>The SHA-256 of the contribution's original file (null for typed text or a contribution gone).</summary>
    public static string? OriginalSha(SqliteConnection c, long id) =>
        c.QuerySingleOrDefault<string?>("SELECT original_sha256 FROM contributions WHERE id = @id", new { id });

    /// <summary>How many contributions the store holds.</summary>
    public static long Count(SqliteConnection c) => c.ScalarLong("SELECT count(*) FROM contributions");
}
