using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Synthesis.Ingest.Store;
using Synthesis.Nlp.Topics;

namespace Synthesis.Ingest.Pipeline;

/// <summary>
/// Review staff's decisions on topics (rename, merge, split, move, outlier), kept in an audit log (who, when,
/// before, after), undoable, and turned into constraints that every later analysis run honours.
/// </summary>
public sealed class ReviewLog(SynthesisStore store, string consultation = "default")
{
    public long Rename(string reviewer, long topic, string label) =>
        Record(reviewer, "rename", new JsonObject { ["topic"] = topic, ["label"] = label }, ("SELECT label FROM topics WHERE id = $id", topic));

    public long Merge(string reviewer, long into, long from) =>
        Record(reviewer, "merge", new JsonObject { ["into"] = into, ["from"] = from }, ("SELECT label FROM topics WHERE id = $id", from));

    public long Split(string reviewer, long topic, int parts) =>
        Record(reviewer, "split", new JsonObject { ["topic"] = topic, ["parts"] = parts }, ("SELECT size FROM topics WHERE id = $id", topic));

    public long Move(string reviewer, long passage, long topic) =>
        Record(reviewer, "move", new JsonObject { ["passage"] = passage, ["topic"] = topic }, ("SELECT topic_id FROM topic_assignments WHERE passage_id = $id", passage));

    public long MarkOutlier(string reviewer, long passage) =>
        Record(reviewer, "outlier", new JsonObject { ["passage"] = passage }, ("SELECT topic_id FROM topic_assignments WHERE passage_id = $id", passage));

    public void Undo(string reviewer, long decision)
    {
        using var c = store.Connect();
        if (c.Execute("UPDATE review_decisions SET undone = 1 WHERE id = $id AND undone = 0", null, ("$id", decision)) == 0)
            throw new ArgumentException($"no active review decision {decision}");
        Record(reviewer, "undo", new JsonObject { ["decision"] = decision }, null);
        RequestReanalysis(c);
    }

    long Record(string reviewer, string action, JsonObject after, (string Sql, long Id)? before)
    {
        using var c = store.Connect();
        var previous = before is { } b ? c.Scalar(b.Sql, null, ("$id", b.Id))?.ToString() : null;
        var id = c.ScalarLong("""
            INSERT INTO review_decisions(consultation, action, reviewer, at, target, before, after)
            VALUES ($c, $a, $r, $t, $target, $before, $after) RETURNING id
            """, null, ("$c", consultation), ("$a", action), ("$r", reviewer), ("$t", DateTimeOffset.UtcNow.ToString("O")),
            ("$target", after.ToJsonString()), ("$before", JsonSerializer.Serialize(previous)), ("$after", after.ToJsonString()));
        if (action == "rename")
            c.Execute("UPDATE topics SET label = $l, label_fixed = 1 WHERE id = $id", null, ("$l", (string)after["label"]!), ("$id", (long)after["topic"]!));
        RequestReanalysis(c);
        return id;
    }

    static void RequestReanalysis(SqliteConnection c)
    {
        using var tx = c.BeginTransaction();
        JobQueue.Enqueue(c, tx, Stages.Corpus, 0);
        tx.Commit();
    }
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
