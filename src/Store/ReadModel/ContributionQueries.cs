using System.Globalization;
using System.Text;
using System.Data.Common;

namespace Synthesis.Store;

/// <summary>Restricts a contribution list; every field is optional and they combine with AND.</summary>
public sealed record ContributionFilter(
    Channel? Channel = null, ParticipantProfile? Profile = null, string? Neighbourhood = null, MediaKind? Media = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null, bool? Publishable = null);

public sealed record ContributionSummary(
    long Id, string ExternalRef, Channel Channel, ParticipantProfile Profile, AuthorKind AuthorKind, string? Neighbourhood,
    DateTimeOffset? Date, string? Title, string Excerpt, MediaKind Media, bool Publishable, int Passages);

/// <summary>A passage as staff read it: the text in force (a staff correction, else the machine's) and the analysis.</summary>
/// <param name="ToneConfidence">The probability the tone model gives the tone shown; null where a reviewer set it or the
/// lexicon decided (no probability).</param>
/// <param name="QuestionConfidence">The same for the question type.</param>
public sealed record PassageView(
    long Id, long ContributionId, int Order, string Text, string? OriginalText, PassageSource Source, int? CharStart, int? CharEnd,
    long? StartMs, long? EndMs, double? Confidence, bool NeedsReview, string? Language, Sentiment? Sentiment, double? SentimentScore,
    QuestionType? Question, IReadOnlyDictionary<string, double>? QuestionScores, long? TopicId, string? TopicLabel, bool Outlier, MediaKind Media,
    double? ToneConfidence = null, double? QuestionConfidence = null)
{
    /// <summary>Whether the machine is unsure of the tone it gives (<see cref="LabelConfidence"/>).</summary>
    public bool ToneUncertain => ToneConfidence < LabelConfidence.ToneUncertainBelow;

    /// <summary>Whether the machine is unsure of the question type it gives.</summary>
    public bool QuestionUncertain => QuestionConfidence < LabelConfidence.QuestionUncertainBelow;
}

public sealed record ContributionDetail(
    ContributionSummary Contribution, string Text, string? OriginalName, string? MediaType, string? MediaUrl,
    string? Transcript, IReadOnlyList<PassageView> Passages);

/// <summary>Contributions and their passages, read straight from the store.</summary>
public static class ContributionQueries
{
    /// <summary>How much of a contribution's text a list shows.</summary>
    public const int ExcerptChars = 240;

    /// <summary>What <see cref="ReadSummary"/> reads, in its order (columns 0 to 11).</summary>
    static readonly string SummaryColumns = $"""
        co.id, co.external_ref, co.channel, co.profile, co.author_kind, co.neighbourhood, co.date, co.title,
        substr(co.text, 1, {ExcerptChars}), co.media, co.publishable, (SELECT count(*) FROM passages p WHERE p.contribution_id = co.id)
        """;

    public static Page<ContributionSummary> List(DbConnection c, ContributionFilter filter, int? page, int? size)
    {
        var (p, s, offset) = Page<ContributionSummary>.Normalise(page, size);
        var (where, args) = Where(c, filter);
        var total = c.ScalarLong($"SELECT count(*) FROM contributions co {where}", null, args);
        var items = new List<ContributionSummary>();
        using (var command = c.Command($"""
            SELECT {SummaryColumns}
            FROM contributions co {where} ORDER BY co.id LIMIT @limit OFFSET @offset
            """, null, [.. args, ("@limit", s), ("@offset", offset)]))
        using (var r = command.ExecuteReader())
            while (r.Read()) items.Add(ReadSummary(r));
        return new Page<ContributionSummary>(items, p, s, total);
    }

    public static ContributionDetail? Detail(DbConnection c, long id)
    {
        ContributionSummary summary;
        string text;
        string? originalName, mediaType, sha;
        using (var command = c.Command($"""
            SELECT {SummaryColumns}, co.text, co.original_name, b.media_type, co.original_sha256
            FROM contributions co LEFT JOIN blobs b ON b.sha256 = co.original_sha256 WHERE co.id = @id
            """, null, ("@id", id)))
        using (var r = command.ExecuteReader())
        {
            if (!r.Read()) return null;
            summary = ReadSummary(r);
            text = r.GetString(12);
            originalName = r.GetStringOrNull(13);
            mediaType = r.GetStringOrNull(14);
            sha = r.GetStringOrNull(15);
        }
        var transcript = c.Scalar("SELECT text FROM transcripts WHERE contribution_id = @id ORDER BY source LIMIT 1", null, ("@id", id)) as string;
        var playable = summary.Media is MediaKind.Audio or MediaKind.Video or MediaKind.Image && sha is not null;
        return new ContributionDetail(summary, text, originalName, mediaType, playable ? $"/api/contributions/{id}/original" : null,
            transcript, Passages(c, "p.contribution_id = @id", ("@id", id)));
    }

