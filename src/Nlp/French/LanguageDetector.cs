using Lingua;
using LinguaDetector = Lingua.LanguageDetector;

namespace Synthesis.Nlp.French;

/// <summary>
/// Language of a passage among the languages a French city's dialogue actually receives (French, English, Spanish,
/// German, Italian, Portuguese, Arabic, Dutch), with Lingua's n-gram models. Built from that short list, not from
/// all 75 languages (11 s and 1.7 GB). Short or ambiguous texts ("Oui.", "OK", "Merci") come back as French: a
/// passage is reported as another language only when the evidence is clear. The caller decides what to do with
/// non-French passages (they are flagged, never dropped here). Thread-safe.
/// </summary>
public sealed class LanguageDetector
{
    /// <summary>The languages considered.</summary>
    public static readonly IReadOnlyList<Language> Languages =
    [
        Language.French, Language.English, Language.Spanish, Language.German, Language.Italian, Language.Portuguese,
        Language.Arabic, Language.Dutch,
    ];

    readonly LinguaDetector _detector;

    /// <summary>Below this many letters a non-French verdict needs a very high confidence.</summary>
    public int ShortTextLetters { get; init; } = 25;

    /// <summary>Confidence a non-French language needs on a short text to win over the French default.</summary>
    public double ShortTextConfidence { get; init; } = 0.95;

    /// <summary>Confidence a non-French language needs on a longer text.</summary>
    public double MinimumConfidence { get; init; } = 0.5;

    LanguageDetector(LinguaDetector detector) => _detector = detector;

    /// <summary>Builds the detector (models load lazily on first use; about a second for the eight languages).</summary>
    public static LanguageDetector Create() =>
        new(LanguageDetectorBuilder.FromLanguages([.. Languages]).Build());

    /// <summary>Drops URLs and e-mail addresses: their letters are not a language ("youtube.com/watch?v=iK3G8" reads as Dutch).</summary>
    static string WithoutLinks(string text)
    {
        if (!text.Contains("://") && !text.Contains("www.") && !text.Contains('@')) return text;
        var parts = text.Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', parts.Where(p => !p.Contains("://") && !p.StartsWith("www.", StringComparison.OrdinalIgnoreCase) && !p.Contains('@')));
    }

    /// <summary>ISO 639-1 code ("fr", "en", ...) and the confidence (0..1) of the language returned.</summary>
    public (string Code, double Confidence) Detect(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return ("fr", 0);
        text = WithoutLinks(text);
        var letters = 0;
        foreach (var c in text) if (char.IsLetter(c)) letters++;
        if (letters == 0) return ("fr", 0);

        var values = _detector.ComputeLanguageConfidenceValues(text);
        var best = Language.Unknown;
        var bestValue = 0.0;
        var french = 0.0;
        foreach (var (language, value) in values)
        {
            if (language == Language.French) french = value;
            if (value > bestValue) { best = language; bestValue = value; }
        }
        if (best == Language.Unknown || best == Language.French) return ("fr", best == Language.French ? bestValue : french);

        var needed = letters < ShortTextLetters ? ShortTextConfidence : MinimumConfidence;
        if (bestValue < needed) return ("fr", french);
        return (LanguageInfo.IsoCode6391(best).ToString().ToLowerInvariant(), bestValue);
    }
}
