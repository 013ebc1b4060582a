using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Synthesis.Ingest.Import;

/// <summary>Turns one source record into a contribution with a mapping, or says which field is wrong and why.</summary>
public sealed partial class ContributionMapper(FieldMapping mapping, string consultation, string sourceName, int maxTextChars)
{
    public FieldMapping Mapping { get; } = mapping;

    public (Contribution? Contribution, string? Error, string? Warning) Map(SourceRecord record, OriginalFile original)
    {
        var textField = Mapping.Fields.GetValueOrDefault(Target.Text);
        if (textField is null)
            return (null, $"no text field: none of the fields ({string.Join(", ", record.Fields.Keys.Take(12))}) is mapped to the text; use --map text=FIELD", null);
        // the identity is the text as exported (a file imported again is recognised); what is kept and read has its
        // HTML line breaks as line breaks
        var exported = Normalise(record.Fields.GetValueOrDefault(textField));
        var text = LineBreaks(exported);
        if (text.Length == 0) return (null, $"field '{textField}' (the text) is empty", null);
        if (text.Length > maxTextChars)
            return (null, $"field '{textField}' holds {text.Length:N0} characters, over the limit of {maxTextChars:N0}: split it into several contributions or raise --max-text-chars", null);

        string? warning = null;
        var title = NullIfEmpty(Normalise(Value(record, Target.Title)));
        DateTimeOffset? date = null;
        var rawDate = Value(record, Target.Date);
        if (!string.IsNullOrWhiteSpace(rawDate))
        {
            if (TryParseDate(rawDate, out var parsed)) date = parsed;
            else warning = $"field '{Mapping.Fields.GetValueOrDefault(Target.Date)}': '{Truncate(rawDate)}' is not a date (expected e.g. 2022-03-14 or 14/03/2022); kept without a date";
        }
        var channel = Parse(record, Target.Channel, Channel.Other, ref warning);
        var authorKind = Parse(record, Target.AuthorKind, AuthorKind.Unknown, ref warning);
        var profile = Parse(record, Target.Profile, ParticipantProfile.Unknown, ref warning);
        var neighbourhood = NullIfEmpty(PostalCode(CleanCode(Value(record, Target.Neighbourhood)), Mapping.Fields.GetValueOrDefault(Target.Neighbourhood), ref warning));
        var language = NullIfEmpty(Value(record, Target.Language)?.Trim().ToLowerInvariant()) ?? "fr";
        var publishable = ParseBool(Value(record, Target.Publishable));
        var externalRef = NullIfEmpty(Value(record, Target.Ref)?.Trim()) ?? $"{sourceName}#{record.Row}";

        var claimed = new HashSet<string>(Mapping.Fields.Values, StringComparer.OrdinalIgnoreCase);
        var metadata = record.Fields.Where(kv => !claimed.Contains(kv.Key) && !string.IsNullOrEmpty(kv.Value))
            .ToDictionary(kv => kv.Key, kv => kv.Value);
        var contribution = new Contribution(0, consultation, externalRef, channel, authorKind, profile, neighbourhood, date,
            title, text, language, MediaKind.Text, original, publishable, ContentHash(title, exported),
            metadata.Count > 0 ? JsonSerializer.Serialize(metadata) : null);
        return (contribution, null, warning);
    }

    string? Value(SourceRecord record, Target target)
    {
        string? raw = null;
        if (Mapping.Fields.TryGetValue(target, out var field)) raw = record.Fields.GetValueOrDefault(field);
        if (string.IsNullOrWhiteSpace(raw) && Mapping.Constants.TryGetValue(target, out var constant)) raw = constant;
        if (raw is not null && Mapping.Values.TryGetValue(target, out var translate) && translate.TryGetValue(raw.Trim(), out var translated))
            raw = translated;
        return raw;
    }

    T Parse<T>(SourceRecord record, Target target, T fallback, ref string? warning) where T : struct, Enum
    {
        var raw = Value(record, target);
        if (string.IsNullOrWhiteSpace(raw)) return fallback;
        if (FrenchValues.TryParse<T>(raw, out var value)) return value;
        warning ??= FrenchValues.Unknown(Truncate(raw), target.ToString().ToLowerInvariant(), fallback);
        return fallback;
    }

