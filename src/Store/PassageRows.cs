using Dapper;
using System.Data.Common;
using Synthesis.Nlp;

namespace Synthesis.Store;

/// <summary>A passage a stage cut out of a contribution: its words and where they are (characters, media times).</summary>
public sealed record NewPassage(string Text, int CharStart, int CharEnd, long? StartMs = null, long? EndMs = null,
    double? Confidence = null, bool NeedsReview = false);

/// <summary>
/// Passages and what recognisers and the analysis say of them. The stages write the machine's output here; the
/// reviewers' corrections stay in <c>passage_overrides</c> (see <c>reviewed_passages</c>), which nothing here writes.
/// </summary>
public static class PassageRows
{
    /// <summary>Replaces a contribution's passages of one source ("text", "transcript", "ocr"), in order.</summary>
    public static void Replace(StoreWriter w, long contributionId, string source, IReadOnlyList<NewPassage> passages)
    {
        w.Execute("DELETE FROM passages WHERE contribution_id = @id AND source = @source", ("@id", contributionId), ("@source", source));
        for (var i = 0; i < passages.Count; i++)
        {
            var p = passages[i];
            w.Execute("""
                INSERT INTO passages(contribution_id, ord, text, source, char_start, char_end, start_ms, end_ms, confidence, needs_review)
                VALUES (@c, @o, @t, @source, @cs, @ce, @s, @e, @p, @r)
                """, ("@c", contributionId), ("@o", i), ("@t", p.Text), ("@source", source), ("@cs", p.CharStart), ("@ce", p.CharEnd),
                ("@s", p.StartMs), ("@e", p.EndMs), ("@p", p.Confidence), ("@r", p.NeedsReview ? 1 : 0));
        }
    }

    /// <summary>The contribution of each of these passages that still exists.</summary>
    public static Dictionary<long, long> ContributionOf(DbConnection c, IEnumerable<long> passages) =>
        c.Query<(long Id, long Contribution)>($"SELECT id, contribution_id FROM passages WHERE {c.In("id", "@ids")}", new { ids = passages.Distinct().ToArray() })
            .ToDictionary(p => p.Id, p => p.Contribution);

    /// <summary>
    /// An analysed passage in a theme that no reviewer has touched, with what the machine is unsure of: its cosine to its
    /// topic's centre, the recogniser's confidence, whether the recogniser flagged it, and its four question scores.
    /// </summary>
    public sealed record Unreviewed(long Id, double? Fit, double? Transcript, bool NeedsReview, double Problem, double Engagement, double Solution, double Other,
        string? Sentiment = null, double? ToneConfidence = null);

    sealed record UnreviewedRow(long id, double? fit, double? transcript, long needs_review, double problem, double engagement, double solution, double other,
        string sentiment, double? tone_confidence);

    public static List<Unreviewed> UnreviewedInThemes(DbConnection c) =>
        c.Query<UnreviewedRow>("""
            SELECT p.id, ta.confidence AS fit, p.confidence AS transcript, p.needs_review, a.problem, a.engagement, a.solution, a.other,
                   a.sentiment, a.tone_confidence
            FROM topic_assignments ta JOIN passages p ON p.id = ta.passage_id JOIN passage_analysis a ON a.passage_id = p.id
            LEFT JOIN passage_overrides o ON o.passage_id = p.id
            WHERE ta.topic_id IS NOT NULL AND o.passage_id IS NULL
            """).Select(r => new Unreviewed(r.id, r.fit, r.transcript, r.needs_review == 1, r.problem, r.engagement, r.solution, r.other,
                r.sentiment, r.tone_confidence)).ToList();

    /// <summary>Of <paramref name="passages"/>, those a reviewer has corrected (tone, question, theme or exclusion).</summary>
    public static HashSet<long> Corrected(DbConnection c, IReadOnlyCollection<long> passages) =>
        passages.Count == 0 ? [] : c.Query<long>($"SELECT passage_id FROM passage_overrides WHERE {c.In("passage_id", "@passages")}", new { passages = passages.ToArray() }).ToHashSet();

    /// <summary>How many analyses the store holds and the latest passage analysed: changes when passages are analysed.</summary>
    public static string AnalysisVersion(DbConnection c) =>
        c.QuerySingle<(long Count, long Last)>("SELECT count(*), coalesce(max(passage_id), 0) FROM passage_analysis").ToString();

    /// <summary>How many passages have been analysed (and are not set aside).</summary>
    public static long AnalysedCount(DbConnection c) => c.ScalarLong("SELECT count(*) FROM reviewed_passages WHERE analysed AND outlier = 0");

    /// <summary>How many passages the store holds.</summary>
    public static long Count(DbConnection c) => c.ScalarLong("SELECT count(*) FROM passages");

