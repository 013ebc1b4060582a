using Dapper;
using Synthesis.Tests;

namespace Synthesis.Store.Tests;

/// <summary>
/// The two engines' migrations make the same schema: the same tables and views with the same columns, and the same
/// triggers keeping the search indexes' change log. What a trigger does is checked on PostgreSQL as the SQLite tests
/// check it (a change to a passage's analysis, override, topic or contribution logs the passage once).
/// </summary>
public class SchemaParityTests
{
    static SortedSet<string> Columns(SynthesisStore store)
    {
        using var c = store.Connect();
        var rows = c.IsPostgres()
            ? c.Query<(string, string)>("""
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name <> 'schema_version'
                """)
            : c.Query<(string, string)>("""
                SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
                WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite_%'
                """);
        return new SortedSet<string>(rows.Select(r => $"{r.Item1}.{r.Item2}"), StringComparer.Ordinal);
    }

    static SortedSet<string> Triggers(SynthesisStore store)
    {
        using var c = store.Connect();
        var rows = c.IsPostgres()
            ? c.Query<string>("SELECT DISTINCT trigger_name FROM information_schema.triggers WHERE trigger_schema = 'public'")
            : c.Query<string>("SELECT name FROM sqlite_master WHERE type = 'trigger'");
        return new SortedSet<string>(rows, StringComparer.Ordinal);
    }

    [SkippableFact]
    public void Both_engines_have_the_same_tables_columns_and_triggers()
    {
        var sqlite = TempStore.New();
        var (postgres, _) = TempStore.NewPostgres();
        var (a, b) = (Columns(sqlite), Columns(postgres));
        Assert.True(a.SetEquals(b), $"only in SQLite: {string.Join(", ", a.Except(b))}; only in PostgreSQL: {string.Join(", ", b.Except(a))}");
        Assert.Contains("reviewed_passages.question_reviewed", b);
        Assert.Equal(Triggers(sqlite), Triggers(postgres));
    }

    [SkippableFact]
    public void On_postgres_a_change_to_what_search_reads_logs_the_passage_once()
    {
        var (store, _) = TempStore.NewPostgres();
        using var c = store.Connect();
        var contribution = c.ExecuteScalar<long>("""
            INSERT INTO contributions(consultation, external_ref, content_hash, channel, author_kind, profile, text, media, imported_at)
            VALUES ('c', 'r', 'h', 'platform', 'individual', 'unknown', 'texte', 'text', 'now') RETURNING id
            """);
        var passage = c.ExecuteScalar<long>("INSERT INTO passages(contribution_id, ord, text, source) VALUES (@contribution, 0, 'texte', 'text') RETURNING id", new { contribution });
        long Seq() => c.ExecuteScalar<long?>("SELECT seq FROM search_changes WHERE passage_id = @passage", new { passage }) ?? 0;
        // a new passage and its first analysis wait for its vector (the index stage's write logs it)
        c.Execute("""
            INSERT INTO passage_analysis(passage_id, language, sentiment, sentiment_score, problem, engagement, solution, other, question)
            VALUES (@passage, 'fr', 'neutral', 0, 0, 0, 1, 0, 'solution')
            """, new { passage });
        Assert.Equal(0, Seq());
        c.Execute("INSERT INTO passage_vectors(passage_id, model, vector) VALUES (@passage, 'm', '\\x00'::bytea)", new { passage });
        var first = Seq();
        Assert.True(first > 0);
        c.Execute("UPDATE passage_analysis SET sentiment = 'negative' WHERE passage_id = @passage", new { passage });
        Assert.True(Seq() > first);
        first = Seq();
        c.Execute("INSERT INTO passage_overrides(passage_id, question) VALUES (@passage, 'solution')", new { passage });
        var second = Seq();
        Assert.True(second > first);
        c.Execute("UPDATE contributions SET neighbourhood = 'Bellevue' WHERE id = @contribution", new { contribution });
        Assert.True(Seq() > second);
        // a topic run that rewrites confidences only is not a search change
        c.Execute("INSERT INTO topic_assignments(passage_id, topic_id, confidence) VALUES (@passage, 1, 0.5)", new { passage });
        var assigned = Seq();
        c.Execute("UPDATE topic_assignments SET confidence = 0.9 WHERE passage_id = @passage", new { passage });
        Assert.Equal(assigned, Seq());
        Assert.Equal(1, c.ExecuteScalar<long>("SELECT count(*) FROM search_changes WHERE passage_id = @passage", new { passage }));
    }

    [SkippableFact]
    public void On_postgres_user_names_and_place_codes_ignore_case_as_on_sqlite()
    {
        var (store, _) = TempStore.NewPostgres();
        using var c = store.Connect();
        c.Execute("INSERT INTO users(name, password_hash, role, created_at) VALUES ('Claire', 'x', 'reviewer', 'now')");
        Assert.Equal(1, c.ExecuteScalar<long>("SELECT count(*) FROM users WHERE name = @name", new { name = "claire" }));
        Assert.ThrowsAny<Exception>(() => c.Execute("INSERT INTO users(name, password_hash, role, created_at) VALUES ('CLAIRE', 'y', 'analyst', 'now')"));
    }
}
