using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using System.Data.Common;
using Synthesis.Nlp.Topics;

namespace Synthesis.Store;

/// <summary>A decision that cannot be taken as given: <see cref="Exception.Message"/> for the API, <see cref="French"/> for the web app.</summary>
public sealed class ReviewRefused(string message, string french) : ArgumentException(message)
{
    public string French { get; } = french;
}

/// <summary>A decision naming a topic, passage or contribution that is not there (any more).</summary>
public sealed class ReviewTargetMissing(string message, string french) : KeyNotFoundException(message)
{
    public string French { get; } = french;
}

/// <summary>
/// A merge or a split not taken yet, as the log would record it (<see cref="ReviewLog.ProposeMerge"/>): its target and its
/// snapshot, in the log's JSON. A preview runs the topics as if it were the latest decision.
/// </summary>
public sealed record ProposedDecision(string Action, string After, string Before)
{
    /// <summary>The ID it has in a dry run (after every recorded decision).</summary>
    public const long Id = long.MaxValue;
}

/// <summary>One entry of the audit log: who did what, when, and the state before and after.</summary>
/// <param name="Effect">What a run made of the decision, where it matters (a split's parts and their passages); null before.</param>
public sealed record ReviewEntry(long Id, string Action, string Reviewer, DateTimeOffset At, string Target, string Before, string After, bool Undone, string? Effect = null);

/// <summary>
/// Review staff's decisions (rename, merge, split, move, outlier, a passage's question or sentiment, accepting a
/// topic, correcting a transcript, publication), kept in an audit log (who, when, before, after) and undoable.
/// Topic decisions are constraints that every later analysis run honours; passage corrections live in
/// passage_overrides, beside the machine's output, which a run never overwrites.
/// </summary>
public sealed class ReviewLog(SynthesisStore store, string consultation = "default")
{
    public long Rename(string reviewer, long topic, string label)
    {
        label = label.Trim();
        if (label.Length is 0 or > 120) throw new ReviewRefused("a topic label has 1 to 120 characters", "un intitulé a de 1 à 120 caractères");
        return Record(reviewer, "rename", new JsonObject { ["topic"] = topic, ["label"] = label },
            (c, tx) => new JsonObject { ["label"] = c.Scalar("SELECT label FROM topics WHERE id = @id", tx, ("@id", topic)) as string },
            (c, tx) => c.Execute("UPDATE topics SET label = @l, label_fixed = 1 WHERE id = @id", tx, ("@l", label), ("@id", topic)),
            // a name changes no passage: the themes are not run again (a run could move a few passages, and a reviewer
            // who only renamed would see sizes change); later runs keep the name
            reanalyse: false);
    }

    public long Merge(string reviewer, long into, long from) =>
        Record(reviewer, "merge", MergeTarget(into, from), (c, tx) => Snapshot(c, tx, from), null);

    public long Split(string reviewer, long topic, int parts) =>
        Record(reviewer, "split", SplitTarget(topic, parts), (c, tx) => Snapshot(c, tx, topic), null);

    static JsonObject MergeTarget(long into, long from) => into == from
        ? throw new ReviewRefused("a topic cannot be merged into itself", "un thème ne peut pas être fusionné avec lui-même")
        : new JsonObject { ["into"] = into, ["from"] = from };

    static JsonObject SplitTarget(long topic, int parts) => parts is < 2 or > 20
        ? throw new ReviewRefused("a topic is split into 2 to 20 parts", "un thème se scinde en 2 à 20 parties")
        : new JsonObject { ["topic"] = topic, ["parts"] = parts };

    /// <summary>The merge <see cref="Merge"/> would record, checked the same way, not recorded (a preview runs on it).</summary>
    public ProposedDecision ProposeMerge(long into, long from) => Propose("merge", MergeTarget(into, from), from);

    /// <summary>The split <see cref="Split"/> would record, checked the same way, not recorded (a preview runs on it).</summary>
    public ProposedDecision ProposeSplit(long topic, int parts) => Propose("split", SplitTarget(topic, parts), topic);

    ProposedDecision Propose(string action, JsonObject after, long taken)
    {
        using var c = store.Connect();
        Require(c, null, after);
        return new ProposedDecision(action, after.ToJsonString(), Snapshot(c, null, taken).ToJsonString());
    }

    public long Move(string reviewer, long passage, long topic) => MoveMany(reviewer, [passage], topic)[0];

