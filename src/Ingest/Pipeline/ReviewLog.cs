using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Synthesis.Ingest.Store;
using Synthesis.Nlp.Topics;

namespace Synthesis.Ingest.Pipeline;

/// <summary>One entry of the audit log: who did what, when, and the state before and after.</summary>
public sealed record ReviewEntry(long Id, string Action, string Reviewer, DateTimeOffset At, string Target, string Before, string After, bool Undone);

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
        if (label.Length is 0 or > 120) throw new ArgumentException("a topic label has 1 to 120 characters");
        return Record(reviewer, "rename", new JsonObject { ["topic"] = topic, ["label"] = label },
            (c, tx) => new JsonObject { ["label"] = c.Scalar("SELECT label FROM topics WHERE id = $id", tx, ("$id", topic)) as string },
            (c, tx) => c.Execute("UPDATE topics SET label = $l, label_fixed = 1 WHERE id = $id", tx, ("$l", label), ("$id", topic)));
    }

    public long Merge(string reviewer, long into, long from)
    {
        if (into == from) throw new ArgumentException("a topic cannot be merged into itself");
        return Record(reviewer, "merge", new JsonObject { ["into"] = into, ["from"] = from },
            (c, tx) => new JsonObject { ["label"] = c.Scalar("SELECT label FROM topics WHERE id = $id", tx, ("$id", from)) as string }, null);
    }

    public long Split(string reviewer, long topic, int parts)
    {
        if (parts is < 2 or > 20) throw new ArgumentException("a topic is split into 2 to 20 parts");
        return Record(reviewer, "split", new JsonObject { ["topic"] = topic, ["parts"] = parts },
            (c, tx) => new JsonObject { ["size"] = c.ScalarLong("SELECT size FROM topics WHERE id = $id", tx, ("$id", topic)) }, null);
    }

    public long Move(string reviewer, long passage, long topic) =>
        Record(reviewer, "move", new JsonObject { ["passage"] = passage, ["topic"] = topic }, (c, tx) => CurrentTopic(c, tx, passage),
            (c, tx) => Override(c, tx, passage, "pinned_topic = $v, outlier = 0", topic));

    public long MarkOutlier(string reviewer, long passage) =>
        Record(reviewer, "outlier", new JsonObject { ["passage"] = passage }, (c, tx) => CurrentTopic(c, tx, passage),
            (c, tx) => Override(c, tx, passage, "outlier = 1, pinned_topic = NULL", null));

    public long SetQuestion(string reviewer, long passage, QuestionType question) =>
        Record(reviewer, "set_question", new JsonObject { ["passage"] = passage, ["question"] = DomainNames.Name(question) },
            (c, tx) => new JsonObject { ["question"] = c.Scalar("SELECT coalesce(o.question, a.question) FROM passages p LEFT JOIN passage_analysis a ON a.passage_id = p.id LEFT JOIN passage_overrides o ON o.passage_id = p.id WHERE p.id = $id", tx, ("$id", passage)) as string,
                                 ["override"] = c.Scalar("SELECT question FROM passage_overrides WHERE passage_id = $id", tx, ("$id", passage)) as string },
            (c, tx) => Override(c, tx, passage, "question = $v", DomainNames.Name(question)));

    public long SetSentiment(string reviewer, long passage, Sentiment sentiment) =>
        Record(reviewer, "set_sentiment", new JsonObject { ["passage"] = passage, ["sentiment"] = DomainNames.Name(sentiment) },
            (c, tx) => new JsonObject { ["sentiment"] = c.Scalar("SELECT coalesce(o.sentiment, a.sentiment) FROM passages p LEFT JOIN passage_analysis a ON a.passage_id = p.id LEFT JOIN passage_overrides o ON o.passage_id = p.id WHERE p.id = $id", tx, ("$id", passage)) as string,
                                 ["override"] = c.Scalar("SELECT sentiment FROM passage_overrides WHERE passage_id = $id", tx, ("$id", passage)) as string },
            (c, tx) => Override(c, tx, passage, "sentiment = $v", DomainNames.Name(sentiment)));

    public long Accept(string reviewer, long topic, bool accepted = true) =>
        Record(reviewer, "accept", new JsonObject { ["topic"] = topic, ["accepted"] = accepted },
            (c, tx) => new JsonObject { ["accepted"] = c.ScalarLong("SELECT accepted FROM topics WHERE id = $id", tx, ("$id", topic)) == 1 },
            (c, tx) => c.Execute("UPDATE topics SET accepted = $a WHERE id = $id", tx, ("$a", accepted ? 1 : 0), ("$id", topic)),
            reanalyse: false);

    /// <summary>Corrects a passage's words (the machine transcript stays as it was); the passage is analysed again.</summary>
    public long EditText(string reviewer, long passage, string text)
    {
        text = text.Trim();
        if (text.Length is 0 or > 20_000) throw new ArgumentException("a passage's text has 1 to 20,000 characters");
        return Record(reviewer, "edit_text", new JsonObject { ["passage"] = passage, ["text"] = text },
            (c, tx) => new JsonObject { ["override"] = c.Scalar("SELECT text FROM passage_overrides WHERE passage_id = $id", tx, ("$id", passage)) as string },
            (c, tx) =>
            {
                Override(c, tx, passage, "text = $v", text);
                JobQueue.Enqueue(c, tx, Stages.Analyse, c.ScalarLong("SELECT contribution_id FROM passages WHERE id = $id", tx, ("$id", passage)));
            });
    }

    public long SetPublishable(string reviewer, long contribution, bool publishable) =>
        Record(reviewer, "publishable", new JsonObject { ["contribution"] = contribution, ["publishable"] = publishable },
            (c, tx) => new JsonObject { ["publishable"] = c.ScalarLong("SELECT publishable FROM contributions WHERE id = $id", tx, ("$id", contribution)) == 1 },
            (c, tx) => c.Execute("UPDATE contributions SET publishable = $p WHERE id = $id", tx, ("$p", publishable ? 1 : 0), ("$id", contribution)),
            reanalyse: false);

    /// <summary>Takes a decision back: its direct effect is reversed and the next run forgets the constraint.</summary>
    public void Undo(string reviewer, long decision)
    {
        using var c = store.Connect();
        using var tx = c.BeginTransaction();
        if (Entry(c, tx, decision) is not { Undone: false } entry || entry.Action == "undo")
            throw new KeyNotFoundException($"no active review decision {decision}");
        c.Execute("UPDATE review_decisions SET undone = 1 WHERE id = $id", tx, ("$id", decision));
        Reverse(c, tx, entry);
        Insert(c, tx, reviewer, "undo", new JsonObject { ["decision"] = decision }, new JsonObject { ["action"] = entry.Action });
        JobQueue.Enqueue(c, tx, Stages.Corpus, 0);
        tx.Commit();
    }

    public IReadOnlyList<ReviewEntry> Entries(int limit = 200, long? before = null)
    {
        using var c = store.Connect();
        using var command = c.Command("""
            SELECT id, action, reviewer, at, target, before, after, undone FROM review_decisions
            WHERE consultation = $c AND ($before IS NULL OR id < $before) ORDER BY id DESC LIMIT $limit
            """, null, ("$c", consultation), ("$before", before), ("$limit", Math.Clamp(limit, 1, 1000)));
        using var r = command.ExecuteReader();
        var list = new List<ReviewEntry>();
        while (r.Read()) list.Add(Read(r));
        return list;
    }

    static ReviewEntry? Entry(SqliteConnection c, SqliteTransaction? tx, long id)
    {
        using var command = c.Command("SELECT id, action, reviewer, at, target, before, after, undone FROM review_decisions WHERE id = $id", tx, ("$id", id));
        using var r = command.ExecuteReader();
        return r.Read() ? Read(r) : null;
    }

    static ReviewEntry Read(SqliteDataReader r) => new(r.GetInt64(0), r.GetString(1), r.GetString(2), DateTimeOffset.Parse(r.GetString(3)),
        r.GetString(4), r.GetString(5), r.GetString(6), r.GetInt64(7) == 1);

    static void Reverse(SqliteConnection c, SqliteTransaction tx, ReviewEntry entry)
    {
        var after = JsonNode.Parse(entry.After)!;
        var before = JsonNode.Parse(entry.Before);
        switch (entry.Action)
        {
            case "rename":
            {
                var topic = (long)after["topic"]!;
                // An earlier rename still in force wins; otherwise the label is the machine's again.
                var earlier = c.Scalar("""
                    SELECT json_extract(after, '$.label') FROM review_decisions
                    WHERE action = 'rename' AND undone = 0 AND json_extract(after, '$.topic') = $t ORDER BY id DESC LIMIT 1
                    """, tx, ("$t", topic)) as string;
                c.Execute("UPDATE topics SET label = coalesce($l, label), label_fixed = $f WHERE id = $t", tx,
                    ("$l", earlier ?? (string?)before?["label"]), ("$f", earlier is null ? 0 : 1), ("$t", topic));
                break;
            }
            case "move" or "outlier":
                Override(c, tx, (long)after["passage"]!, "pinned_topic = NULL, outlier = 0", null);
                break;
            case "set_question":
                Override(c, tx, (long)after["passage"]!, "question = $v", (string?)before?["override"]);
                break;
            case "set_sentiment":
                Override(c, tx, (long)after["passage"]!, "sentiment = $v", (string?)before?["override"]);
                break;
            case "edit_text":
            {
                var passage = (long)after["passage"]!;
                Override(c, tx, passage, "text = $v", (string?)before?["override"]);
                JobQueue.Enqueue(c, tx, Stages.Analyse, c.ScalarLong("SELECT contribution_id FROM passages WHERE id = $id", tx, ("$id", passage)));
                break;
            }
            case "accept":
                c.Execute("UPDATE topics SET accepted = $a WHERE id = $id", tx, ("$a", (bool?)before?["accepted"] == true ? 1 : 0), ("$id", (long)after["topic"]!));
                break;
            case "publishable":
                c.Execute("UPDATE contributions SET publishable = $p WHERE id = $id", tx, ("$p", (bool?)before?["publishable"] == true ? 1 : 0), ("$id", (long)after["contribution"]!));
                break;
        }
    }

    static JsonObject CurrentTopic(SqliteConnection c, SqliteTransaction tx, long passage) =>
        new() { ["topic"] = c.Scalar("SELECT topic_id FROM topic_assignments WHERE passage_id = $id", tx, ("$id", passage)) is long t ? t : null };

    static void Override(SqliteConnection c, SqliteTransaction tx, long passage, string set, object? value)
    {
        c.Execute("INSERT INTO passage_overrides(passage_id) VALUES ($id) ON CONFLICT(passage_id) DO NOTHING", tx, ("$id", passage));
        c.Execute($"UPDATE passage_overrides SET {set} WHERE passage_id = $id", tx, ("$id", passage), ("$v", value));
    }

    long Record(string reviewer, string action, JsonObject after, Func<SqliteConnection, SqliteTransaction, JsonObject> before,
        Action<SqliteConnection, SqliteTransaction>? apply, bool reanalyse = true)
    {
        using var c = store.Connect();
        using var tx = c.BeginTransaction(deferred: false);
        var previous = before(c, tx);
        var id = Insert(c, tx, reviewer, action, after, previous);
        apply?.Invoke(c, tx);
        if (reanalyse) JobQueue.Enqueue(c, tx, Stages.Corpus, 0);
        tx.Commit();
        return id;
    }

    long Insert(SqliteConnection c, SqliteTransaction tx, string reviewer, string action, JsonObject after, JsonObject before) =>
        c.ScalarLong("""
            INSERT INTO review_decisions(consultation, action, reviewer, at, target, before, after)
            VALUES ($c, $a, $r, $t, $target, $before, $after) RETURNING id
            """, tx, ("$c", consultation), ("$a", action), ("$r", reviewer), ("$t", DateTimeOffset.UtcNow.ToString("O")),
            ("$target", Target(after)), ("$before", before.ToJsonString(Readable)), ("$after", after.ToJsonString(Readable)));

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
static class ReviewState
{
    public static List<PreviousTopic> PreviousTopics(SqliteConnection c)
    {
        var members = new Dictionary<long, List<long>>();
        using (var command = c.Command("SELECT topic_id, passage_id FROM topic_assignments WHERE topic_id IS NOT NULL"))
        using (var reader = command.ExecuteReader())
            while (reader.Read())
            {
                var t = reader.GetInt64(0);
                if (!members.TryGetValue(t, out var list)) members[t] = list = [];
                list.Add(reader.GetInt64(1));
            }
        var topics = new List<PreviousTopic>();
        using (var command = c.Command("SELECT id, parent_id, label, label_fixed FROM topics WHERE retired = 0 ORDER BY id"))
        using (var reader = command.ExecuteReader())
            while (reader.Read())
            {
                var id = reader.GetInt64(0);
                topics.Add(new PreviousTopic(id, reader.GetInt64OrNull(1), members.GetValueOrDefault(id) ?? [], reader.GetString(2), reader.GetInt64(3) == 1));
            }
        // A theme's passages are those of its sub-themes.
        return topics.Select(t => t.PassageIds.Count > 0 ? t : t with
        {
            PassageIds = topics.Where(s => s.ParentId == t.Id).SelectMany(s => s.PassageIds).ToList(),
        }).ToList();
    }

    public static ReviewConstraints Constraints(SqliteConnection c)
    {
        var pinned = new Dictionary<long, long>();
        var merges = new List<(long, long)>();
        var splits = new List<(long, int)>();
        var labels = new Dictionary<long, string>();
        var outliers = new HashSet<long>();
        using var command = c.Command("SELECT action, after FROM review_decisions WHERE undone = 0 AND action <> 'undo' ORDER BY id");
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var after = JsonNode.Parse(reader.GetString(1))!;
            switch (reader.GetString(0))
            {
                case "rename": labels[(long)after["topic"]!] = (string)after["label"]!; break;
                case "merge": merges.Add(((long)after["into"]!, (long)after["from"]!)); break;
                case "split": splits.Add(((long)after["topic"]!, (int)after["parts"]!)); break;
                case "move": pinned[(long)after["passage"]!] = (long)after["topic"]!; outliers.Remove((long)after["passage"]!); break;
                case "outlier": outliers.Add((long)after["passage"]!); pinned.Remove((long)after["passage"]!); break;
            }
        }
        return new ReviewConstraints(pinned, merges, splits, labels, outliers);
    }
}
