using System.Net;
using Synthesis.Api.Analysis;
using Synthesis.Api.Security;
using Synthesis.Tests;

namespace Synthesis.Api.Tests;

/// <summary>
/// The demo consultation (the 48 Nantes contributions, the 3,000 Make.org proposals, a recording) imported and
/// analysed twice: on SQLite, and on the PostgreSQL server the tests start. Null twins where PostgreSQL cannot run.
/// </summary>
public sealed class TwinConsultations : IAsyncLifetime
{
    public ApiFactory? Sqlite { get; private set; }
    public ApiFactory? Postgres { get; private set; }

    public async Task InitializeAsync()
    {
        if (PostgresServer.Shared.Unavailable is not null) return;
        // one worker each: the same contributions get the same passage numbers on both, so rows compare as they are
        Sqlite = new ApiFactory { Workers = 1 };
        Postgres = new ApiFactory { Workers = 1, Database = PostgresServer.Shared.NewDatabase() };
        await Sqlite.InitializeAsync();
        await Postgres.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (Sqlite is not null) await Sqlite.DisposeAsync();
        if (Postgres is not null) await Postgres.DisposeAsync();
    }
}

/// <summary>
/// The product on PostgreSQL (<c>Synthesis:Store = postgres://…</c>) does what it does on SQLite: the same passages,
/// analysis, themes and questions from the same contributions; every page and export answers; reviewers' decisions
/// and their undoing give the same themes at the next run.
/// </summary>
public sealed class PostgresStoreTests(TwinConsultations twins) : IClassFixture<TwinConsultations>
{
    (ApiFactory Sqlite, ApiFactory Postgres) Twins()
    {
        Skip.If(twins.Postgres is null, PostgresServer.Shared.Unavailable);
        return (twins.Sqlite!, twins.Postgres!);
    }

    /// <summary>What a reader sees of the themes: each theme and sub-theme with its label, size and question mix.</summary>
    static List<string> Themes(SynthesisStore store)
    {
        using var c = store.Connect();
        var map = TopicQueries.Map(c);
        return map.Themes.SelectMany(t => new[] { t }.Concat(t.Children))
            .Select(t => $"{t.Id} {t.ParentId} « {t.Label} » {t.Size} accepted={t.Accepted}")
            .Append($"passages {map.Passages}, unassigned {map.Unassigned}").ToList();
    }

    static List<string> Questions(SynthesisStore store)
    {
        using var c = store.Connect();
        return QuestionOverview.Read(c, DateTimeOffset.Parse("2019-02-01T00:00:00+01:00"))
            .Select(q => $"{q.Question}: {q.Count} ({q.Since} new, {q.Uncertain} uncertain); {string.Join(", ", q.LeadingTopics)}; " +
                $"{string.Join(", ", q.Emerging)}; quotes {string.Join(", ", q.Quotes.Select(p => p.Id))}")
            .ToList();
    }

    /// <summary>Equal lists, else the first difference with what surrounds it on each engine.</summary>
    static void AssertSame(List<string> sqlite, List<string> postgres)
    {
        var (a, b) = (string.Join("\n", sqlite), string.Join("\n", postgres));
        if (a == b) return;
        var at = Enumerable.Range(0, Math.Min(a.Length, b.Length)).FirstOrDefault(i => a[i] != b[i], Math.Min(a.Length, b.Length));
        string Around(string s) => s.Substring(Math.Max(0, at - 60), Math.Min(s.Length, at + 300) - Math.Max(0, at - 60));
        var (fileA, fileB) = (Path.Combine(Path.GetTempPath(), "synthesis-parity-sqlite.txt"), Path.Combine(Path.GetTempPath(), "synthesis-parity-postgres.txt"));
        File.WriteAllText(fileA, a);
        File.WriteAllText(fileB, b);
        Assert.Fail($"SQLite: …{Around(a)}…\nPostgreSQL: …{Around(b)}…\n(whole: diff {fileA} {fileB})");
    }