    public long MarkOutlier(string reviewer, long passage) => MarkOutliers(reviewer, [passage])[0];

    /// <summary>Moves several passages at once: one decision each (each undoable on its own), one transaction, one rerun.</summary>
    public IReadOnlyList<long> MoveMany(string reviewer, IReadOnlyCollection<long> passages, long topic) =>
        RecordAll(reviewer, Bulk(passages).Select(passage => new Decision("move", new JsonObject { ["passage"] = passage, ["topic"] = topic },
            (c, tx) => CurrentTopic(c, tx, passage), (c, tx) => Override(c, tx, passage, "pinned_topic = @v, outlier = 0", topic))).ToList());

    /// <summary>Puts several passages out of every theme at once (one decision each, one transaction, one rerun).</summary>
    public IReadOnlyList<long> MarkOutliers(string reviewer, IReadOnlyCollection<long> passages) =>
        RecordAll(reviewer, Bulk(passages).Select(passage => new Decision("outlier", new JsonObject { ["passage"] = passage },
            (c, tx) => CurrentTopic(c, tx, passage), (c, tx) => Override(c, tx, passage, "outlier = 1, pinned_topic = NULL", null))).ToList());

    /// <summary>The most passages one bulk decision takes.</summary>
    public const int MaxBulk = 1000;

    static IEnumerable<long> Bulk(IReadOnlyCollection<long> passages)
    {
        if (passages.Count == 0) throw new ReviewRefused("select at least one passage", "sélectionnez au moins un passage");
        if (passages.Count > MaxBulk) throw new ReviewRefused($"at most {MaxBulk} passages at once", $"au plus {MaxBulk} passages à la fois");
        return passages.Distinct();
    }

    public long SetQuestion(string reviewer, long passage, QuestionType question) =>
        Record(reviewer, "set_question", new JsonObject { ["passage"] = passage, ["question"] = DomainNames.Name(question) },
            (c, tx) => new JsonObject { ["question"] = c.Scalar("SELECT question FROM reviewed_passages WHERE id = @id", tx, ("@id", passage)) as string,
                                 ["override"] = c.Scalar("SELECT question FROM passage_overrides WHERE passage_id = @id", tx, ("@id", passage)) as string },
            (c, tx) => Override(c, tx, passage, "question = @v", DomainNames.Name(question)));

    public long SetSentiment(string reviewer, long passage, Sentiment sentiment) =>
        Record(reviewer, "set_sentiment", new JsonObject { ["passage"] = passage, ["sentiment"] = DomainNames.Name(sentiment) },
            (c, tx) => new JsonObject { ["sentiment"] = c.Scalar("SELECT sentiment FROM reviewed_passages WHERE id = @id", tx, ("@id", passage)) as string,
                                 ["override"] = c.Scalar("SELECT sentiment FROM passage_overrides WHERE passage_id = @id", tx, ("@id", passage)) as string },
            (c, tx) => Override(c, tx, passage, "sentiment = @v", DomainNames.Name(sentiment)));

    public long Accept(string reviewer, long topic, bool accepted = true) =>
        Record(reviewer, "accept", new JsonObject { ["topic"] = topic, ["accepted"] = accepted },
            (c, tx) => new JsonObject { ["accepted"] = c.ScalarLong("SELECT accepted FROM topics WHERE id = @id", tx, ("@id", topic)) == 1 },
            (c, tx) => c.Execute("UPDATE topics SET accepted = @a WHERE id = @id", tx, ("@a", accepted ? 1 : 0), ("@id", topic)),
            reanalyse: false);

    /// <summary>Corrects a passage's words (the machine transcript stays as it was); the passage is analysed again.</summary>
    public long EditText(string reviewer, long passage, string text)
    {
        text = text.Trim();
        if (text.Length is 0 or > 20_000) throw new ReviewRefused("a passage's text has 1 to 20,000 characters", "le texte d'un passage a de 1 à 20 000 caractères");
        return Record(reviewer, "edit_text", new JsonObject { ["passage"] = passage, ["text"] = text },
            (c, tx) => new JsonObject { ["override"] = c.Scalar("SELECT text FROM passage_overrides WHERE passage_id = @id", tx, ("@id", passage)) as string },
            (c, tx) =>
            {
                Override(c, tx, passage, "text = @v", text);
                JobQueue.Enqueue(c, tx, Stages.Analyse, c.ScalarLong("SELECT contribution_id FROM passages WHERE id = @id", tx, ("@id", passage)));
            });
    }

