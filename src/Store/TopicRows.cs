using System.Text.Json;
using Dapper;
using System.Data.Common;
using Synthesis.Nlp.Summaries;
using Synthesis.Nlp.Topics;

namespace Synthesis.Store;

/// <summary>What the corpus stage reads (the passages as reviewers left them) and writes (topics, summaries, assignments).</summary>
public static class TopicRows
{
    /// <summary>
    /// Every French passage (or not yet analysed) with its words as reviewers left them, in contribution order, not
    /// passage-ID order: passage IDs follow which worker committed first, and the samples of the LSA fit and of k-means
    /// are taken by position, so the same import must give the same order.
    /// </summary>
    public static List<(long Id, long Contribution, string Text)> FrenchPassages(DbConnection c) =>
        c.Query<(long, long, string)>("""
            SELECT id, contribution_id, text FROM reviewed_passages
            WHERE coalesce(language, 'fr') = 'fr' ORDER BY contribution_id, source, ord, id
            """).ToList();

    /// <summary>
    /// For each contribution (by its external reference), how many characters of its passages each theme holds (a
    /// sub-theme's count as its theme's): the evaluation gives a contribution the theme holding most of it.
    /// </summary>
    public static Dictionary<string, Dictionary<long, long>> ThemeCharacters(DbConnection c) =>
        c.Query<(string Ref, long Theme, long Characters)>("""
            WITH RECURSIVE root(id, theme) AS (
                SELECT id, id FROM topics WHERE parent_id IS NULL AND retired = 0
                UNION ALL SELECT t.id, r.theme FROM topics t JOIN root r ON t.parent_id = r.id WHERE t.retired = 0)
            SELECT c.external_ref, r.theme, sum(length(p.text)) FROM passages p
            JOIN contributions c ON c.id = p.contribution_id
            JOIN topic_assignments ta ON ta.passage_id = p.id JOIN root r ON r.id = ta.topic_id
            GROUP BY c.external_ref, r.theme
            """).GroupBy(r => r.Ref).ToDictionary(g => g.Key, g => g.ToDictionary(r => r.Theme, r => r.Characters));

    /// <summary>The tone of every analysed passage as reviewers left it (their correction, else the machine's).</summary>
    public static Dictionary<long, string> Sentiments(DbConnection c) =>
        c.Query<(long Id, string Sentiment)>("SELECT id, sentiment FROM reviewed_passages WHERE analysed AND sentiment IS NOT NULL").ToDictionary(r => r.Id, r => r.Sentiment);

    /// <summary>
    /// The analysed passages whose question type or tone the machine gave without being sure of it
    /// (<see cref="LabelConfidence"/>) and no reviewer confirmed: a theme's overview quotes others first.
    /// </summary>
    public static Dictionary<long, (bool Question, bool Tone)> Uncertain(DbConnection c) =>
        c.Query<(long Id, long Question, long Tone)>("""
            SELECT id,
                   CASE WHEN NOT question_reviewed AND question_confidence < @question THEN 1 ELSE 0 END,
                   CASE WHEN NOT tone_reviewed AND tone_confidence < @tone THEN 1 ELSE 0 END
            FROM reviewed_passages
            WHERE analysed AND ((NOT question_reviewed AND question_confidence < @question) OR (NOT tone_reviewed AND tone_confidence < @tone))
            """, new { question = LabelConfidence.QuestionUncertainBelow, tone = LabelConfidence.ToneUncertainBelow })
            .ToDictionary(r => r.Id, r => (r.Question == 1, r.Tone == 1));

    /// <summary>Each analysed passage's question as reviewers left it (their correction, else the machine's).</summary>
    public static Dictionary<long, string> Questions(DbConnection c) =>
        c.Query<(long Id, string Question)>("SELECT id, question FROM reviewed_passages WHERE analysed").ToDictionary(r => r.Id, r => r.Question);

