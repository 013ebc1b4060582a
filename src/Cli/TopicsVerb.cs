using System.CommandLine;
using System.Text.Json.Nodes;
using Synthesis.Ingest.Store;

namespace Synthesis.Cli;

static class TopicsVerb
{
    public static Command Command()
    {
        var command = new Command("topics", "The topic hierarchy: themes and sub-themes with sizes, labels and question mix");
        command.SetAction((result, ct) => Commands.Guard(() =>
        {
            var store = Commands.OpenStore(result, mustExist: true);
            using var c = store.Connect();
            var topics = new List<JsonObject>();
            using (var command = c.Command("""
                SELECT t.id, t.parent_id, t.label, t.size, t.keywords,
                    (SELECT count(*) FROM topic_assignments ta JOIN passage_analysis a ON a.passage_id = ta.passage_id
                     WHERE a.question = 'problem' AND (ta.topic_id = t.id OR ta.topic_id IN (SELECT id FROM topics s WHERE s.parent_id = t.id))),
                    (SELECT count(*) FROM topic_assignments ta JOIN passage_analysis a ON a.passage_id = ta.passage_id
                     WHERE a.question = 'engagement' AND (ta.topic_id = t.id OR ta.topic_id IN (SELECT id FROM topics s WHERE s.parent_id = t.id))),
                    (SELECT count(*) FROM topic_assignments ta JOIN passage_analysis a ON a.passage_id = ta.passage_id
                     WHERE a.question = 'solution' AND (ta.topic_id = t.id OR ta.topic_id IN (SELECT id FROM topics s WHERE s.parent_id = t.id)))
                FROM topics t WHERE t.retired = 0 ORDER BY coalesce(t.parent_id, t.id), t.parent_id IS NOT NULL, t.size DESC
                """))
            using (var reader = command.ExecuteReader())
                while (reader.Read())
                    topics.Add(new JsonObject
                    {
                        ["id"] = reader.GetInt64(0),
                        ["parent_id"] = reader.IsDBNull(1) ? null : reader.GetInt64(1),
                        ["label"] = reader.GetString(2),
                        ["size"] = reader.GetInt64(3),
                        ["keywords"] = JsonNode.Parse(reader.GetString(4)),
                        ["questions"] = new JsonObject { ["problem"] = reader.GetInt64(5), ["engagement"] = reader.GetInt64(6), ["solution"] = reader.GetInt64(7) },
                    });
            var unassigned = c.ScalarLong("SELECT count(*) FROM topic_assignments WHERE topic_id IS NULL");
            var assigned = c.ScalarLong("SELECT count(*) FROM topic_assignments");
            if (result.GetValue(Commands.Json))
            {
                Console.WriteLine(new JsonObject { ["topics"] = new JsonArray([.. topics]), ["passages"] = assigned, ["unassigned"] = unassigned }.ToJsonString());
                return Task.FromResult(0);
            }
            if (topics.Count == 0) Console.WriteLine("no topics yet: run `synthesis analyse`");
            foreach (var t in topics)
            {
                var indent = t["parent_id"] is null ? "" : "    ";
                var q = t["questions"]!;
                Console.WriteLine($"{indent}[{t["id"]}] {t["label"]} ({t["size"]} passages; problems {q["problem"]}, engagement {q["engagement"]}, solutions {q["solution"]})");
            }
            Console.WriteLine($"{unassigned} of {assigned} passages unassigned");
            return Task.FromResult(0);
        }));
        return command;
    }
}