    public long SetPublishable(string reviewer, long contribution, bool publishable) =>
        Record(reviewer, "publishable", new JsonObject { ["contribution"] = contribution, ["publishable"] = publishable },
            (c, tx) => new JsonObject { ["publishable"] = c.ScalarLong("SELECT publishable FROM contributions WHERE id = @id", tx, ("@id", contribution)) == 1 },
            (c, tx) => c.Execute("UPDATE contributions SET publishable = @p WHERE id = @id", tx, ("@p", publishable ? 1 : 0), ("@id", contribution)),
            reanalyse: false);

    /// <summary>Takes a decision back: its direct effect is reversed and the next run forgets the constraint.</summary>
    public void Undo(string reviewer, long decision)
    {
        using var c = store.Connect();
        using var tx = c.BeginTransaction();
        if (Entry(c, tx, decision) is not { Undone: false } entry || entry.Action == "undo")
            throw new KeyNotFoundException($"no active review decision {decision}");
        c.Execute("UPDATE review_decisions SET undone = 1 WHERE id = @id", tx, ("@id", decision));
        Reverse(c, tx, entry);
        Insert(c, tx, reviewer, "undo", new JsonObject { ["decision"] = decision }, new JsonObject { ["action"] = entry.Action });
        JobQueue.Enqueue(c, tx, Stages.Corpus, 0);
        tx.Commit();
    }

    /// <summary>The log, newest first, optionally only one reviewer's, one action's or one topic's decisions.</summary>
    public IReadOnlyList<ReviewEntry> Entries(int limit = 200, long? before = null, string? reviewer = null, string? action = null, long? topic = null)
    {
        using var c = store.Connect();
        return c.Query<EntryRow>($"""
            SELECT {EntryColumns} FROM review_decisions
            WHERE consultation = @consultation AND (@before IS NULL OR id < @before)
              AND (@reviewer IS NULL OR reviewer = @reviewer) AND (@action IS NULL OR action = @action)
              AND (@topic IS NULL OR target = 'topic:' || @topic OR CAST({c.Json("after")} ->> 'topic' AS BIGINT) = @topic
                   OR CAST({c.Json("after")} ->> 'from' AS BIGINT) = @topic OR CAST({c.Json("after")} ->> 'into' AS BIGINT) = @topic)
            ORDER BY id DESC LIMIT @limit
            """, new { consultation, before, reviewer, action, topic, limit = Math.Clamp(limit, 1, 1000) }).Select(r => r.Entry).ToList();
    }

    /// <summary>Who has decided something, for the log's filter.</summary>
    public IReadOnlyList<string> Reviewers()
    {
        using var c = store.Connect();
        return c.Query<string>("SELECT DISTINCT reviewer FROM review_decisions WHERE consultation = @consultation ORDER BY reviewer", new { consultation }).ToList();
    }

    const string EntryColumns = "id, action, reviewer, at, target, before, after, undone, effect";

