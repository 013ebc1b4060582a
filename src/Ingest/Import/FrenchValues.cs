using System.Collections.Frozen;
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
    static readonly (string Word, Channel Value)[] ChannelWords =
    [
        ("plateforme en ligne", Channel.Platform), ("plateforme", Channel.Platform), ("en ligne", Channel.Platform), ("site", Channel.Platform),
        ("événement de rue", Channel.StreetEvent), ("rue", Channel.StreetEvent), ("stand", Channel.StreetEvent),
        ("atelier", Channel.Workshop), ("forum public", Channel.Forum), ("questionnaire", Channel.Survey), ("enquête", Channel.Survey),
        ("courriel", Channel.Email), ("mail", Channel.Email), ("e-mail", Channel.Email), ("papier", Channel.Paper),
        ("courrier", Channel.Paper), ("autre", Channel.Other),
    ];

    static readonly (string Word, ParticipantProfile Value)[] ProfileWords =
    [
        ("personne concernée", ParticipantProfile.PersonConcerned), ("association", ParticipantProfile.CommunityOrganisation),
        ("collectif citoyen", ParticipantProfile.CitizenCollective), ("collectif", ParticipantProfile.CitizenCollective),
        ("commerce ou entreprise", ParticipantProfile.Business), ("commerce", ParticipantProfile.Business), ("entreprise", ParticipantProfile.Business),
        ("travailleur social", ParticipantProfile.SocialWorker), ("travailleuse sociale", ParticipantProfile.SocialWorker),
        ("chercheur", ParticipantProfile.Researcher), ("chercheuse", ParticipantProfile.Researcher),
        ("institution", ParticipantProfile.Institution), ("non renseigné", ParticipantProfile.Unknown),
    ];

    static readonly (string Word, AuthorKind Value)[] AuthorWords =
    [
        ("particulier", AuthorKind.Individual), ("individuel", AuthorKind.Individual), ("individu", AuthorKind.Individual),
        ("collectif", AuthorKind.Collective), ("groupe", AuthorKind.Collective), ("inconnu", AuthorKind.Unknown),
    ];

    static readonly FrozenDictionary<string, Channel> Channels = ChannelWords.ToFrozenDictionary(w => Key(w.Word), w => w.Value, StringComparer.Ordinal);
    static readonly FrozenDictionary<string, ParticipantProfile> Profiles = ProfileWords.ToFrozenDictionary(w => Key(w.Word), w => w.Value, StringComparer.Ordinal);
    static readonly FrozenDictionary<string, AuthorKind> AuthorKinds = AuthorWords.ToFrozenDictionary(w => Key(w.Word), w => w.Value, StringComparer.Ordinal);

    /// <summary>The value <paramref name="text"/> names, in the product's names (<c>workshop</c>) or in French (« atelier »).</summary>
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        if (DomainNames.TryParse(text, out value)) return true;
        var key = Key(text ?? "");
        object? found = typeof(T) == typeof(Channel) && Channels.TryGetValue(key, out var c) ? c
            : typeof(T) == typeof(ParticipantProfile) && Profiles.TryGetValue(key, out var p) ? p
            : typeof(T) == typeof(AuthorKind) && AuthorKinds.TryGetValue(key, out var a) ? a
            : null;
        if (found is T t) { value = t; return true; }
        return false;
    }

    /// <summary>The French words accepted for a kind of value, for the message that refuses one.</summary>
    public static IEnumerable<string> Words<T>() where T : struct, Enum =>
        typeof(T) == typeof(Channel) ? ChannelWords.Select(w => w.Word) : typeof(T) == typeof(ParticipantProfile) ? ProfileWords.Select(w => w.Word)
        : typeof(T) == typeof(AuthorKind) ? AuthorWords.Select(w => w.Word) : [];

    static string Key(string text)
    {
        var decomposed = text.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var plain = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(ch) != UnicodeCategory.NonSpacingMark) plain.Append(ch == '’' ? '\'' : ch);
        return string.Join(' ', plain.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
