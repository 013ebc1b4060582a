using Lingua;
using LinguaDetector = Lingua.LanguageDetector;

namespace Synthesis.Nlp.French;

/// <summary>
/// Language of a passage among the languages a French city's dialogue actually receives (French, English, Spanish,
/// German, Italian, Portuguese, Arabic, Dutch), with Lingua's n-gram models. Built from that short list, not from
/// all 75 languages (11 s and 1.7 GB). Two steps keep it cheap: Lingua's trigram models screen every text (half a
/// second to load, about 0.5 ms a text); only a text they give to another language with the confidence a verdict
/// needs is checked again by the full n-gram models of French and that language (loaded when first needed), whose
/// verdict is kept. Loading the full models of the eight languages took 2.8 s, and 107 unclear passages of the
/// 18,690 Make.org proposals 3.6 s, of the 20 s their whole analysis may take. Short or ambiguous texts ("Oui.",
/// "OK", "Merci") come back as French: a passage is reported as another language only when the evidence is clear.
/// The caller decides what to do with non-French passages (they are flagged, never dropped here). Thread-safe.
/// </summary>
public sealed class LanguageDetector
{
    /// <summary>The languages considered.</summary>
    public static readonly IReadOnlyList<Language> Languages =
    [
        Language.French, Language.English, Language.Spanish, Language.German, Language.Italian, Language.Portuguese,
        Language.Arabic, Language.Dutch,
    ];

    readonly LinguaDetector _screen;
    readonly System.Collections.Concurrent.ConcurrentDictionary<Language, Lazy<LinguaDetector>> _confirm = new();

    /// <summary>Below this many letters a non-French verdict needs a very high confidence.</summary>
    public int ShortTextLetters { get; init; } = 25;

    /// <summary>Confidence a non-French language needs on a short text to win over the French default.</summary>
    public double ShortTextConfidence { get; init; } = 0.95;

    /// <summary>Confidence a non-French language needs on a longer text.</summary>
    public double MinimumConfidence { get; init; } = 0.5;

    LanguageDetector(LinguaDetector screen) => _screen = screen;

    /// <summary>Builds the detector (models load lazily on first use: half a second for the screening models).</summary>
    public static LanguageDetector Create() =>
        new(LanguageDetectorBuilder.FromLanguages([.. Languages]).WithLowAccuracyMode().Build());

    /// <summary>The full n-gram models of French and <paramref name="language"/>, built once per language.</summary>
    LinguaDetector Confirmer(Language language) =>
        _confirm.GetOrAdd(language, l => new Lazy<LinguaDetector>(() => LanguageDetectorBuilder.FromLanguages(Language.French, l).Build())).Value;

    /// <summary>The most likely language of <paramref name="text"/> by <paramref name="detector"/>, its confidence, and French's.</summary>
    static (Language Best, double Value, double French) Rank(LinguaDetector detector, string text)
    {
        var best = Language.Unknown;
        var bestValue = 0.0;
        var french = 0.0;
        foreach (var (language, value) in detector.ComputeLanguageConfidenceValues(text))
        {
            if (language == Language.French) french = value;
            if (value > bestValue) { best = language; bestValue = value; }
        }
        return (best, bestValue, french);
    }

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

        var needed = letters < ShortTextLetters ? ShortTextConfidence : MinimumConfidence;
        // the screen first: French, or another language it is not sure of, is French without loading more models
        var screen = Rank(_screen, text);
        if (AsFrench(screen, needed) is { } fr) return fr;
        // the screen says another language: French and that language's full models decide
        var full = Rank(Confirmer(screen.Best), text);
        return AsFrench(full, needed) ?? (LanguageInfo.IsoCode6391(full.Best).ToString().ToLowerInvariant(), full.Value);
    }

    /// <summary>The French verdict and its confidence when a ranking does not name another language clearly enough; else null.</summary>
    static (string Code, double Confidence)? AsFrench((Language Best, double Value, double French) r, double needed) =>
        r.Best is Language.Unknown or Language.French ? ("fr", r.Best == Language.French ? r.Value : r.French)
        : r.Value < needed ? ("fr", r.French)
        : null;
}
