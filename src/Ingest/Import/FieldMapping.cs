using System.Collections.Frozen;

namespace Synthesis.Ingest.Import;

/// <summary>The contribution fields a source field can fill.</summary>
public enum Target { Text, Title, Date, Ref, Channel, AuthorKind, Profile, Neighbourhood, Language, Publishable }

/// <summary>
/// Which source field fills which contribution field, constant values for the rest (<c>--set channel=workshop</c>),
/// and per-field value translations (a platform's "Organisation à but non lucratif" is our community_organisation).
/// Fields no mapping claims are kept as the contribution's metadata.
/// </summary>
public sealed record FieldMapping(
    IReadOnlyDictionary<Target, string> Fields,
    IReadOnlyDictionary<Target, string> Constants,
    IReadOnlyDictionary<Target, IReadOnlyDictionary<string, string>> Values)
{
    public static FieldMapping Empty { get; } = new(new Dictionary<Target, string>(), new Dictionary<Target, string>(),
        new Dictionary<Target, IReadOnlyDictionary<string, string>>());

    /// <summary>Names a source field commonly has for each target, tried when no explicit mapping is given.</summary>
    static readonly FrozenDictionary<Target, string[]> Conventional = new Dictionary<Target, string[]>()
    {
        [Target.Text] = ["text", "texte", "body", "contribution", "reponse", "réponse", "answer", "message", "content", "contenu", "proposition", "proposal", "description", "comment", "commentaire"],
        [Target.Title] = ["title", "titre", "subject", "sujet"],
        [Target.Date] = ["date", "created_at", "createdAt", "publishedAt", "published_at", "submitted_at", "timestamp"],
        [Target.Ref] = ["id", "ref", "reference", "référence", "external_id", "uuid"],
        [Target.Channel] = ["channel", "canal"],
        [Target.AuthorKind] = ["author_kind", "author_type"],
        [Target.Profile] = ["profile", "profil", "participant_profile"],
        [Target.Neighbourhood] = ["neighbourhood", "neighborhood", "quartier", "district"],
        [Target.Language] = ["language", "lang", "langue"],
        [Target.Publishable] = ["publishable", "publiable", "consent", "consentement"],
    }.ToFrozenDictionary();

    public static Target ParseTarget(string name) => name.Trim().ToLowerInvariant().Replace("-", "_") switch
    {
        "text" => Target.Text,
        "title" => Target.Title,
        "date" => Target.Date,
        "ref" or "id" or "external_ref" => Target.Ref,
        "channel" => Target.Channel,
        "author_kind" or "author" => Target.AuthorKind,
        "profile" => Target.Profile,
        "neighbourhood" or "neighborhood" => Target.Neighbourhood,
        "language" or "lang" => Target.Language,
        "publishable" => Target.Publishable,
        _ => throw new ArgumentException(
            $"unknown field '{name}': use one of text, title, date, ref, channel, author_kind, profile, neighbourhood, language, publishable"),
    };

    /// <summary>Parses <c>text=reponse,title=title</c>.</summary>
    public static Dictionary<Target, string> ParsePairs(string? spec, string option)
    {
        var result = new Dictionary<Target, string>();
        if (string.IsNullOrWhiteSpace(spec)) return result;
        foreach (var pair in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0 || eq == pair.Length - 1)
                throw new ArgumentException($"{option}: '{pair}' is not field=value (example: {option} text=reponse,title=title)");
            result[ParseTarget(pair[..eq])] = pair[(eq + 1)..].Trim();
        }
        return result;
    }

    /// <summary>This mapping with explicit fields and constants laid over it.</summary>
    public FieldMapping With(IReadOnlyDictionary<Target, string> fields, IReadOnlyDictionary<Target, string> constants)
    {
        var f = new Dictionary<Target, string>(Fields);
        foreach (var (k, v) in fields) f[k] = v;
        var c = new Dictionary<Target, string>(Constants);
        foreach (var (k, v) in constants) c[k] = v;
        return this with { Fields = f, Constants = c };
    }

    /// <summary>Completes the mapping for a source's field names: conventional names fill unmapped targets.</summary>
    public FieldMapping ResolveFor(IReadOnlyCollection<string> sourceFields)
    {
        var f = new Dictionary<Target, string>(Fields);
        foreach (var (target, candidates) in Conventional)
        {
            if (f.ContainsKey(target) || Constants.ContainsKey(target)) continue;
            var hit = candidates.FirstOrDefault(c => sourceFields.Contains(c, StringComparer.OrdinalIgnoreCase));
            if (hit is not null) f[target] = sourceFields.First(s => s.Equals(hit, StringComparison.OrdinalIgnoreCase));
        }
        return this with { Fields = f };
    }
}