    /// <summary>A recogniser's whole text for a contribution (kept as produced), one per source.</summary>
    public static void SaveTranscript(StoreWriter w, long contributionId, string source, string engine, string? language, string text, double? confidence) =>
        w.Execute("""
            INSERT INTO transcripts(contribution_id, source, engine, language, text, confidence, created_at)
            VALUES (@c, @s, @g, @l, @t, @p, @at)
            ON CONFLICT(contribution_id, source) DO UPDATE SET engine = excluded.engine, language = excluded.language,
                text = excluded.text, confidence = excluded.confidence, created_at = excluded.created_at
            """, ("@c", contributionId), ("@s", source), ("@g", engine), ("@l", language), ("@t", text), ("@p", confidence),
            ("@at", DateTimeOffset.UtcNow.ToString("O")));

    /// <summary>The passages of these contributions as reviewers left them (corrected words), in ID order.</summary>
    public static List<(long Id, long Contribution, string Text)> OfContributions(DbConnection c, IEnumerable<long> contributions) =>
        c.Query<(long, long, string)>($"SELECT id, contribution_id, text FROM reviewed_passages WHERE {c.In("contribution_id", "@ids")} ORDER BY id",
            new { ids = contributions.Distinct().ToArray() }).ToList();

    const string AnalysisColumns = """
        passage_id, language, language_confidence, sentiment, sentiment_score, emotions,
        problem, engagement, solution, other, question, tone_confidence, question_confidence
        """;

    const string AnalysisReplaced = """
        ON CONFLICT(passage_id) DO UPDATE SET language = excluded.language, language_confidence = excluded.language_confidence,
            sentiment = excluded.sentiment, sentiment_score = excluded.sentiment_score, emotions = excluded.emotions,
            problem = excluded.problem, engagement = excluded.engagement, solution = excluded.solution, other = excluded.other,
            question = excluded.question, tone_confidence = excluded.tone_confidence, question_confidence = excluded.question_confidence
        """;

    static readonly BulkStatement Analysis = new(
        $"INSERT INTO passage_analysis({AnalysisColumns}) VALUES (@id, @lang, @langc, @sent, @score, @emo, @p, @e, @s, @o, @q, @tc, @qc) {AnalysisReplaced}",
        $"INSERT INTO passage_analysis({AnalysisColumns}) SELECT * FROM unnest(@id, @lang, @langc, @sent, @score, @emo, @p, @e, @s, @o, @q, @tc, @qc) {AnalysisReplaced}",
        [("@id", typeof(long?)), ("@lang", typeof(string)), ("@langc", typeof(double?)), ("@sent", typeof(string)), ("@score", typeof(double?)),
         ("@emo", typeof(string)), ("@p", typeof(double?)), ("@e", typeof(double?)), ("@s", typeof(double?)), ("@o", typeof(double?)),
         ("@q", typeof(string)), ("@tc", typeof(double?)), ("@qc", typeof(double?))]);

    /// <summary>The machine's analysis of one passage (replaced whole; reviewers' corrections are elsewhere).</summary>
    public static void SaveAnalysis(StoreWriter w, long passageId, PassageAnalysisResult r) =>
        w.Execute(Analysis, passageId, r.Language, r.LanguageConfidence, DomainNames.Name(r.Sentiment.Label), r.Sentiment.Score,
            Emotions(r.Sentiment.Emotions), r.Problem, r.Engagement, r.Solution, r.Other, DomainNames.Name(r.Question),
            r.ToneConfidence, r.QuestionConfidence);

    static string? Emotions(IReadOnlyDictionary<string, double> emotions) =>
        emotions.Count == 0 || emotions.Values.All(v => v == 0)
            ? null
            : System.Text.Json.JsonSerializer.Serialize(emotions.Where(kv => kv.Value > 0).ToDictionary(kv => kv.Key, kv => Math.Round(kv.Value, 3)));

    /// <summary>The passages whose sentiment a reviewer corrected, with their words as corrected, in ID order.</summary>
    public static List<(long Id, string Text, string Sentiment)> ReviewerSentiments(DbConnection c) =>
        c.Query<(long, string, string)>("""
            SELECT p.id, p.text, o.sentiment FROM passage_overrides o JOIN reviewed_passages p ON p.id = o.passage_id
            WHERE o.sentiment IS NOT NULL ORDER BY p.id
            """).ToList();

    /// <summary>The passages whose question type a reviewer corrected, with their words as corrected, in ID order.</summary>
    public static List<(long Id, string Text, string Question)> ReviewerQuestions(DbConnection c) =>
        c.Query<(long, string, string)>("""
            SELECT p.id, p.text, o.question FROM passage_overrides o JOIN reviewed_passages p ON p.id = o.passage_id
            WHERE o.question IS NOT NULL ORDER BY p.id
            """).ToList();
}
