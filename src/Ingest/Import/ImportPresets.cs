namespace Synthesis.Ingest.Import;

/// <summary>A named mapping for a known export format, recognised by the fields its records carry.</summary>
public sealed record ImportPreset(string Name, string Description, string[] Signature, FieldMapping Mapping)
{
    public bool Matches(IReadOnlyCollection<string> fields) =>
        Signature.All(s => fields.Contains(s, StringComparer.OrdinalIgnoreCase));
}

/// <summary>Presets for the consultation platforms whose exports cities actually have.</summary>
public static class ImportPresets
{
    static FieldMapping Map(Dictionary<Target, string> fields, Dictionary<Target, string> constants,
        Dictionary<Target, IReadOnlyDictionary<string, string>>? values = null) =>
        new(fields, constants, values ?? new());

    public static readonly ImportPreset MakeOrg = new(
        "makeorg",
        "Make.org proposals CSV (proposition, age, votes, adhesion, engagement, score)",
        ["proposition", "votes", "adhesion"],
        Map(new() { [Target.Text] = "proposition" },
            new() { [Target.Channel] = "platform", [Target.AuthorKind] = "individual", [Target.Publishable] = "true" }));

    public static readonly ImportPreset GrandDebat = new(
        "granddebat",
        "Grand Débat National answers JSON (reponse, questionIndex, reference, title, publishedAt, authorType, authorZipCode)",
        ["reponse", "questionIndex"],
        Map(new()
            {
                [Target.Text] = "reponse", [Target.Title] = "title", [Target.Date] = "publishedAt", [Target.Ref] = "index",
                [Target.Profile] = "authorType", [Target.AuthorKind] = "authorType", [Target.Neighbourhood] = "authorZipCode",
            },
            new() { [Target.Channel] = "platform", [Target.Publishable] = "true" },
            new()
            {
                [Target.Profile] = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
                {
                    ["Citoyen / Citoyenne"] = "unknown",
                    ["Élu / élue et Institution"] = "institution",
                    ["Organisation à but non lucratif"] = "community_organisation",
                },
                [Target.AuthorKind] = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
                {
                    ["Citoyen / Citoyenne"] = "individual",
                    ["Élu / élue et Institution"] = "collective",
                    ["Organisation à but non lucratif"] = "collective",
                },
            }));

    public static readonly ImportPreset Decidim = new(
        "decidim",
        "Decidim proposals CSV export (id; category/name/fr; title; body; created_at; ...)",
        ["id", "title", "body", "created_at"],
        Map(new() { [Target.Text] = "body", [Target.Title] = "title", [Target.Date] = "created_at", [Target.Ref] = "id" },
            new() { [Target.Channel] = "platform", [Target.Publishable] = "true" }));

    public static IReadOnlyList<ImportPreset> All { get; } = [MakeOrg, GrandDebat, Decidim];

    public static ImportPreset? Find(string name) =>
        All.FirstOrDefault(p => p.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));

    public static ImportPreset? Detect(IReadOnlyCollection<string> fields) => All.FirstOrDefault(p => p.Matches(fields));
}