    /// <summary>A row of review_decisions as SQLite gives it (Dapper maps by column name).</summary>
    sealed record EntryRow(long id, string action, string reviewer, string at, string target, string before, string after, long undone, string? effect)
    {
        public ReviewEntry Entry => new(id, action, reviewer, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), target, before, after, undone == 1, effect);
    }

    static ReviewEntry? Entry(DbConnection c, DbTransaction? tx, long id) =>
        c.QuerySingleOrDefault<EntryRow>($"SELECT {EntryColumns} FROM review_decisions WHERE id = @id", new { id }, tx)?.Entry;

    /// <summary>
    /// A topic as it stands before a merge or a split takes it: its row and its sub-themes' (label, parent), and which
    /// passages each holds. Undoing the decision puts them back (<see cref="Restore"/>), so the next run starts from
    /// the topic as it was.
    /// </summary>
    static JsonObject Snapshot(DbConnection c, DbTransaction? tx, long topic)
    {
        var topics = c.Query<SnapshotTopic>("""
            SELECT id, parent_id AS parent, label, label_fixed AS labelFixed FROM topics
            WHERE id = @topic OR parent_id = @topic ORDER BY id
            """, new { topic }, tx).ToList();
        var members = c.Query<(long Topic, long Passage)>("""
            SELECT topic_id, passage_id FROM topic_assignments
            WHERE topic_id IN (SELECT id FROM topics WHERE id = @topic OR parent_id = @topic) ORDER BY topic_id, passage_id
            """, new { topic }, tx).ToList();
        var own = topics.FirstOrDefault(t => t.id == topic);
        var passages = new JsonObject();
        foreach (var g in members.GroupBy(m => m.Topic))
            passages[g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonArray(g.Select(m => (JsonNode)m.Passage).ToArray());
        return new JsonObject
        {
            ["label"] = own?.label,
            ["parent"] = own?.parent,
            ["size"] = members.Count,
            ["topics"] = JsonSerializer.SerializeToNode(topics),
            ["passages"] = passages,
        };
    }

    sealed record SnapshotTopic(long id, long? parent, string label, long labelFixed);

    /// <summary>
    /// Puts back the topics a merge or a split took (<see cref="Snapshot"/>): their rows live again and the passages
    /// they held (those that still exist) are theirs again; a split's parts are retired. Passages a later decision
    /// still pins elsewhere go back there at the next run, which is queued.
    /// </summary>
    static void Restore(DbConnection c, DbTransaction tx, JsonNode before, string? effect, long? splitTopic)
    {
        if (before["topics"] is not JsonArray topics) return; // a decision recorded before snapshots existed
        foreach (var t in topics.Select(t => t!.Deserialize<SnapshotTopic>()!))
            c.Execute("UPDATE topics SET retired = 0, parent_id = @parent WHERE id = @id", new { t.id, t.parent }, tx);
        if (before["passages"] is JsonObject passages)
            foreach (var (topic, ids) in passages)
                foreach (var passage in ids!.AsArray().Select(x => (long)x!))
                    c.Execute("UPDATE topic_assignments SET topic_id = @topic WHERE passage_id = @passage",
                        new { topic = long.Parse(topic, System.Globalization.CultureInfo.InvariantCulture), passage }, tx);
        // A split's parts go; what they hold beyond the snapshot (passages a later run clustered into the topic) goes
        // back to the topic they were cut from.
        if (effect is not null && splitTopic is long topicId && JsonNode.Parse(effect)?["parts"] is JsonObject parts)
            foreach (var (key, _) in parts)
            {
                var part = long.Parse(key, System.Globalization.CultureInfo.InvariantCulture);
                c.Execute("UPDATE topic_assignments SET topic_id = @topicId WHERE topic_id = @part", new { topicId, part }, tx);
                c.Execute("UPDATE topics SET retired = 1 WHERE id = @part", new { part }, tx);
            }
    }

    /// <summary>
    /// Reverses a decision's direct effect. Each field is recomputed from the decisions still in force on the same
    /// thing (the latest wins), else given back to the machine: undoing an older decision never clobbers a newer one.
    /// </summary>
    static void Reverse(DbConnection c, DbTransaction tx, ReviewEntry entry)
    {
        var after = JsonNode.Parse(entry.After)!;
        var before = JsonNode.Parse(entry.Before);
        JsonNode? Latest(string key, long id, params string[] actions) => c.QueryFirstOrDefault<string>($"""
            SELECT after FROM review_decisions
            WHERE undone = 0 AND {c.In("action", "@actions")} AND CAST({c.Json("after")} ->> @key AS BIGINT) = @id ORDER BY id DESC LIMIT 1
            """, new { actions, key, id }, tx) is { } json ? JsonNode.Parse(json) : null;
        JsonNode? First(string action, string key, long id) => c.QueryFirstOrDefault<string>($"""
            SELECT before FROM review_decisions WHERE action = @action AND CAST({c.Json("after")} ->> @key AS BIGINT) = @id ORDER BY id LIMIT 1
            """, new { action, key, id }, tx) is { } json ? JsonNode.Parse(json) : null;
        switch (entry.Action)
        {
            case "rename":
            {
                var topic = (long)after["topic"]!;
                // a rename still in force wins; otherwise the machine's label (as the first rename found it) until the next run
                var label = (string?)Latest("topic", topic, "rename")?["label"];
                c.Execute("UPDATE topics SET label = coalesce(@label, @machine, label), label_fixed = @fixed WHERE id = @topic",
                    new { label, machine = (string?)First("rename", "topic", topic)?["label"], @fixed = label is null ? 0 : 1, topic }, tx);
                break;
            }
            case "move" or "outlier":
            {
                var passage = (long)after["passage"]!;
                var latest = Latest("passage", passage, "move", "outlier");
                Override(c, tx, passage, "pinned_topic = @v, outlier = @o", (long?)latest?["topic"], ("@o", latest is not null && latest["topic"] is null ? 1 : 0));
                break;
            }
            case "set_question":
            {
                var passage = (long)after["passage"]!;
                Override(c, tx, passage, "question = @v", (string?)Latest("passage", passage, "set_question")?["question"]);
                break;
            }
            case "set_sentiment":
            {
                var passage = (long)after["passage"]!;
                Override(c, tx, passage, "sentiment = @v", (string?)Latest("passage", passage, "set_sentiment")?["sentiment"]);
                break;
            }
            case "edit_text":
            {
                var passage = (long)after["passage"]!;
                Override(c, tx, passage, "text = @v", (string?)Latest("passage", passage, "edit_text")?["text"]);
                JobQueue.Enqueue(c, tx, Stages.Analyse, c.ScalarLong("SELECT contribution_id FROM passages WHERE id = @id", tx, ("@id", passage)));
                break;
            }
            case "merge" or "split":
                Restore(c, tx, before!, entry.Effect, entry.Action == "split" ? (long)after["topic"]! : null);
                break;
            case "accept":
            {
                var topic = (long)after["topic"]!;
                var accepted = (bool?)Latest("topic", topic, "accept")?["accepted"] ?? false;
                c.Execute("UPDATE topics SET accepted = @accepted WHERE id = @topic", new { accepted = accepted ? 1 : 0, topic }, tx);
                break;
            }
            case "publishable":
            {
                var contribution = (long)after["contribution"]!;
                var publishable = (bool?)Latest("contribution", contribution, "publishable")?["publishable"]
                    ?? (bool?)First("publishable", "contribution", contribution)?["publishable"] ?? false;
                c.Execute("UPDATE contributions SET publishable = @p WHERE id = @contribution", new { p = publishable ? 1 : 0, contribution }, tx);
                break;
            }
        }
    }

    static JsonObject CurrentTopic(DbConnection c, DbTransaction tx, long passage) =>
        new() { ["topic"] = c.Scalar("SELECT topic_id FROM topic_assignments WHERE passage_id = @id", tx, ("@id", passage)) is long t ? t : null };

    static void Override(DbConnection c, DbTransaction tx, long passage, string set, object? value, params (string Name, object? Value)[] more)
    {
        c.Execute("INSERT INTO passage_overrides(passage_id) VALUES (@id) ON CONFLICT(passage_id) DO NOTHING", tx, ("@id", passage));
        c.Execute($"UPDATE passage_overrides SET {set} WHERE passage_id = @id", tx, [("@id", passage), ("@v", value), .. more]);
    }

    sealed record Decision(string Action, JsonObject After, Func<DbConnection, DbTransaction, JsonObject> Before,
        Action<DbConnection, DbTransaction>? Apply);

    long Record(string reviewer, string action, JsonObject after, Func<DbConnection, DbTransaction, JsonObject> before,
        Action<DbConnection, DbTransaction>? apply, bool reanalyse = true) =>
        RecordAll(reviewer, [new Decision(action, after, before, apply)], reanalyse)[0];

    /// <summary>Records decisions in one transaction: all are taken or none (a missing target refuses the lot).</summary>
    List<long> RecordAll(string reviewer, IReadOnlyList<Decision> decisions, bool reanalyse = true)
    {
        using var c = store.Connect();
        using var tx = c.BeginWrite();
        var ids = new List<long>(decisions.Count);
        foreach (var d in decisions)
        {
            Require(c, tx, d.After);
            var previous = d.Before(c, tx);
            ids.Add(Insert(c, tx, reviewer, d.Action, d.After, previous));
            d.Apply?.Invoke(c, tx);
        }
        if (reanalyse) JobQueue.Enqueue(c, tx, Stages.Corpus, 0);
        tx.Commit();
        return ids;
    }

    /// <summary>
    /// What a decision names must be there when it is taken: a live topic (a run may have merged or split it since
    /// the reviewer's page was drawn), a passage, a contribution. Checked in the decision's own transaction.
    /// </summary>
    static void Require(DbConnection c, DbTransaction? tx, JsonObject after)
    {
        foreach (var key in new[] { "topic", "into", "from" })
            if (after[key] is JsonValue v && v.TryGetValue<long>(out var topic)
                && c.ExecuteScalar<long>("SELECT count(*) FROM topics WHERE id = @topic AND retired = 0", new { topic }, tx) == 0)
                throw new ReviewTargetMissing($"there is no topic {topic}", $"le thème {topic} n'existe plus (une analyse l'a peut-être fusionné ou scindé depuis) : rechargez la page");
        if (after["passage"] is JsonValue p && p.TryGetValue<long>(out var passage)
            && c.ExecuteScalar<long>("SELECT count(*) FROM passages WHERE id = @passage", new { passage }, tx) == 0)
            throw new ReviewTargetMissing($"there is no passage {passage}", $"le passage P{passage} n'existe plus");
        if (after["contribution"] is JsonValue co && co.TryGetValue<long>(out var contribution)
            && c.ExecuteScalar<long>("SELECT count(*) FROM contributions WHERE id = @contribution", new { contribution }, tx) == 0)
            throw new ReviewTargetMissing($"there is no contribution {contribution}", $"la contribution C{contribution} n'existe plus");
    }

    long Insert(DbConnection c, DbTransaction tx, string reviewer, string action, JsonObject after, JsonObject before) =>
        c.ScalarLong("""
            INSERT INTO review_decisions(consultation, action, reviewer, at, target, before, after)
            VALUES (@c, @a, @r, @t, @target, @before, @after) RETURNING id
            """, tx, ("@c", consultation), ("@a", action), ("@r", reviewer), ("@t", DateTimeOffset.UtcNow.ToString("O")),
            ("@target", Target(after)), ("@before", before.ToJsonString(Readable)), ("@after", after.ToJsonString(Readable)));

    /// <summary>The log is read by people: accents stay as they are (the store is not HTML).</summary>
    static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>What the decision is about, e.g. "topic:12" or "passage:340", for filtering the log.</summary>
    static string Target(JsonObject after) =>
        after["topic"] is { } t && after["passage"] is null ? $"topic:{t}"
        : after["passage"] is { } p ? $"passage:{p}"
        : after["into"] is { } i ? $"topic:{i}"
        : after["contribution"] is { } co ? $"contribution:{co}"
        : after["decision"] is { } d ? $"decision:{d}" : "";
}