    [SkippableFact]
    public void The_same_contributions_give_the_same_passages_analysis_themes_and_questions()
    {
        var (sqlite, postgres) = Twins();
        AssertSame(Themes(sqlite.Store), Themes(postgres.Store));
        using var a = sqlite.Store.Connect();
        using var b = postgres.Store.Connect();
        const string passages = "SELECT id, contribution_id, text, sentiment, question, problem, engagement, solution, other FROM reviewed_passages ORDER BY id";
        List<string> Read(System.Data.Common.DbConnection c) => Dapper.SqlMapper.Query<(long, long, string, string?, string?, double?, double?, double?, double?)>(c, passages)
            .Select(p => $"{p.Item1} {p.Item2} {p.Item4} {p.Item5} {p.Item6:R} {p.Item7:R} {p.Item8:R} {p.Item9:R} {p.Item3}").ToList();
        AssertSame(Read(a), Read(b));
        AssertSame(Questions(sqlite.Store), Questions(postgres.Store));
    }

    [SkippableFact]
    public async Task Every_page_search_and_export_answers_on_postgres()
    {
        var (_, postgres) = Twins();
        long theme;
        using (var c = postgres.Store.Connect()) theme = TopicQueries.Map(c).Themes.First(t => t.Children.Count > 0).Id;
        var admin = postgres.As(Roles.Admin);
        string[] pages =
        [
            "/", "/themes", $"/themes/{theme}", $"/themes/{theme}?question=solution", "/themes/croisements?par=quartier", "/themes/croisements?par=mois",
            "/recherche?q=logement", $"/recherche?q=logement&de=01/01/2019&a=31/12/2019&theme={theme}", "/contributions", "/contributions?canal=atelier",
            "/contributions/5", "/rapports", "/taches", "/revue", $"/revue/themes/{theme}", "/revue/a-verifier", "/revue/journal",
            $"/revue/journal?theme={theme}", "/revue/controle", $"/revue/apercu?decision=split&topic={theme}&parts=2", "/admin", "/admin/importer",
            "/api/topics", $"/api/topics/{theme}", "/api/questions", $"/api/search?q=aide&topic={theme}&question=solution",
            "/api/contributions?from=2019-01-01&to=2019-12-31", "/api/reports/md", "/api/reports/docx", $"/api/reports/md?topic={theme}",
            "/api/reports/csv", $"/api/review/log?topic={theme}", "/api/jobs", "/api/passages/10/similar",
        ];
        var failures = new List<string>();
        foreach (var page in pages)
        {
            var response = await admin.GetAsync(page);
            if (response.StatusCode != HttpStatusCode.OK) failures.Add($"{page}: {(int)response.StatusCode}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [SkippableFact]
    public async Task Reviewers_decisions_and_their_undoing_give_the_same_themes_on_both_engines()
    {
        var (sqlite, postgres) = Twins();
        List<string> themes;
        long first, second, third, passage;
        using (var c = sqlite.Store.Connect())
        {
            var map = TopicQueries.Map(c);
            (first, second, third) = (map.Themes[0].Id, map.Themes[1].Id, map.Themes[2].Id);
            passage = Dapper.SqlMapper.ExecuteScalar<long>(c, "SELECT min(passage_id) FROM topic_assignments WHERE topic_id IS NOT NULL");
        }
        var decisions = new Dictionary<ApiFactory, (long Split, long Merge)>();
        foreach (var twin in new[] { sqlite, postgres })
        {
            var review = new ReviewLog(twin.Store);
            review.Rename("relecteur", first, "Thème relu");
            review.Move("relecteur", passage, third);
            review.SetQuestion("relecteur", passage, QuestionType.Engagement);
            decisions[twin] = (review.Split("relecteur", first, 2), review.Merge("relecteur", second, third));
            await Consultation.AnalyseAsync(twin.Store, workers: 1);
        }
        themes = Themes(sqlite.Store);
        Assert.Equal(themes, Themes(postgres.Store));
        Assert.Contains(themes, t => t.Contains("« Thème relu »"));

        foreach (var twin in new[] { sqlite, postgres })
        {
            var review = new ReviewLog(twin.Store);
            review.Undo("relecteur", decisions[twin].Split);
            review.Undo("relecteur", decisions[twin].Merge);
            await Consultation.AnalyseAsync(twin.Store, workers: 1);
        }
        Assert.Equal(Themes(sqlite.Store), Themes(postgres.Store));
        Assert.NotEqual(themes, Themes(postgres.Store));
    }
}
