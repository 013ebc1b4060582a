using System.Data.Common;

namespace Synthesis.Store;

/// <param name="Since">Passages of contributions dated after the chosen date (null when no date was chosen).</param>
public sealed record LeadingTopic(long TopicId, string Label, long Count, long? Since);

/// <param name="Emerging">Themes where most of this question's passages came after the chosen date.</param>
/// <param name="Uncertain">Of <paramref name="Count"/>, the passages whose question type the machine gave without being
/// sure of it (<see cref="LabelConfidence.QuestionUncertainBelow"/>) and no reviewer confirmed.</param>
public sealed record QuestionView(
    string Question, long Count, long? Since, IReadOnlyList<LeadingTopic> LeadingTopics, IReadOnlyList<PassageView> Quotes,
    IReadOnlyList<LeadingTopic> Emerging, long Uncertain = 0);

/// <summary>
/// The three questions of the dialogue, each with its leading themes, quotes and counts, and what is new since an
/// earlier date: the shape of the final report's diagnosis.
/// </summary>
public static class QuestionOverview
{
    public static readonly IReadOnlyList<string> Asked = Synthesis.Nlp.Summaries.Voices.AskedQuestions;

    /// <param name="themes">Only the passages of these themes (and their sub-themes); null: every passage.</param>
    public static IReadOnlyList<QuestionView> Read(DbConnection c, DateTimeOffset? since, int topics = 5, int quotes = 5,
        IReadOnlyCollection<long>? themes = null)
    {
        var sinceText = since?.ToString("yyyy-MM-dd'T'HH:mm:sszzz");
        var rows = Dapper.SqlMapper.Query<(string Q, long? Theme, string? Label, long Count, long New, long Uncertain)>(c, $"""
            SELECT p.question AS q, th.id, th.label, count(*),
                   sum(CASE WHEN @since IS NOT NULL AND {c.Instant("co.date")} > {c.Instant("@since")} THEN 1 ELSE 0 END),
                   sum(CASE WHEN NOT p.question_reviewed AND p.question_confidence < @uncertain THEN 1 ELSE 0 END)
            FROM reviewed_passages p JOIN contributions co ON co.id = p.contribution_id
            LEFT JOIN topics t ON t.id = p.topic_id
            LEFT JOIN topics th ON th.id = coalesce(t.parent_id, t.id)
            WHERE p.analysed AND p.outlier = 0 {(themes is null ? "" : $"AND {c.In("th.id", "@themes")}")}
            GROUP BY 1, 2
            """, new { since = sinceText, uncertain = LabelConfidence.QuestionUncertainBelow, themes = themes?.ToArray() }).ToList();

        return Asked.Select(q =>
        {
            var mine = rows.Where(r => r.Q == q).ToList();
            var leading = mine.Where(r => r.Theme is not null).OrderByDescending(r => r.Count).ThenBy(r => r.Theme).Take(topics)
                .Select(r => new LeadingTopic(r.Theme!.Value, r.Label!, r.Count, since is null ? null : r.New)).ToList();
            var emerging = since is null ? [] : mine.Where(r => r.Theme is not null && r.New >= 3 && r.New * 2 > r.Count)
                .OrderByDescending(r => r.New).Take(topics).Select(r => new LeadingTopic(r.Theme!.Value, r.Label!, r.Count, r.New)).ToList();
            return new QuestionView(q, mine.Sum(r => r.Count), since is null ? null : mine.Sum(r => r.New), leading,
                Quotes(c, q, leading.Select(l => l.TopicId).ToList(), quotes, themes), emerging, mine.Sum(r => r.Uncertain));
        }).ToList();
    }

