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
                yield return element.ValueKind != JsonValueKind.Object
                    ? new RecordOrError(null, row, 0, $"element {row} is a {element.ValueKind.ToString().ToLowerInvariant()}, not an object")
                    : DuplicateKey(element) is { } twice ? new RecordOrError(null, row, 0, $"element {row} {twice}")
                    : new RecordOrError(new SourceRecord(row, 0, Fields(element)), row, 0, null);
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
                result = document.RootElement.ValueKind != JsonValueKind.Object
                    ? new RecordOrError(null, row, line, $"line {line} is a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object")
                    : DuplicateKey(document.RootElement) is { } twice ? new RecordOrError(null, row, line, $"line {line} {twice}")
                    : new RecordOrError(new SourceRecord(row, line, Fields(document.RootElement)), row, line, null);
            }
            catch (JsonException e)
            {
                result = new RecordOrError(null, row, line, $"line {line} is not valid JSON ({FirstSentence(e.Message)}): fix or remove that line");
            }
            yield return result;
        }
    }

    /// <summary>
    /// "has the key … twice" when two properties share a name (field names are matched without case): which value
    /// was meant cannot be known, so the record is rejected rather than one value silently kept.
    /// </summary>
    static string? DuplicateKey(JsonElement element)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
            if (!seen.TryAdd(property.Name, property.Name))
                return $"has the key '{property.Name}' twice{(seen[property.Name] == property.Name ? "" : $" (as '{seen[property.Name]}')")}: keep one and import the file again";
        return null;
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
