using System.Text.Json;
using System.Text.Json.Nodes;

namespace Synthesis.Cli;

/// <summary>One line of an evaluation file: {"id", "text", "label"?} or {"id", "query", "target"?}.</summary>
sealed record EvalItem(string Id, string Text, string? Label);

/// <summary>Reads and writes the JSONL files of the <c>synthesis eval</c> verbs.</summary>
static class EvalData
{
    public static List<EvalItem> Read(string path, string textField = "text", string labelField = "label")
    {
        if (!File.Exists(path)) throw new UsageException($"no such file: {path}");
        var items = new List<EvalItem>();
        var line = 0;
        foreach (var raw in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(raw)) continue;
            JsonNode? node;
            try { node = JsonNode.Parse(raw); }
            catch (JsonException e) { throw new UsageException($"{path} line {line} is not valid JSON ({e.Message.Split(". ")[0]})"); }
            var id = node?["id"]?.ToString() ?? throw new UsageException($"{path} line {line} has no \"id\"");
            var text = node["text"] is null && textField == "text" ? null : node[textField]?.ToString();
            if (text is null) throw new UsageException($"{path} line {line} has no \"{textField}\"");
            items.Add(new EvalItem(id, text, node[labelField]?.ToString()));
        }
        if (items.Count == 0) throw new UsageException($"{path} holds no records");
        return items;
    }

    public static void Write(string? path, IEnumerable<JsonObject> lines)
    {
        if (path is null) return;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var writer = new StreamWriter(path);
        foreach (var l in lines) writer.WriteLine(l.ToJsonString());
    }
}
