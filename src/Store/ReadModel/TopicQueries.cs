using System.Text.Json;
using System.Data.Common;
using Synthesis.Nlp.Summaries;

namespace Synthesis.Store;

/// <summary>How many passages of a topic fall in each value of one dimension (question, sentiment, profile…).</summary>
/// <param name="Contributors">For a field of the contribution (profile, neighbourhood): how many contributions each
/// value's passages come from, so that a page can hide a value too few people share; null for a passage's own field.</param>
public sealed record Breakdown(IReadOnlyDictionary<string, long> Counts, IReadOnlyDictionary<string, long>? Contributors = null)
{
    public long Total => Counts.Values.Sum();
}

/// <summary>A theme or sub-theme with its size and mixes, as the topic map shows it.</summary>
public sealed record TopicNode(
    long Id, long? ParentId, string Label, bool LabelFixed, bool Accepted, IReadOnlyList<string> Keywords, long Size,
    IReadOnlyDictionary<string, long> Questions, IReadOnlyDictionary<string, long> Sentiments, int DuplicateGroups,
    IReadOnlyList<TopicNode> Children);

public sealed record TopicMap(IReadOnlyList<TopicNode> Themes, long Passages, long Unassigned);

/// <summary>A summary sentence and the passages it cites, so a reader can click through to the words.</summary>
public sealed record CitedSentence(string Text, bool Supported, IReadOnlyList<PassageView> Citations);

public sealed record TopicSummaryView(string Method, IReadOnlyList<CitedSentence> Sentences);

public sealed record DuplicateGroupView(bool Templated, int Count, PassageView Example, IReadOnlyList<long> PassageIds);

/// <param name="Duplicates">The groups of repeated texts, largest first (the first <c>duplicates</c> asked for).</param>
/// <param name="DuplicateGroups">How many such groups the topic holds in all; <paramref name="DuplicateCopies"/> their passages.</param>
public sealed record TopicDetail(
    TopicNode Topic, string? ParentLabel, TopicSummaryView? Summary, IReadOnlyList<PassageView> Representatives,
    IReadOnlyDictionary<string, Breakdown> Breakdowns, IReadOnlyList<DuplicateGroupView> Duplicates, long DuplicateGroups = 0, long DuplicateCopies = 0);

/// <summary>Topics as the corpus stage left them, with every count computed from the store at read time.</summary>
/// <summary>A topic as stored (<see cref="TopicQueries.Stored"/>) or as a run would make it.</summary>
public sealed record StoredTopic(long Id, long? Parent, string Label, int Size, IReadOnlyList<string> Keywords, IReadOnlyList<long> Representatives);

public static class TopicQueries
{
    public static readonly string[] Questions = ["problem", "engagement", "solution", "other"];
    public static readonly string[] Sentiments = ["negative", "neutral", "positive"];

    /// <summary>Passages of a topic and of its sub-themes (a condition on <c>ta</c>).</summary>
    public const string MemberOf = "ta.topic_id IN (SELECT id FROM topics WHERE id = @topic OR parent_id = @topic)";

    /// <summary>
    /// The live topics as stored, each with its size as the assignments give it now (a theme counts its sub-themes'),
    /// its keywords and representatives.
    /// </summary>
    public static Dictionary<long, StoredTopic> Stored(DbConnection c)
    {
        var rows = Dapper.SqlMapper.Query<(long Id, long? Parent, string Label, string Keywords, string Representatives)>(c,
            "SELECT id, parent_id, label, keywords, representatives FROM topics WHERE retired = 0").ToList();
        var own = Dapper.SqlMapper.Query<(long Topic, int Count)>(c,
            "SELECT topic_id, count(*) FROM topic_assignments WHERE topic_id IS NOT NULL GROUP BY topic_id").ToDictionary(x => x.Topic, x => x.Count);
        return rows.ToDictionary(r => r.Id, r => new StoredTopic(r.Id, r.Parent, r.Label,
            own.GetValueOrDefault(r.Id) + rows.Where(s => s.Parent == r.Id).Sum(s => own.GetValueOrDefault(s.Id)),
            JsonSerializer.Deserialize<List<string>>(r.Keywords) ?? [], JsonSerializer.Deserialize<List<long>>(r.Representatives) ?? []));
    }