    /// <summary>The passages of a topic and its sub-themes, as reviewers left them.</summary>
    public static List<PassageView> PassagesOfTopic(DbConnection c, long topic) =>
        Passages(c, "p.topic_id IN (SELECT id FROM topics WHERE id = @topic OR parent_id = @topic)", ("@topic", topic));

    /// <summary>Passages matching a condition on <c>p</c> (<c>reviewed_passages</c>: as reviewers left them) or <c>co</c> (their contribution).</summary>
    public static List<PassageView> Passages(DbConnection c, string condition, params (string, object?)[] args)
    {
        var list = new List<PassageView>();
        using var command = c.Command($"""
            SELECT p.id, p.contribution_id, p.ord, p.text, CASE WHEN p.text_corrected THEN p.machine_text END,
                   p.source, p.char_start, p.char_end, p.start_ms, p.end_ms, p.confidence, p.needs_review,
                   p.language, p.sentiment, p.sentiment_score, p.question,
                   p.problem, p.engagement, p.solution, p.other, p.topic_id, t.label, p.outlier, co.media,
                   CASE WHEN NOT p.tone_reviewed THEN p.tone_confidence END, CASE WHEN NOT p.question_reviewed THEN p.question_confidence END
            FROM reviewed_passages p JOIN contributions co ON co.id = p.contribution_id
            LEFT JOIN topics t ON t.id = p.topic_id
            WHERE {condition} ORDER BY p.contribution_id, p.source, p.ord
            """, null, args);
        using var r = command.ExecuteReader();
        while (r.Read()) list.Add(ReadPassage(r));
        return list;
    }

    static PassageView ReadPassage(DbDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetInt(2), r.GetString(3), r.GetStringOrNull(4),
        DomainNames.Parse<PassageSource>(r.GetString(5)), r.IsDBNull(6) ? null : r.GetInt(6), r.IsDBNull(7) ? null : r.GetInt(7),
        r.GetInt64OrNull(8), r.GetInt64OrNull(9), r.IsDBNull(10) ? null : r.GetDouble(10), r.GetInt64(11) == 1,
        r.GetStringOrNull(12), r.IsDBNull(13) ? null : DomainNames.Parse<Sentiment>(r.GetString(13)), r.IsDBNull(14) ? null : r.GetDouble(14),
        r.IsDBNull(15) ? null : DomainNames.Parse<QuestionType>(r.GetString(15)),
        r.IsDBNull(16) ? null : new Dictionary<string, double>
        {
            ["problem"] = Math.Round(r.GetDouble(16), 4), ["engagement"] = Math.Round(r.GetDouble(17), 4),
            ["solution"] = Math.Round(r.GetDouble(18), 4), ["other"] = Math.Round(r.GetDouble(19), 4),
        },
        r.GetInt64OrNull(20), r.GetStringOrNull(21), r.GetInt64(22) == 1, DomainNames.Parse<MediaKind>(r.GetString(23)),
        r.IsDBNull(24) ? null : Math.Round(r.GetDouble(24), 3), r.IsDBNull(25) ? null : Math.Round(r.GetDouble(25), 3));

    static ContributionSummary ReadSummary(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), DomainNames.Parse<Channel>(r.GetString(2)), DomainNames.Parse<ParticipantProfile>(r.GetString(3)),
        DomainNames.Parse<AuthorKind>(r.GetString(4)), r.GetStringOrNull(5), ParseDate(r.GetStringOrNull(6)), r.GetStringOrNull(7),
        r.GetString(8), DomainNames.Parse<MediaKind>(r.GetString(9)), r.GetInt64(10) == 1, r.GetInt(11));

    public static DateTimeOffset? ParseDate(string? text) =>
        text is null ? null : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    static (string Where, (string, object?)[] Args) Where(DbConnection c, ContributionFilter f)
    {
        var sql = new StringBuilder();
        var args = new List<(string, object?)>();
        void And(string condition, string name, object? value)
        {
            sql.Append(sql.Length == 0 ? "WHERE " : " AND ").Append(condition);
            args.Add((name, value));
        }
        if (f.Channel is { } ch) And("co.channel = @channel", "@channel", DomainNames.Name(ch));
        if (f.Profile is { } pr) And("co.profile = @profile", "@profile", DomainNames.Name(pr));
        if (!string.IsNullOrWhiteSpace(f.Neighbourhood)) And("co.neighbourhood = @nb", "@nb", f.Neighbourhood.Trim());
        if (f.Media is { } m) And("co.media = @media", "@media", DomainNames.Name(m));
        if (f.From is { } from) And($"{c.Instant("co.date")} >= {c.Instant("@from")}", "@from", from.ToString("yyyy-MM-dd'T'HH:mm:sszzz"));
        if (f.To is { } to) And($"{c.Instant("co.date")} <= {c.Instant("@to")}", "@to", to.ToString("yyyy-MM-dd'T'HH:mm:sszzz"));
        if (f.Publishable is { } pub) And("co.publishable = @pub", "@pub", pub ? 1 : 0);
        return (sql.ToString(), args.ToArray());
    }
}
