namespace Synthesis;

// The domain model in one place. Every derived record points back to its evidence: a passage to its
// contribution and character or media range, an analysis to its passage, a topic to its passages.
// Enum values are stored and serialised in snake_case (see DomainNames).

/// <summary>Where a contribution was collected.</summary>
public enum Channel { Platform, StreetEvent, Workshop, Forum, Survey, Email, Paper, Other }

/// <summary>Whether one person or a group speaks.</summary>
public enum AuthorKind { Individual, Collective, Unknown }

/// <summary>Who the participant is in the dialogue; analysts break every figure down by it.</summary>
public enum ParticipantProfile
{
    /// <summary>A person directly concerned by precarity or isolation.</summary>
    PersonConcerned,
    /// <summary>A social or community organisation (association, NGO).</summary>
    CommunityOrganisation,
    /// <summary>An emerging citizen collective.</summary>
    CitizenCollective,
    /// <summary>A business or shop.</summary>
    Business,
    /// <summary>A social-work professional.</summary>
    SocialWorker,
    Researcher,
    Institution,
    Unknown,
}

/// <summary>What kind of original a contribution came from.</summary>
public enum MediaKind { Text, Audio, Video, Image }

/// <summary>Where a passage's words come from.</summary>
public enum PassageSource { Text, Transcript, Ocr }

/// <summary>The three questions of the dialogue, plus anything else.</summary>
public enum QuestionType { Problem, Engagement, Solution, Other }

public enum Sentiment { Negative, Neutral, Positive }

/// <summary>An original file kept in the content-addressed store (never altered or deleted).</summary>
/// <param name="Sha256">Lower-case hex SHA-256 of the bytes; also the file's name in the blob folder.</param>
/// <param name="Name">The file name it was imported under.</param>
/// <param name="Row">For a tabular source, the 1-based record number in that file; null for a whole file.</param>
public sealed record OriginalFile(string Sha256, string Name, long Size, int? Row = null);

/// <summary>One thing one participant said or sent, as imported. Its text is never rewritten by analysis.</summary>
/// <param name="Id">Store identity (0 before insertion).</param>
/// <param name="Consultation">The consultation it belongs to (one data folder can hold several).</param>
/// <param name="ExternalRef">Its identity in the source system; with the content hash it makes imports idempotent.</param>
/// <param name="Text">The citizen's words; empty for media until transcription or OCR fills passages.</param>
/// <param name="Language">ISO 639-1 code when known ("fr" by default).</param>
/// <param name="Publishable">Whether the contributor agreed to publication; public views show only these, redacted.</param>
/// <param name="Metadata">Source fields that no mapping claimed, kept as JSON so nothing is lost.</param>
public sealed record Contribution(
    long Id,
    string Consultation,
    string ExternalRef,
    Channel Channel,
    AuthorKind AuthorKind,
    ParticipantProfile Profile,
    string? Neighbourhood,
    DateTimeOffset? Date,
    string? Title,
    string Text,
    string? Language,
    MediaKind Media,
    OriginalFile? Original,
    bool Publishable,
    string ContentHash,
    string? Metadata = null);

// Passages, their analysis, topics and review decisions are the store's rows and read model (src/Store): the
// PassageView, TopicNode and ReviewEntry records there are what every part reads.

/// <summary>Stable snake_case names for enum values, used in the store, JSON and the CLI.</summary>
public static class DomainNames
{
    public static string Name<T>(T value) where T : struct, Enum => ToSnake(value.ToString());

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var compact = text.Trim().Replace("_", "").Replace("-", "").Replace(" ", "");
        return Enum.TryParse(compact, ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    public static T Parse<T>(string text) where T : struct, Enum =>
        TryParse<T>(text, out var v) ? v : throw new FormatException($"'{text}' is not a {typeof(T).Name}");

    public static IEnumerable<string> All<T>() where T : struct, Enum => Enum.GetValues<T>().Select(Name);

    static string ToSnake(string pascal)
    {
        var sb = new System.Text.StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            var c = pascal[i];
            if (char.IsUpper(c) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(c));
        }
        return sb.ToString();
    }
}

/// <summary>
/// How sure the machine must be of a tone or question label (the probability its model gives the label) for it not to
/// be shown as uncertain. Chosen on the out-of-fold labels of the shipped models' training examples (the civic set's
/// train and dev parts, 4,355 texts since draw 5; eval-data/civic/README.md): tones under 0.6 were right 58% of the time
/// (459 texts, 11%), those above 89%; question types under 0.8 were right 60% of the time (990 texts, 23%), those above
/// 90% (after draw 4: 59% / 89% and 60% / 91%).
/// </summary>
public static class LabelConfidence
{
    public const double ToneUncertainBelow = 0.6;
    public const double QuestionUncertainBelow = 0.8;
}