    /// <summary><paramref name="topics"/> and the sub-themes of those that are themes.</summary>
    public static List<long> WithSubThemes(DbConnection c, IReadOnlyCollection<long> topics) =>
        topics.Union(Dapper.SqlMapper.Query<long>(c, $"SELECT id FROM topics WHERE {c.In("parent_id", "@topics")}", new { topics = topics.ToArray() })).ToList();

    /// <summary>Every topic ever made, live or retired, with its label (the review journal names them).</summary>
    public static Dictionary<long, (string Label, bool Live)> Labels(DbConnection c) =>
        Dapper.SqlMapper.Query<(long Id, string Label, long Retired)>(c, "SELECT id, label, retired FROM topics")
            .ToDictionary(t => t.Id, t => (t.Label, t.Retired == 0));

    /// <summary>The live themes (no sub-themes), by label: for a filter's list.</summary>
    /// <summary>The top-level themes, in French alphabetical order (« Élus » with the E's, not after « Villes »).</summary>
    public static List<(long Id, string Label)> Themes(DbConnection c) =>
        Dapper.SqlMapper.Query<(long Id, string Label)>(c, "SELECT id, label FROM topics WHERE retired = 0 AND parent_id IS NULL")
            .OrderBy(t => t.Label, French).ThenBy(t => t.Id).ToList();

