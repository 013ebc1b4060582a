using System.Text.Json;

namespace Synthesis.Ingest.Import;

/// <summary>JSON array (or an object holding one array of records) and JSON Lines, each element an object.</summary>
public static class JsonRecords
{
    static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    public static IEnumerable<RecordOrError> ReadArray(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, Options);
        }
        catch (JsonException e)
        {
            return [new RecordOrError(null, 0, (int)(e.LineNumber ?? 0) + 1,
                $"not valid JSON ({FirstSentence(e.Message)}): fix the file, or use .jsonl for one record per line")];
        }
        return Elements(document);
    }

    static IEnumerable<RecordOrError> Elements(JsonDocument document)
    {
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                // {"data": [...]} or {"proposals": [...]}: the one property that is an array of records.
                var arrays = root.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array).ToList();
                if (arrays.Count != 1)
                {
                    yield return new RecordOrError(null, 0, 1, "the JSON is an object, not an array of records: give an array of objects, or an object with exactly one array property");
                    yield break;
                }
                root = arrays[0].Value;
            }
            if (root.ValueKind != JsonValueKind.Array)
            {
                yield return new RecordOrError(null, 0, 1, $"the JSON is a {root.ValueKind.ToString().ToLowerInvariant()}, not an array of records");
                yield break;
            }
            var row = 0;
            foreach (var element in root.EnumerateArray())
            {
                row++;
                yield return element.ValueKind == JsonValueKind.Object
                    ? new RecordOrError(new SourceRecord(row, 0, Fields(element)), row, 0, null)
                    : new RecordOrError(null, row, 0, $"element {row} is a {element.ValueKind.ToString().ToLowerInvariant()}, not an object");
            }
        }
    }

    public static IEnumerable<RecordOrError> ReadLines(string text)
    {
        var line = 0;
        var row = 0;
        foreach (var raw in text.Split('\n'))
        {
            line++;
            var content = raw.TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(content)) continue;
            row++;
            RecordOrError result;
            try
            {
                using var document = JsonDocument.Parse(content, Options);
                result = document.RootElement.ValueKind == JsonValueKind.Object
                    ? new RecordOrError(new SourceRecord(row, line, Fields(document.RootElement)), row, line, null)
                    : new RecordOrError(null, row, line, $"line {line} is a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object");
            }
            catch (JsonException e)
            {
                result = new RecordOrError(null, row, line, $"line {line} is not valid JSON ({FirstSentence(e.Message)}): fix or remove that line");
            }
            yield return result;
        }
    }

    static Dictionary<string, string?> Fields(JsonElement element)
    {
        var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            fields[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => property.Value.GetRawText(), // numbers as written; arrays and objects as JSON
            };
        }
        return fields;
    }

    static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.');
    }
}
