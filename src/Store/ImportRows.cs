using Dapper;
using System.Data.Common;

namespace Synthesis.Store;

/// <summary>The import log: each import of a file or folder, its counts, and every row or file it refused and why.</summary>
public static class ImportRows
{
    /// <summary>Starts an import of <paramref name="path"/>; its ID names its errors.</summary>
    public static long Start(DbConnection c, string path) =>
        c.ExecuteScalar<long>("INSERT INTO imports(path, started_at) VALUES (@path, @at) RETURNING id", new { path, at = DateTimeOffset.UtcNow.ToString("O") });

    public static void Finish(DbConnection c, long import, int imported, int duplicates, int rejected) =>
        c.Execute("UPDATE imports SET imported = @imported, duplicates = @duplicates, rejected = @rejected WHERE id = @import",
            new { imported, duplicates, rejected, import });

    /// <summary>What an import refused: the file (source), the row when there is one, and the reason.</summary>
    public static void SaveErrors(DbConnection c, long import, IEnumerable<(string Source, int? Row, string Reason)> errors)
    {
        using var tx = c.BeginTransaction();
        c.Execute("INSERT INTO import_errors(import_id, source, row, reason) VALUES (@import, @Source, @Row, @Reason)",
            errors.Select(e => new { import, e.Source, e.Row, e.Reason }), tx);
        tx.Commit();
    }

    /// <summary>An original file's row in the content-addressed store (once per content).</summary>
    public static void RecordBlob(DbConnection c, DbTransaction tx, OriginalFile original, string mediaType) =>
        c.Execute("""
            INSERT INTO blobs(sha256, size, name, media_type, stored_at) VALUES (@Sha256, @Size, @Name, @mediaType, @at) ON CONFLICT(sha256) DO NOTHING
            """, new { original.Sha256, original.Size, original.Name, mediaType, at = DateTimeOffset.UtcNow.ToString("O") }, tx);
}
