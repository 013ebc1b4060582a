using Dapper;
using System.Data.Common;

namespace Synthesis.Store;

/// <summary>Contributions as the pipeline reads them (their insert is <see cref="ContributionInsert"/>).</summary>
public static class ContributionRows
{
    /// <summary>The text and media kind of each of these contributions that still exists.</summary>
    public static Dictionary<long, (string Text, MediaKind Media)> Texts(DbConnection c, IEnumerable<long> ids) =>
        c.Query<(long Id, string Text, string Media)>($"SELECT id, text, media FROM contributions WHERE {c.In("id", "@ids")}", new { ids = ids.Distinct().ToArray() })
            .ToDictionary(r => r.Id, r => (r.Text, DomainNames.Parse<MediaKind>(r.Media)));

    /// <summary>The SHA-256 of the contribution's original file (null for typed text or a contribution gone).</summary>
    public static string? OriginalSha(DbConnection c, long id) =>
        c.QuerySingleOrDefault<string?>("SELECT original_sha256 FROM contributions WHERE id = @id", new { id });

    /// <summary>
    /// A contribution of an evaluation corpus (consultation "eval"), outside the pipeline: no job is queued, the caller
    /// writes its passages. Returns its ID.
    /// </summary>
    public static long AddForEvaluation(StoreWriter w, string externalRef, string text) =>
        Convert.ToInt64(w.Scalar("""
            INSERT INTO contributions(consultation, external_ref, content_hash, channel, author_kind, profile, text, media, imported_at)
            VALUES ('eval', @ref, @ref, 'platform', 'unknown', 'unknown', @text, 'text', @now) RETURNING id
            """, ("@ref", externalRef), ("@text", text), ("@now", DateTimeOffset.UtcNow.ToString("O"))));

    /// <summary>Every contribution's title and text as one string, for training the built-in model on a consultation.</summary>
    public static List<string> TrainingTexts(DbConnection c) =>
        c.Query<string>("SELECT coalesce(title || '. ', '') || text FROM contributions WHERE length(text) > 0 ORDER BY id").ToList();

    /// <summary>How many contributions the store holds.</summary>
    public static long Count(DbConnection c) => c.ScalarLong("SELECT count(*) FROM contributions");

    /// <summary>
    /// Contributions per channel or profile that have at least one analysed passage (a recording waiting for its
    /// transcription has none yet: a search cannot find it).
    /// </summary>
    public static Dictionary<string, long> AnalysedBy(DbConnection c, string facet) =>
        c.Query<(string Value, long Count)>($"""
            SELECT {FacetColumn(facet)}, count(*) FROM contributions
            WHERE id IN (SELECT p.contribution_id FROM reviewed_passages p WHERE p.analysed) GROUP BY 1
            """).ToDictionary(r => r.Value, r => r.Count);

    static string FacetColumn(string facet) => facet switch
    {
        "channel" => "channel",
        "profile" => "profile",
        _ => throw new ArgumentOutOfRangeException(nameof(facet), facet, "channel or profile"),
    };

    /// <summary>
    /// How many contributions per value of one facet ("channel" or "profile"), largest first; with
    /// <paramref name="themes"/> or <paramref name="question"/>, only the contributions with a passage of those themes
    /// (and sub-themes) answering that question.
    /// </summary>
    public static Dictionary<string, long> CountsBy(DbConnection c, string facet, IReadOnlyCollection<long>? themes = null, string? question = null)
    {
        var column = FacetColumn(facet);
        var scope = themes is null && question is null ? "" : $"""
            WHERE id IN (SELECT p.contribution_id FROM reviewed_passages p LEFT JOIN topics t ON t.id = p.topic_id
                         WHERE p.outlier = 0 {(themes is null ? "" : $"AND {c.In("coalesce(t.parent_id, t.id)", "@themes")}")}
                           {(question is null ? "" : "AND p.question = @question")})
            """;
        return c.Query<(string Value, long Count)>($"SELECT {column}, count(*) FROM contributions {scope} GROUP BY 1 ORDER BY 2 DESC", new { themes = themes?.ToArray(), question })
            .ToDictionary(r => r.Value, r => r.Count);
    }

    /// <summary>Every neighbourhood value contributions carry, with how many carry it, the most frequent first.</summary>
    public static List<(string Value, long Count)> Neighbourhoods(DbConnection c) =>
        c.Query<(string, long)>("SELECT neighbourhood, count(*) FROM contributions WHERE neighbourhood IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1").ToList();

    /// <summary>A contribution's facets as a report lists them (the date as yyyy-mm-dd).</summary>
    public sealed record Facets(string Profile, string? Neighbourhood, string Channel, string? Date);

    public static Dictionary<long, Facets> FacetsOf(DbConnection c, IEnumerable<long> ids) =>
        c.Query<(long Id, string Profile, string? Neighbourhood, string Channel, string? Date)>(
                $"SELECT id, profile, neighbourhood, channel, substr(date, 1, 10) FROM contributions WHERE {c.In("id", "@ids")}", new { ids = ids.Distinct().ToArray() })
            .ToDictionary(r => r.Id, r => new Facets(r.Profile, r.Neighbourhood, r.Channel, r.Date));

    /// <summary>The original recording, video or photo of a media contribution: its blob, stored media type and file name.</summary>
    public static (string Sha256, string MediaType, string Name)? Original(DbConnection c, long id) =>
        c.QuerySingleOrDefault<OriginalRow>("""
            SELECT co.original_sha256 AS sha256, b.media_type AS mediatype, co.original_name AS name FROM contributions co
            JOIN blobs b ON b.sha256 = co.original_sha256 WHERE co.id = @id AND co.media <> 'text'
            """, new { id }) is { } o ? (o.sha256, o.mediatype, o.name) : null;

    sealed record OriginalRow(string sha256, string mediatype, string name);

    /// <summary>A contribution the public view may show, before redaction: a media one by its (corrected) transcript.</summary>
    public sealed record Publishable(long Id, string Channel, string? Neighbourhood, string? Date, string? Title, string? Text);

    public static long PublishableCount(DbConnection c) => c.ScalarLong("SELECT count(*) FROM contributions WHERE publishable = 1");

    public static List<Publishable> PublishablePage(DbConnection c, int limit, long offset) =>
        c.Query<(long Id, string Channel, string? Neighbourhood, string? Date, string? Title, string? Text)>("""
            SELECT co.id, co.channel, co.neighbourhood, co.date, co.title,
                   CASE WHEN co.media = 'text' THEN co.text
                        ELSE (SELECT string_agg(p.text, ' ' ORDER BY p.ord) FROM reviewed_passages p
                              WHERE p.contribution_id = co.id) END
            FROM contributions co WHERE co.publishable = 1 ORDER BY co.id LIMIT @limit OFFSET @offset
            """, new { limit, offset }).Select(r => new Publishable(r.Id, r.Channel, r.Neighbourhood, r.Date, r.Title, r.Text)).ToList();
}