    static readonly BulkStatement Assignment = new(
        "INSERT INTO topic_assignments(passage_id, topic_id) VALUES (@p, @t) ON CONFLICT(passage_id) DO UPDATE SET topic_id = excluded.topic_id",
        "INSERT INTO topic_assignments(passage_id, topic_id) SELECT * FROM unnest(@p, @t) ON CONFLICT(passage_id) DO UPDATE SET topic_id = excluded.topic_id",
        [("@p", typeof(long?)), ("@t", typeof(long?))]);

    static readonly BulkStatement Fit = new(
        "UPDATE topic_assignments SET confidence = @f WHERE passage_id = @p",
        "UPDATE topic_assignments t SET confidence = u.f FROM unnest(@p, @f) AS u(p, f) WHERE t.passage_id = u.p",
        [("@p", typeof(long?)), ("@f", typeof(double?))]);

    /// <summary>
    /// Replaces the topics (IDs kept; topics no run found are retired), summaries and duplicate groups, writes the
    /// assignments that changed and each passage's fit, and records what the run made of the reviewers' pending splits.
    /// </summary>
    public static void Save(StoreWriter w, TopicResult result, Dictionary<(long Topic, string Question), TopicSummary> summaries)
    {
        var now = DateTimeOffset.UtcNow.ToString("O");
        w.Execute("UPDATE topics SET retired = 1, size = 0");
        foreach (var t in result.Topics)
        {
            w.Execute("""
                INSERT INTO topics(id, consultation, parent_id, label, label_fixed, keywords, representatives, size, retired, updated_at)
                VALUES (@id, 'default', @parent, @label, @fixed, @kw, @rep, @size, 0, @now)
                ON CONFLICT(id) DO UPDATE SET parent_id = excluded.parent_id,
                    label = CASE WHEN topics.label_fixed = 1 THEN topics.label ELSE excluded.label END,
                    keywords = excluded.keywords, representatives = excluded.representatives, size = excluded.size,
                    retired = 0, updated_at = excluded.updated_at
                """, ("@id", t.Id), ("@parent", t.ParentId), ("@label", t.Label), ("@fixed", t.LabelFixed ? 1 : 0),
                ("@kw", JsonSerializer.Serialize(t.Keywords)), ("@rep", JsonSerializer.Serialize(t.Representatives)), ("@size", t.Size), ("@now", now));
        }
        w.Execute("DELETE FROM summaries");
        foreach (var ((topic, question), summary) in summaries)
            w.Execute("""
                INSERT INTO summaries(topic_id, question, method, sentences, created_at) VALUES (@t, @q, @m, @s, @now)
                """, ("@t", topic), ("@q", question), ("@m", summary.Method), ("@s", JsonSerializer.Serialize(summary.Sentences)), ("@now", now));
        // Only the assignments that changed are written: each write logs a search change (the indexes re-read that
        // passage), and a run after one new contribution moves few of 100,000 passages.
        w.Flush();
        var before = w.Connection.Query<(long Passage, long? Topic)>("SELECT passage_id, topic_id FROM topic_assignments", transaction: w.Transaction)
            .ToDictionary(r => r.Passage, r => r.Topic);
        foreach (var passage in before.Keys)
            if (!result.Assignment.ContainsKey(passage))
                w.Execute("DELETE FROM topic_assignments WHERE passage_id = @p", ("@p", passage));
        foreach (var (passage, topic) in result.Assignment)
            if (!before.TryGetValue(passage, out var was) || was != topic)
                w.Execute(Assignment, passage, topic);
        foreach (var (passage, fit) in result.Fit) w.Execute(Fit, passage, Math.Round(fit, 4));
        ReviewState.SaveAppliedSplits(w, result.AppliedSplits);
        w.Execute("DELETE FROM duplicate_groups");
        foreach (var d in result.Duplicates)
            w.Execute("INSERT INTO duplicate_groups(topic_id, templated, passage_ids) VALUES (@t, @x, @p)",
                ("@t", d.TopicId), ("@x", d.Templated ? 1 : 0), ("@p", JsonSerializer.Serialize(d.PassageIds)));
    }
}
