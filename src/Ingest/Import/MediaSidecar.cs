using System.Text.Json;

namespace Synthesis.Ingest.Import;

/// <summary>
/// What a field team records beside a recording or photo: <c>interview.meta.json</c> next to <c>interview.m4a</c>,
/// a JSON object with any of channel, neighbourhood, date, profile, author_kind, title, language, publishable.
/// </summary>
public static class MediaSidecar
{
    public const string Suffix = ".meta.json";

    public static IReadOnlyDictionary<string, string?> Read(string mediaPath)
    {
        var path = Path.Combine(Path.GetDirectoryName(mediaPath)!, Path.GetFileNameWithoutExtension(mediaPath) + Suffix);
        if (!File.Exists(path)) return new Dictionary<string, string?>();
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new ImportException($"{Path.GetFileName(path)} must be a JSON object such as {{\"channel\": \"street_event\"}}");
            return document.RootElement.EnumerateObject().ToDictionary(p => p.Name.ToLowerInvariant(),
                p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.ValueKind == JsonValueKind.Null ? null : p.Value.GetRawText());
        }
        catch (JsonException e)
        {
            throw new ImportException($"{Path.GetFileName(path)} is not valid JSON ({e.Message.Split(". ")[0]}): fix it so that the recording keeps its metadata");
        }
    }
}
