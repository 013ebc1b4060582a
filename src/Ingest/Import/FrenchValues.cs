using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Synthesis.Ingest.Import;

/// <summary>
/// The French words people write in a spreadsheet for a channel, a profile or an author kind (« atelier »,
/// « événement de rue », « association »…), the ones the web app shows among them, read as the values they name.
/// Case, accents and spacing do not matter.
/// </summary>
public static class FrenchValues
{
    /// <summary>Each word and the value it names; a word may name values of two kinds (« collectif »).</summary>
    static readonly ImmutableArray<(string Word, Enum Value)> Table =
    [
        ("plateforme en ligne", Channel.Platform), ("plateforme", Channel.Platform), ("en ligne", Channel.Platform), ("site", Channel.Platform),
        ("événement de rue", Channel.StreetEvent), ("rue", Channel.StreetEvent), ("stand", Channel.StreetEvent),
        ("atelier", Channel.Workshop), ("forum public", Channel.Forum), ("questionnaire", Channel.Survey), ("enquête", Channel.Survey),
        ("courriel", Channel.Email), ("mail", Channel.Email), ("e-mail", Channel.Email), ("papier", Channel.Paper),
        ("courrier", Channel.Paper), ("autre", Channel.Other),

        ("personne concernée", ParticipantProfile.PersonConcerned), ("association", ParticipantProfile.CommunityOrganisation),
        ("collectif citoyen", ParticipantProfile.CitizenCollective), ("collectif", ParticipantProfile.CitizenCollective),
        ("commerce ou entreprise", ParticipantProfile.Business), ("commerce", ParticipantProfile.Business), ("entreprise", ParticipantProfile.Business),
        ("travailleur social", ParticipantProfile.SocialWorker), ("travailleuse sociale", ParticipantProfile.SocialWorker),
        ("chercheur", ParticipantProfile.Researcher), ("chercheuse", ParticipantProfile.Researcher),
        ("institution", ParticipantProfile.Institution), ("non renseigné", ParticipantProfile.Unknown),

        ("particulier", AuthorKind.Individual), ("individuel", AuthorKind.Individual), ("individu", AuthorKind.Individual),
        ("collectif", AuthorKind.Collective), ("groupe", AuthorKind.Collective), ("inconnu", AuthorKind.Unknown),
    ];

    static readonly FrozenDictionary<(Type Kind, string Key), Enum> ByKey = Table.ToFrozenDictionary(w => (w.Value.GetType(), Key(w.Word)), w => w.Value);

    /// <summary>The value <paramref name="text"/> names, in the product's names (<c>workshop</c>) or in French (« atelier »).</summary>
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        if (DomainNames.TryParse(text, out value)) return true;
        if (!ByKey.TryGetValue((typeof(T), Key(text ?? "")), out var found)) return false;
        value = (T)found;
        return true;
    }

    /// <summary>The French words accepted for a kind of value, for the message that refuses one.</summary>
    public static IEnumerable<string> Words<T>() where T : struct, Enum => Table.Where(w => w.Value is T).Select(w => w.Word);

    /// <summary>Why <paramref name="raw"/> was not taken as a <paramref name="field"/>, with every word accepted, and what was kept.</summary>
    public static string Unknown<T>(string raw, string field, T kept) where T : struct, Enum =>
        $"'{raw}' is not a known {field} ({string.Join(", ", DomainNames.All<T>().Concat(Words<T>()))}); kept as {DomainNames.Name(kept)}";

    static string Key(string text)
    {
        var decomposed = text.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var plain = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark) plain.Append(ch == '’' ? '\'' : ch);
        return string.Join(' ', plain.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