    static readonly StringComparer French = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("fr-FR"), ignoreCase: true);

    public static TopicMap Map(DbConnection c)
    {
        var mix = new Dictionary<long, (Dictionary<string, long> Q, Dictionary<string, long> S)>();
        using (var command = c.Command("""
            SELECT topic_id, coalesce(question, 'other'), coalesce(sentiment, 'neutral'), count(*)
            FROM reviewed_passages WHERE topic_id IS NOT NULL GROUP BY 1, 2, 3
            """))
        using (var r = command.ExecuteReader())
            while (r.Read())
            {
                var t = r.GetInt64(0);
                if (!mix.TryGetValue(t, out var m)) mix[t] = m = (Zeros(Questions), Zeros(Sentiments));
                var n = r.GetInt64(3);
                m.Q[r.GetString(1)] = m.Q.GetValueOrDefault(r.GetString(1)) + n;
                m.S[r.GetString(2)] = m.S.GetValueOrDefault(r.GetString(2)) + n;
            }
        var duplicates = new Dictionary<long, int>();
        using (var command = c.Command("SELECT topic_id, count(*) FROM duplicate_groups WHERE topic_id IS NOT NULL GROUP BY 1"))
        using (var r = command.ExecuteReader())
            while (r.Read()) duplicates[r.GetInt64(0)] = r.GetInt(1);

        var rows = new List<(long Id, long? Parent, string Label, bool Fixed, bool Accepted, List<string> Keywords)>();
        using (var command = c.Command("SELECT id, parent_id, label, label_fixed, accepted, keywords FROM topics WHERE retired = 0 ORDER BY id"))
        using (var r = command.ExecuteReader())
            while (r.Read())
                rows.Add((r.GetInt64(0), r.GetInt64OrNull(1), r.GetString(2), r.GetInt64(3) == 1, r.GetInt64(4) == 1,
                    JsonSerializer.Deserialize<List<string>>(r.GetString(5)) ?? []));

        TopicNode Node((long Id, long? Parent, string Label, bool Fixed, bool Accepted, List<string> Keywords) t, IReadOnlyList<TopicNode> children)
        {
            var own = mix.TryGetValue(t.Id, out var found) ? found : (Q: Zeros(Questions), S: Zeros(Sentiments));
            var q = Sum(own.Q, children.Select(ch => ch.Questions));
            var s = Sum(own.S, children.Select(ch => ch.Sentiments));
            return new TopicNode(t.Id, t.Parent, t.Label, t.Fixed, t.Accepted, t.Keywords, q.Values.Sum(), q, s,
                duplicates.GetValueOrDefault(t.Id) + children.Sum(ch => ch.DuplicateGroups), children);
        }
        var ids = rows.Select(r => r.Id).ToHashSet();
        var themes = rows.Where(r => r.Parent is null || !ids.Contains(r.Parent.Value)).Select(theme =>
        {
            var children = rows.Where(r => r.Parent == theme.Id).Select(ch => Node(ch, [])).OrderByDescending(n => n.Size).ToList();
            return Node(theme, children);
        }).OrderByDescending(n => n.Size).ThenBy(n => n.Id).ToList();
        var assigned = c.ScalarLong("SELECT count(*) FROM topic_assignments");
        var unassigned = c.ScalarLong("SELECT count(*) FROM topic_assignments WHERE topic_id IS NULL");
        return new TopicMap(themes, assigned, unassigned);
    }

    public static TopicNode? Find(TopicMap map, long id) =>
        map.Themes.Select(t => t.Id == id ? t : t.Children.FirstOrDefault(ch => ch.Id == id)).FirstOrDefault(t => t is not null);

    /// <summary>
    /// A topic as its page shows it; with <paramref name="question"/>, its charts count only that question's passages
    /// and its representative passages answer that question.
    /// </summary>
    /// <param name="duplicates">How many groups of repeated texts to give, the largest first (null: all).</param>
    public static TopicDetail? Detail(DbConnection c, long id, TopicMap? map = null, string? question = null, int? duplicates = null)
    {
        map ??= Map(c);
        if (Find(map, id) is not { } node) return null;
        var parent = node.ParentId is { } pid ? Find(map, pid)?.Label : null;
        var (groups, copies) = Dapper.SqlMapper.QuerySingle<(long, long)>(c, $"""
            SELECT count(*), CAST(coalesce(sum({c.JsonArrayLength("passage_ids")}), 0) AS BIGINT) FROM duplicate_groups
            WHERE topic_id IN (SELECT id FROM topics WHERE id = @id OR parent_id = @id)
            """, new { id });
        return new TopicDetail(node, parent, Summary(c, id, ""), Representatives(c, id, question), Breakdowns(c, id, question), Duplicates(c, id, duplicates),
            groups, copies);
    }

    /// <summary>The summary key of a theme's « En bref » (a structured synthesis, see <c>ThemeOverview</c>).</summary>
    public const string OverviewKey = "overview";

    /// <summary>The stored summary of a topic (question "" = the whole topic), each citation resolved to its passage.</summary>
    public static TopicSummaryView? Summary(DbConnection c, long topic, string question)
    {
        string method, json;
        using (var command = c.Command("SELECT method, sentences FROM summaries WHERE topic_id = @t AND question = @q", null, ("@t", topic), ("@q", question)))
        using (var r = command.ExecuteReader())
        {
            if (!r.Read()) return null;
            method = r.GetString(0);
            json = r.GetString(1);
        }
        var sentences = JsonSerializer.Deserialize<List<SummarySentence>>(json) ?? [];
        var cited = sentences.SelectMany(s => s.Citations).Distinct().ToList();
        var passages = cited.Count == 0 ? [] : ContributionQueries.Passages(c, $"p.id IN ({string.Join(',', cited)})").ToDictionary(p => p.Id);
        return new TopicSummaryView(method, sentences.Select(s => new CitedSentence(s.Text, s.Supported,
            s.Citations.Where(passages.ContainsKey).Select(p => passages[p]).ToList())).ToList());
    }

    /// <summary>One page of a topic's passages (its sub-themes' included), in passage order.</summary>
    public static Page<PassageView> PassagesPage(DbConnection c, long topic, int? page, int? size)
    {
        var (p, s, offset) = Page<PassageView>.Normalise(page, size);
        var total = c.ScalarLong($"SELECT count(*) FROM topic_assignments ta WHERE {MemberOf}", null, ("@topic", topic));
        var items = ContributionQueries.Passages(c,
            $"p.id IN (SELECT ta.passage_id FROM topic_assignments ta WHERE {MemberOf} ORDER BY ta.passage_id LIMIT @limit OFFSET @offset)",
            ("@topic", topic), ("@limit", s), ("@offset", offset));
        return new Page<PassageView>(items, p, s, total);
    }

    /// <summary>
    /// The topic's representative passages that answer <paramref name="question"/> (a question tab, a report on one
    /// question): those of the corpus stage's choice that answer it, then the topic's passages the machine is surest
    /// answer it (a reviewer's label first), one a text, until there are as many as the whole topic shows (5 at least).
    /// Null: all the representatives, as the corpus stage chose them.
    /// </summary>
    public static List<PassageView> Representatives(DbConnection c, long topic, string? question)
    {
        var all = Representatives(c, topic);
        if (question is null) return all;
        var wanted = DomainNames.Parse<QuestionType>(question);
        var chosen = all.Where(p => p.Question == wanted).ToList();
        var count = Math.Max(all.Count, 5);
        if (chosen.Count >= count) return chosen;
        var ids = Dapper.SqlMapper.Query<long>(c, $"""
            SELECT p.id FROM reviewed_passages p JOIN topic_assignments ta ON ta.passage_id = p.id
            WHERE {MemberOf} AND p.question = @question AND p.outlier = 0 AND length(p.text) >= @shortest
            ORDER BY CASE WHEN p.question_reviewed THEN 2 ELSE coalesce(p.question_confidence, 0) END DESC, p.id
            LIMIT @limit
            """, new { topic, question, shortest = ShortestQuote, limit = 4 * count }).ToList();
        if (ids.Count == 0) return chosen;
        var found = ContributionQueries.Passages(c, $"p.id IN ({string.Join(',', ids)})").ToDictionary(p => p.Id);
        var texts = chosen.Select(p => Normalised(p.Text)).ToHashSet();
        foreach (var id in ids)
            if (chosen.Count < count && found.TryGetValue(id, out var p) && Voices.Substantive(p.Text) && texts.Add(Normalised(p.Text))) chosen.Add(p);
        return chosen;
    }

    /// <summary>The fewest characters a passage chosen as an example of a question has (« Oui. » says nothing alone; see also <see cref="Voices.Substantive"/>).</summary>
    const int ShortestQuote = 30;

    static string Normalised(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();

    /// <summary>The topic's representative passages (central and diverse), in the order the corpus stage chose them.</summary>
    public static List<PassageView> Representatives(DbConnection c, long topic)
    {
        var json = c.Scalar("SELECT representatives FROM topics WHERE id = @t", null, ("@t", topic)) as string ?? "[]";
        var ids = JsonSerializer.Deserialize<List<long>>(json) ?? [];
        if (ids.Count == 0) return [];
        var found = ContributionQueries.Passages(c, $"p.id IN ({string.Join(',', ids)})").ToDictionary(p => p.Id);
        return ids.Where(found.ContainsKey).Select(i => found[i]).ToList();
    }

    /// <summary>
    /// What the live topics are as the last run (or decision) left them: it changes whenever a topic is made, retired,
    /// resized or updated, so that what is computed from the topics' passages can be kept until then.
    /// </summary>
    public static string Version(DbConnection c) =>
        Dapper.SqlMapper.QuerySingle<(long Count, long Sizes, long Last, string? Updated)>(c,
            "SELECT count(*), coalesce(sum(size), 0), coalesce(max(id), 0), max(updated_at) FROM topics WHERE retired = 0").ToString();

    /// <summary>
    /// Where each top-level theme sits on a plane, by meaning: the mean of its passages' vectors (of the model most
    /// vectors have; at most <paramref name="perTheme"/> passages a theme, the first by ID, so that a page stays fast on
    /// 100,000 passages), projected on the first two principal axes of those means. Themes without vectors are left out.
    /// </summary>
    public static Dictionary<long, (double X, double Y)> ThemePositions(DbConnection c, int perTheme = 300)
    {
        var sums = new Dictionary<long, (double[] Sum, int N)>();
        using (var command = c.Command("""
            WITH model AS (SELECT model FROM passage_vectors GROUP BY model ORDER BY count(*) DESC LIMIT 1),
            ranked AS (
                SELECT coalesce(t.parent_id, t.id) AS theme, p.id AS passage,
                       row_number() OVER (PARTITION BY coalesce(t.parent_id, t.id) ORDER BY p.id) AS n
                FROM reviewed_passages p JOIN topics t ON t.id = p.topic_id WHERE t.retired = 0)
            SELECT r.theme, pv.vector FROM ranked r JOIN passage_vectors pv ON pv.passage_id = r.passage
            WHERE r.n <= @per AND pv.model = (SELECT model FROM model)
            """, null, ("@per", perTheme)))
        using (var r = command.ExecuteReader())
            while (r.Read())
            {
                var v = SearchRows.FromBlob((byte[])r[1]);
                var theme = r.GetInt64(0);
                if (!sums.TryGetValue(theme, out var acc)) acc = (new double[v.Length], 0);
                if (acc.Sum.Length != v.Length) continue;
                for (var i = 0; i < v.Length; i++) acc.Sum[i] += v[i];
                sums[theme] = (acc.Sum, acc.N + 1);
            }
        var themes = sums.Keys.Order().ToList();
        if (themes.Count == 0) return [];
        var dims = sums[themes[0]].Sum.Length;
        var means = themes.Select(t => sums[t].Sum.Select(x => x / sums[t].N).ToArray()).ToArray();
        var centre = Enumerable.Range(0, dims).Select(d => means.Average(m => m[d])).ToArray();
        foreach (var m in means) for (var d = 0; d < dims; d++) m[d] -= centre[d];
        // the k x k Gram matrix of the centred means; its two leading eigenvectors, scaled, are the coordinates
        var k = means.Length;
        var gram = new double[k, k];
        for (var i = 0; i < k; i++)
            for (var j = 0; j < k; j++)
                gram[i, j] = means[i].Zip(means[j], (a, b) => a * b).Sum();
        var axes = new List<double[]>();
        var scales = new double[2];
        for (var axis = 0; axis < 2; axis++)
        {
            var vec = Enumerable.Range(0, k).Select(i => 1.0 + i % 3 * 0.1).ToArray();
            var value = 0.0;
            for (var iteration = 0; iteration < 200; iteration++)
            {
                var next = new double[k];
                for (var i = 0; i < k; i++) for (var j = 0; j < k; j++) next[i] += gram[i, j] * vec[j];
                foreach (var previous in axes)
                {
                    var dot = next.Zip(previous, (a, b) => a * b).Sum();
                    for (var i = 0; i < k; i++) next[i] -= dot * previous[i];
                }
                var norm = Math.Sqrt(next.Sum(x => x * x));
                if (norm < 1e-12) break;
                value = norm;
                vec = next.Select(x => x / norm).ToArray();
            }
            axes.Add(vec);
            // scaled by the axis' spread, so that the plane keeps the distances' proportions
            scales[axis] = Math.Sqrt(value);
        }
        return themes.Select((t, i) => (t, (axes[0][i] * scales[0], axes[1][i] * scales[1]))).ToDictionary(x => x.t, x => x.Item2);
    }

    /// <summary>
    /// Contributions per top-level theme and value of a contribution field (neighbourhood, profile, channel, or the month
    /// of its date: themes over time): each
    /// contribution counted once in a theme, whatever its number of passages there. The values are those with the most
    /// contributions (at most <paramref name="columns"/>), the rest gathered under an empty value; contributions that do
    /// not say it are left out.
    /// </summary>
    public static (IReadOnlyList<(long Id, string Label)> Themes, IReadOnlyList<string> Values, Dictionary<(long Theme, string Value), long> Counts)
        Crossing(DbConnection c, string field, int columns = 12)
    {
        // a month is the first seven characters of the ISO date (2022-03); months come in time order, the latest kept
        var expression = field switch
        {
            "neighbourhood" or "profile" or "channel" => $"coalesce(co.{field}, '')",
            "month" => "coalesce(substr(co.date, 1, 7), '')",
            _ => throw new ArgumentException($"no crossing by {field}", nameof(field)),
        };
        var themes = Themes(c);
        var values = Dapper.SqlMapper.Query<string>(c, $"""
            SELECT {expression} FROM contributions co WHERE {expression} <> ''
            GROUP BY 1 ORDER BY {(field == "month" ? "1 DESC" : "count(*) DESC, 1")} LIMIT @n
            """, new { n = field == "month" ? 36 : columns }).ToList();
        if (field == "month") values.Reverse();
        var kept = values.ToHashSet(StringComparer.Ordinal);
        var counts = new Dictionary<(long, string), long>();
        using var command = c.Command($"""
            SELECT coalesce(t.parent_id, t.id), {expression}, count(DISTINCT co.id)
            FROM reviewed_passages p JOIN topics t ON t.id = p.topic_id JOIN contributions co ON co.id = p.contribution_id
            WHERE {expression} <> ''
            GROUP BY 1, 2
            """);
        using var r = command.ExecuteReader();
        var other = false;
        while (r.Read())
        {
            var value = r.GetString(1);
            if (!kept.Contains(value)) { value = ""; other = true; }
            var key = (r.GetInt64(0), value);
            counts[key] = counts.GetValueOrDefault(key) + r.GetInt64(2);
        }
        if (other) values.Add("");
        return (themes, values, counts);
    }

    /// <summary>How many contributions do not say the field a crossing is by (no neighbourhood, no date…): absent from it.</summary>
    public static long Unstated(DbConnection c, string field) => field switch
    {
        "neighbourhood" or "profile" or "channel" => c.ScalarLong($"SELECT count(*) FROM contributions WHERE coalesce({field}, '') = ''", null),
        "month" => c.ScalarLong("SELECT count(*) FROM contributions WHERE coalesce(date, '') = ''", null),
        _ => throw new ArgumentException($"no crossing by {field}", nameof(field)),
    };

    /// <summary>A topic's passages counted by question, tone, profile, neighbourhood and channel; only one question's when given.</summary>
    public static Dictionary<string, Breakdown> Breakdowns(DbConnection c, long topic, string? question = null)
    {
        // one pass over the topic's passages, grouped by the five values at once (the view cannot use an index on the
        // topic, so each pass reads every passage: one pass instead of five)
        var rows = Dapper.SqlMapper.Query<(string Question, string Sentiment, string Profile, string Neighbourhood, string Channel, long Count)>(c, """
            SELECT coalesce(p.question, 'other'), coalesce(p.sentiment, 'neutral'), co.profile, coalesce(co.neighbourhood, ''), co.channel, count(*)
            FROM reviewed_passages p JOIN contributions co ON co.id = p.contribution_id
            WHERE p.topic_id IN (SELECT id FROM topics WHERE id = @topic OR parent_id = @topic)
              AND (@question IS NULL OR p.question = @question)
            GROUP BY 1, 2, 3, 4, 5
            """, new { topic, question }).ToList();
        // the contributions behind the passages, each once, with who they are and where they come from
        var people = Dapper.SqlMapper.Query<(string Profile, string Neighbourhood)>(c, """
            SELECT co.profile, coalesce(co.neighbourhood, '') FROM contributions co
            WHERE co.id IN (SELECT p.contribution_id FROM reviewed_passages p
                            WHERE p.topic_id IN (SELECT id FROM topics WHERE id = @topic OR parent_id = @topic)
                              AND (@question IS NULL OR p.question = @question))
            """, new { topic, question }).ToList();
        Breakdown By(Func<(string Question, string Sentiment, string Profile, string Neighbourhood, string Channel, long Count), string> key,
            Func<(string Profile, string Neighbourhood), string>? person = null) =>
            new(rows.GroupBy(key).Select(g => (g.Key, Count: g.Sum(r => r.Count))).OrderByDescending(x => x.Count).ThenBy(x => x.Key, StringComparer.Ordinal)
                .ToDictionary(x => x.Key, x => x.Count),
                person is null ? null : people.GroupBy(person).ToDictionary(g => g.Key, g => (long)g.Count()));
        return new Dictionary<string, Breakdown>
        {
            ["question"] = By(r => r.Question),
            ["sentiment"] = By(r => r.Sentiment),
            ["profile"] = By(r => r.Profile, p => p.Profile),
            ["neighbourhood"] = By(r => r.Neighbourhood, p => p.Neighbourhood),
            ["channel"] = By(r => r.Channel),
        };
    }

    static List<DuplicateGroupView> Duplicates(DbConnection c, long topic, int? limit)
    {
        var groups = new List<(bool Templated, List<long> Ids)>();
        using (var command = c.Command($"""
            SELECT templated, passage_ids FROM duplicate_groups WHERE topic_id IN (SELECT id FROM topics WHERE id = @topic OR parent_id = @topic)
            ORDER BY {c.JsonArrayLength("passage_ids")} DESC, id {(limit is null ? "" : "LIMIT @limit")}
            """, null, ("@topic", topic), ("@limit", limit)))
        using (var r = command.ExecuteReader())
            while (r.Read()) groups.Add((r.GetInt64(0) == 1, JsonSerializer.Deserialize<List<long>>(r.GetString(1)) ?? []));
        var examples = groups.Where(g => g.Ids.Count > 0).Select(g => g.Ids[0]).ToList();
        var found = examples.Count == 0 ? [] : ContributionQueries.Passages(c, $"p.id IN ({string.Join(',', examples)})").ToDictionary(p => p.Id);
        return groups.Where(g => g.Ids.Count > 0 && found.ContainsKey(g.Ids[0]))
            .Select(g => new DuplicateGroupView(g.Templated, g.Ids.Count, found[g.Ids[0]], g.Ids))
            .OrderByDescending(g => g.Count).ToList();
    }

    static Dictionary<string, long> Zeros(string[] keys) => keys.ToDictionary(k => k, _ => 0L);

    static Dictionary<string, long> Sum(Dictionary<string, long> own, IEnumerable<IReadOnlyDictionary<string, long>> more)
    {
        var total = new Dictionary<string, long>(own);
        foreach (var m in more)
            foreach (var (k, v) in m) total[k] = total.GetValueOrDefault(k) + v;
        return total;
    }
}