/// <summary>What earlier runs and reviewers have decided, read back for the next topic run.</summary>
public static class ReviewState
{
    /// <summary>The highest topic ID given so far, retired topics included (<see cref="TopicOptions.UsedIds"/>).</summary>
    public static long UsedTopicIds(DbConnection c) => c.ExecuteScalar<long?>("SELECT max(id) FROM topics") ?? 0;

    public static List<PreviousTopic> PreviousTopics(DbConnection c)
    {
        var members = c.Query<(long Topic, long Passage)>("SELECT topic_id, passage_id FROM topic_assignments WHERE topic_id IS NOT NULL")
            .GroupBy(m => m.Topic).ToDictionary(g => g.Key, g => g.Select(m => m.Passage).ToList());
        var topics = c.Query<(long Id, long? Parent, string Label, long LabelFixed)>(
                "SELECT id, parent_id, label, label_fixed FROM topics WHERE retired = 0 ORDER BY id")
            .Select(t => new PreviousTopic(t.Id, t.Parent, members.GetValueOrDefault(t.Id) ?? [], t.Label, t.LabelFixed == 1)).ToList();
        // A theme's passages are its own and those of its sub-themes.
        return topics.Select(t => t.ParentId is not null ? t : t with
        {
            PassageIds = t.PassageIds.Concat(topics.Where(s => s.ParentId == t.Id).SelectMany(s => s.PassageIds)).ToList(),
        }).ToList();
    }

