using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Synthesis.Api.Public;

/// <summary>
/// Removes what identifies a private person from text shown to the public: e-mail addresses, phone numbers, street
/// addresses and people's names (a civility or a common French first name followed by a capitalised word, and
/// "je m'appelle …"). It errs on the side of hiding: a public view may lose a word, it must not expose a person.
/// </summary>
public static partial class Redactor
{
    public const string Email = "[courriel masqué]";
    public const string Phone = "[téléphone masqué]";
    public const string Address = "[adresse masquée]";
    public const string Name = "[nom masqué]";

    static readonly Lazy<FrozenSet<string>> FirstNames = new(() =>
    {
        using var stream = typeof(Redactor).Assembly.GetManifestResourceStream("prenoms.txt")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith('#')).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    });

    public static string Redact(string text)
    {
        text = EmailPattern().Replace(text, Email);
        text = PhonePattern().Replace(text, Phone);
        text = AddressPattern().Replace(text, Address);
        text = CivilityPattern().Replace(text, m => m.Groups["civ"].Value + " " + Name);
        text = IntroductionPattern().Replace(text, m => m.Groups["intro"].Value + Name);
        text = CapitalisedPair().Replace(text, m => FirstNames.Value.Contains(m.Groups["first"].Value) ? Name : m.Value);
        return text;
    }

    [GeneratedRegex(@"[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}.\-]+\.[\p{L}]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    // French numbers (0X XX XX XX XX, +33 X…, 0033…) with spaces, dots or dashes, and other long digit runs.
    [GeneratedRegex(@"(?<!\d)(?:(?:\+|00)\s?33\s?\(?0?\)?\s?[1-9]|0[1-9])(?:[\s.\-]?\d{2}){4}(?!\d)|(?<!\d)\+\d[\d\s.\-]{8,16}\d", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"\b\d{1,4}\s?(?:bis|ter|b)?,?\s+(?:rue|avenue|av\.|boulevard|bd|allée|allee|impasse|chemin|place|quai|route|cours|square|passage|résidence|residence|cité|cite)\s+(?:(?:de|du|des|la|le|l'|l’|d'|d’)\s*)*[\p{Lu}][\p{L}\-']*(?:\s+[\p{Lu}][\p{L}\-']*){0,3}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AddressPattern();

    [GeneratedRegex(@"(?<civ>\b(?:M\.|Mme|Mlle|Mr|Monsieur|Madame|Mademoiselle|Dr|Docteur))\s+(?:[\p{Lu}][\p{L}\-']+)(?:\s+[\p{Lu}][\p{L}\-']+)?", RegexOptions.CultureInvariant)]
    private static partial Regex CivilityPattern();

    [GeneratedRegex(@"(?<intro>\b(?:je m'appelle|je m’appelle|mon nom est|moi c'est|moi c’est)\s+)[\p{Lu}][\p{L}\-']+(?:\s+[\p{Lu}][\p{L}\-']+)?", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex IntroductionPattern();

    [GeneratedRegex(@"\b(?<first>[\p{Lu}][\p{Ll}\-]+)(?:\s+(?<last>[\p{Lu}][\p{L}\-']+))?", RegexOptions.CultureInvariant)]
    private static partial Regex CapitalisedPair();
}