    /// <summary>
    /// Who speaks to each question: for each question type, how many contributions of each participant profile have
    /// at least one passage of that type (within <paramref name="themes"/> when given).
    /// </summary>
    public static Dictionary<string, Dictionary<string, long>> Speakers(DbConnection c, IReadOnlyCollection<long>? themes = null) =>
        Dapper.SqlMapper.Query<(string Question, string Profile, long Count)>(c, $"""
            SELECT p.question, co.profile, count(DISTINCT co.id)
            FROM reviewed_passages p JOIN contributions co ON co.id = p.contribution_id
            LEFT JOIN topics t ON t.id = p.topic_id
            WHERE p.analysed AND p.outlier = 0 AND p.question IS NOT NULL {(themes is null ? "" : $"AND {c.In("coalesce(t.parent_id, t.id)", "@themes")}")}
            GROUP BY 1, 2
            """, new { themes = themes?.ToArray() })
            .GroupBy(r => r.Question)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.Count).ThenBy(r => r.Profile, StringComparer.Ordinal).ToDictionary(r => r.Profile, r => r.Count));

    /// <summary>The passages that speak to the question most clearly, one per leading theme first, then the next best.</summary>
    static List<PassageView> Quotes(DbConnection c, string question, List<long> leading, int n, IReadOnlyCollection<long>? themes)
    {
        // theme IDs are numbers read from the store, written into the condition as such
        var scope = themes is null ? "" : $"""
            AND p2.topic_id IN (SELECT id FROM topics WHERE id IN ({Ids(themes)}) OR parent_id IN ({Ids(themes)}))
            """;
        var candidates = ContributionQueries.Passages(c, $"""
            p.id IN (SELECT p2.id FROM reviewed_passages p2
                     WHERE p2.question = @q AND p2.outlier = 0 AND length(p2.text) BETWEEN 40 AND 400 {scope}
                     ORDER BY p2.{question} DESC, p2.id LIMIT 200)
            """, ("@q", question));
        var themeOf = ThemeOf(c, candidates.Where(p => p.TopicId is not null).Select(p => p.TopicId!.Value).Distinct().ToList());
        // a passage worth quoting (no list of ticked choices), the surest of the question first
        var ranked = candidates.Where(p => Nlp.Summaries.Voices.Substantive(p.Text))
            .OrderByDescending(p => p.QuestionScores?.GetValueOrDefault(question) ?? 0).ThenBy(p => p.Id).ToList();
        var chosen = new List<PassageView>();
        foreach (var theme in leading)
            if (ranked.FirstOrDefault(p => p.TopicId is { } t && themeOf.GetValueOrDefault(t) == theme && !chosen.Contains(p)) is { } best && chosen.Count < n)
                chosen.Add(best);
        foreach (var p in ranked)
        {
            if (chosen.Count >= n) break;
            if (!chosen.Contains(p)) chosen.Add(p);
        }
        return chosen;
    }

    /// <summary>Analysed passages whose tone the machine gave without being sure of it and no reviewer confirmed.</summary>
    public static long UncertainTones(DbConnection c) => Dapper.SqlMapper.ExecuteScalar<long>(c, """
        SELECT count(*) FROM reviewed_passages p
        WHERE p.analysed AND p.outlier = 0 AND NOT p.tone_reviewed AND p.tone_confidence < @uncertain
        """, new { uncertain = LabelConfidence.ToneUncertainBelow });

    /// <summary>Analysed passages whose question type the machine gave without being sure of it and no reviewer confirmed.</summary>
    public static long UncertainQuestions(DbConnection c) => Dapper.SqlMapper.ExecuteScalar<long>(c, """
        SELECT count(*) FROM reviewed_passages p
        WHERE p.analysed AND p.outlier = 0 AND NOT p.question_reviewed AND p.question_confidence < @uncertain
        """, new { uncertain = LabelConfidence.QuestionUncertainBelow });

    static string Ids(IReadOnlyCollection<long> ids) =>
        ids.Count == 0 ? "NULL" : string.Join(",", ids.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    static Dictionary<long, long> ThemeOf(DbConnection c, List<long> topics) =>
        topics.Count == 0 ? []
            : Dapper.SqlMapper.Query<(long Id, long Theme)>(c, $"SELECT id, coalesce(parent_id, id) FROM topics WHERE {c.In("id", "@topics")}", new { topics })
                .ToDictionary(r => r.Id, r => r.Theme);
}
