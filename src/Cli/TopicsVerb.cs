using System.CommandLine;
using System.Text.Json.Nodes;
using Synthesis.Api.Analysis;

namespace Synthesis.Cli;

static class TopicsVerb
{
    public static Command Command(CliContext cli)
    {
        var command = new Command("topics", "The topic hierarchy: themes and sub-themes with sizes, labels and question mix");
        command.SetAction((result, ct) => Commands.Guard(() =>
        {
            var store = cli.OpenStore(result, mustExist: true);
            using var c = store.Connect();
            // the web app's and the API's read model: the same counts, reviewers' corrections applied
            var map = TopicQueries.Map(c);
            var topics = map.Themes.SelectMany(t => new[] { t }.Concat(t.Children)).Select(t => new JsonObject
            {
                ["id"] = t.Id,
                ["parent_id"] = t.ParentId,
                ["label"] = t.Label,
                ["size"] = t.Size,
                ["keywords"] = new JsonArray([.. t.Keywords.Select(k => (JsonNode)k)]),
                ["questions"] = new JsonObject
                {
                    ["problem"] = t.Questions.GetValueOrDefault("problem"),
                    ["engagement"] = t.Questions.GetValueOrDefault("engagement"),
                    ["solution"] = t.Questions.GetValueOrDefault("solution"),
                },
            }).ToList();
            var (assigned, unassigned) = (map.Passages, map.Unassigned);
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