    /// <summary>Identity of the words, not of their layout: NFC, trimmed, runs of spaces collapsed.</summary>
    public static string ContentHash(string? title, string text)
    {
        var canonical = Spaces().Replace($"{title}\n{text}".Normalize(NormalizationForm.FormC), " ").Trim();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>
    /// Platforms export rich text with HTML line breaks (« local<br/> - je mange… »): <c>&lt;br&gt;</c> becomes a line
    /// break and paragraphs <c>&lt;p&gt;…&lt;/p&gt;</c> blank lines; no other markup is touched.
    /// </summary>
    public static string LineBreaks(string text) =>
        text.Contains('<') ? Paragraphs().Replace(BreakTag().Replace(text, "\n"), "\n\n").Trim() : text;

    [System.Text.RegularExpressions.GeneratedRegex(@"<br\s*/?>", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex BreakTag();

    [System.Text.RegularExpressions.GeneratedRegex(@"</p>\s*<p>|^\s*<p>|</p>\s*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex Paragraphs();

    static string Normalise(string? value) => value is null ? "" : value.Replace("\r\n", "\n").Trim().Normalize(NormalizationForm.FormC);

    static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";

    /// <summary>Postcodes exported as numbers ("44000.0") become codes again.</summary>
    static string? CleanCode(string? value) => value is not null && DecimalZero().IsMatch(value) ? value[..value.IndexOf('.')] : value?.Trim();

    /// <summary>
    /// A French postal code read from a field named as one (« authorZipCode », « code_postal »): exported as a number, it
    /// lost the zero of départements 01 to 09 (« 6000 » for Nice's 06000), which is put back; a number of more than five
    /// digits (« 5650847 ») is no postal code and is left out with a warning, so that no neighbourhood is named by it;
    /// other values stay as given (« 78 », a département).
    /// </summary>
    internal static string? PostalCode(string? value, string? field, ref string? warning)
    {
        if (value is null || field is null || !PostalField().IsMatch(field) || !value.All(char.IsAsciiDigit)) return value;
        if (value.Length == 4) return "0" + value;
        if (value.Length <= 5) return value;
        warning ??= $"field '{field}': '{Truncate(value)}' is not a postal code (5 digits); kept without a neighbourhood";
        return null;
    }

    [GeneratedRegex(@"zip|postal|^cp$", RegexOptions.IgnoreCase)]
    private static partial Regex PostalField();

    static bool ParseBool(string? value) => value?.Trim().ToLowerInvariant() is "true" or "1" or "yes" or "oui" or "y" or "o" or "x";

    static readonly string[] DateFormats =
    [
        "yyyy-MM-dd HH:mm:ss zzz", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
        "dd/MM/yyyy HH:mm:ss", "dd/MM/yyyy HH:mm", "dd/MM/yyyy", "d/M/yyyy", "dd-MM-yyyy", "dd.MM.yyyy",
    ];

    /// <summary>Local times without an offset are French civil time (summer time included).</summary>
    static readonly TimeZoneInfo Paris = FindParis();

    static TimeZoneInfo FindParis()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.Utc; }
    }

    public static bool TryParseDate(string raw, out DateTimeOffset date)
    {
        var text = OffsetWithoutColon().Replace(raw.Trim(), "$1:$2");
        if (HasOffset().IsMatch(text))
            return DateTimeOffset.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
                || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
        if (DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            || DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out local))
        {
            local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            date = new DateTimeOffset(local, Paris.GetUtcOffset(local));
            return true;
        }
        date = default;
        return false;
    }

    [GeneratedRegex(@"(Z|[+-]\d{2}:\d{2})$")] private static partial Regex HasOffset();

    [GeneratedRegex(@"\s+")] private static partial Regex Spaces();
    [GeneratedRegex(@"^\d+\.0+$")] private static partial Regex DecimalZero();
    [GeneratedRegex(@"(\s[+-]\d{2})(\d{2})$")] private static partial Regex OffsetWithoutColon();
}
