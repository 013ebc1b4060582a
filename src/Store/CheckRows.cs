using Dapper;
using System.Data.Common;

namespace Synthesis.Store;

/// <summary>A check: a sample of passages that review staff label blind to the machine.</summary>
public sealed record CheckSummary(long Id, DateTimeOffset CreatedAt, string CreatedBy, int Size, int Labelled);

/// <summary>One passage of a check: the machine's labels when it was drawn, and the staff's (null until given).</summary>
public sealed record CheckItem(
    long CheckId, int Order, long PassageId, long ContributionId, string Text, string Stratum,
    string MachineTone, string MachineQuestion, double? ToneConfidence, double? QuestionConfidence,
    string? Tone, string? Question, string? LabelledBy, DateTimeOffset? LabelledAt)
{
    public bool Labelled => Tone is not null && Question is not null;
}

/// <summary>A passage that may be drawn: its channel and theme (the strata) and the machine's labels.</summary>
public sealed record CheckCandidate(long PassageId, long ContributionId, string Text, string Channel, long? Theme,
    string Tone, string Question, double? ToneConfidence, double? QuestionConfidence);

/// <summary>The checks table and its items (migration 13).</summary>
public static class CheckRows
{
    /// <summary>Analysed passages, not set aside, with what the machine said of them (reviewers' labels aside).</summary>
    public static List<CheckCandidate> Candidates(DbConnection c) =>
        c.Query<CheckCandidate>("""
            SELECT p.id AS PassageId, p.contribution_id AS ContributionId, p.text AS Text, co.channel AS Channel,
                   coalesce(t.parent_id, t.id) AS Theme, p.machine_sentiment AS Tone, p.machine_question AS Question,
                   p.tone_confidence AS ToneConfidence, p.question_confidence AS QuestionConfidence
            FROM reviewed_passages p JOIN contributions co ON co.id = p.contribution_id
            LEFT JOIN topics t ON t.id = p.topic_id
            WHERE p.analysed AND p.outlier = 0
            ORDER BY p.id
            """).ToList();

    /// <summary>Saves a drawn sample; returns the check's id.</summary>
    public static long Create(DbConnection c, string createdBy, int seed, IReadOnlyList<(CheckCandidate Passage, string Stratum)> items)
    {
        using var tx = c.BeginTransaction();
        var id = c.ExecuteScalar<long>("""
            INSERT INTO checks(created_at, created_by, size, seed) VALUES (@at, @by, @size, @seed) RETURNING id
            """, new { at = DateTimeOffset.UtcNow.ToString("O"), by = createdBy, size = items.Count, seed }, tx);
        c.Execute("""
            INSERT INTO check_items(check_id, ord, passage_id, contribution_id, text, stratum, machine_tone, machine_question, tone_confidence, question_confidence)
            VALUES (@id, @ord, @PassageId, @ContributionId, @Text, @Stratum, @Tone, @Question, @ToneConfidence, @QuestionConfidence)
            """, items.Select((x, i) => new
            {
                id, ord = i + 1, x.Passage.PassageId, x.Passage.ContributionId, x.Passage.Text, x.Stratum, x.Passage.Tone, x.Passage.Question,
                x.Passage.ToneConfidence, x.Passage.QuestionConfidence,
            }), tx);
        tx.Commit();
        return id;
    }

    /// <summary>Every check, the latest first.</summary>
    public static List<CheckSummary> All(DbConnection c) => Summaries(c, null);

    public static CheckSummary? Find(DbConnection c, long id) => Summaries(c, id).FirstOrDefault();

    static List<CheckSummary> Summaries(DbConnection c, long? id) =>
        c.Query<(long Id, string At, string By, long Size, long Labelled)>("""
            SELECT k.id, k.created_at, k.created_by, k.size,
                   (SELECT count(*) FROM check_items i WHERE i.check_id = k.id AND i.tone IS NOT NULL AND i.question IS NOT NULL)
            FROM checks k WHERE @id IS NULL OR k.id = @id ORDER BY k.id DESC
            """, new { id }).Select(r => new CheckSummary(r.Id, DateTimeOffset.Parse(r.At, System.Globalization.CultureInfo.InvariantCulture), r.By, (int)r.Size, (int)r.Labelled)).ToList();

    /// <summary>A check's items in the order drawn.</summary>
    public static List<CheckItem> Items(DbConnection c, long check) =>
        c.Query<(long, long, long, long, string, string, string, string, double?, double?, string?, string?, string?, string?)>("""
            SELECT check_id, ord, passage_id, contribution_id, text, stratum, machine_tone, machine_question, tone_confidence, question_confidence,
                   tone, question, labelled_by, labelled_at
            FROM check_items WHERE check_id = @check ORDER BY ord
            """, new { check }).Select(r => new CheckItem(r.Item1, (int)r.Item2, r.Item3, r.Item4, r.Item5, r.Item6, r.Item7, r.Item8, r.Item9, r.Item10,
                r.Item11, r.Item12, r.Item13, r.Item14 is null ? null : DateTimeOffset.Parse(r.Item14, System.Globalization.CultureInfo.InvariantCulture))).ToList();

    /// <summary>Records a staff member's labels for one item; false when the check has no such passage.</summary>
    public static bool Label(DbConnection c, long check, long passage, string tone, string question, string by) =>
        c.Execute("""
            UPDATE check_items SET tone = @tone, question = @question, labelled_by = @by, labelled_at = @at
            WHERE check_id = @check AND passage_id = @passage
            """, new { tone, question, by, at = DateTimeOffset.UtcNow.ToString("O"), check, passage }) == 1;
}
