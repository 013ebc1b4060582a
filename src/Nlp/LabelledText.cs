using System.Text;
using System.Text.Json;

namespace Synthesis.Nlp;

/// <summary>The training examples a model file carries: one JSON line per example, <c>{"text", "label"}</c>, UTF-8.</summary>
public static class LabelledText
{
    sealed record Line(string Text, string Label);

    static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static byte[] Write(IEnumerable<(string Text, string Label)> examples)
    {
        var sb = new StringBuilder();
        foreach (var (text, label) in examples) sb.Append(JsonSerializer.Serialize(new Line(text, label), Json)).Append('\n');
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static List<(string Text, string Label)> Read(byte[] bytes)
    {
        var result = new List<(string, string)>();
        foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n'))
        {
            if (line.Length == 0) continue;
            var l = JsonSerializer.Deserialize<Line>(line, Json) ?? throw new InvalidDataException("an empty example line in a model file");
            result.Add((l.Text, l.Label));
        }
        return result;
    }
}