    /// <summary>
    /// The active decisions as constraints, applied in the order they were taken (a later decision on the same
    /// passage wins). A split a run has applied keeps its parts by pinning each passage to its part; a pending one
    /// pins the topic's passages (as the decision saw them) to the topic, so that the run finds it to split. An undone
    /// merge or split keeps the topics it had taken as they were: each passage of its snapshot that no decision in
    /// force places is pinned back to the topic it was in.
    /// </summary>
    /// <param name="proposed">A decision not taken yet, as if it were the latest (a preview's dry run).</param>
    public static ReviewConstraints Constraints(DbConnection c, ProposedDecision? proposed = null)
    {
        var pinned = new Dictionary<long, long>();
        var merges = new List<(long, long)>();
        var splits = new List<SplitConstraint>();
        var labels = new Dictionary<long, string>();
        var outliers = new HashSet<long>();
        void Pin(long passage, long topic)
        {
            pinned[passage] = topic;
            outliers.Remove(passage);
        }
        // what an undone merge or split had taken: passage -> the topic it was in (the latest undo wins)
        var restored = new Dictionary<long, long>();
        var decisions = c.Query<(long Id, string Action, string Before, string After, string? Effect, long Undone)>(
            "SELECT id, action, before, after, effect, undone FROM review_decisions ORDER BY id").ToList();
        if (proposed is not null) decisions.Add((ProposedDecision.Id, proposed.Action, proposed.Before, proposed.After, null, 0));
        var snapshotOf = decisions.Where(d => d.Action is "merge" or "split").ToDictionary(d => d.Id, d => d.Before);
        // the part each passage went to, per topic an applied split cut: a move to that topic made while the split
        // was pending lands in the passage's part (a cut sub-theme is not there any more)
        var cut = new Dictionary<long, Dictionary<long, long>>();
        foreach (var (id, action, beforeJson, afterJson, effect, undone) in decisions)
        {
            var after = JsonNode.Parse(afterJson)!;
            if (action == "undo")
            {
                if (snapshotOf.TryGetValue((long)after["decision"]!, out var snapshot) && JsonNode.Parse(snapshot)?["passages"] is JsonObject taken)
                    foreach (var (topic, ids) in taken)
                        foreach (var passage in ids!.AsArray()) restored[(long)passage!] = long.Parse(topic, System.Globalization.CultureInfo.InvariantCulture);
                continue;
            }
            if (undone == 1) continue;
            switch (action)
            {
                case "rename": labels[(long)after["topic"]!] = (string)after["label"]!; break;
                case "merge": merges.Add(((long)after["into"]!, (long)after["from"]!)); break;
                case "split" when effect is not null:
                {
                    var partOf = cut[(long)after["topic"]!] = [];
                    if (JsonNode.Parse(effect)?["parts"] is JsonObject parts)
                        foreach (var (part, ids) in parts)
                            foreach (var passage in ids!.AsArray())
                            {
                                var partId = long.Parse(part, System.Globalization.CultureInfo.InvariantCulture);
                                Pin((long)passage!, partId);
                                partOf[(long)passage!] = partId;
                            }
                    break;
                }
                case "split":
                {
                    var topic = (long)after["topic"]!;
                    splits.Add(new SplitConstraint(id, topic, (int)after["parts"]!));
                    if (JsonNode.Parse(beforeJson)?["passages"] is JsonObject passages)
                        foreach (var (_, ids) in passages)
                            foreach (var passage in ids!.AsArray()) Pin((long)passage!, topic);
                    break;
                }
                case "move":
                {
                    var (passage, topic) = ((long)after["passage"]!, (long)after["topic"]!);
                    Pin(passage, cut.TryGetValue(topic, out var partOf) && partOf.TryGetValue(passage, out var part) ? part : topic);
                    break;
                }
                case "outlier": outliers.Add((long)after["passage"]!); pinned.Remove((long)after["passage"]!); break;
            }
        }
        // an undo restores the topics as they were: the passages nothing in force places keep their place there
        foreach (var (passage, topic) in restored)
            if (!outliers.Contains(passage)) pinned.TryAdd(passage, topic);
        return new ReviewConstraints(pinned, merges, splits, labels, outliers);
    }

    /// <summary>What the run made of each pending split: the parts and their passages, kept as the decision's effect.</summary>
    public static void SaveAppliedSplits(StoreWriter w, IReadOnlyList<AppliedSplit> applied)
    {
        foreach (var split in applied)
        {
            var parts = new JsonObject();
            foreach (var (part, passages) in split.Parts.OrderBy(p => p.Key))
                parts[part.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonArray(passages.Select(p => (JsonNode)p).ToArray());
            w.Execute("UPDATE review_decisions SET effect = @e WHERE id = @d AND effect IS NULL AND undone = 0",
                ("@e", new JsonObject { ["parts"] = parts }.ToJsonString()), ("@d", split.Decision));
        }
    }
}
