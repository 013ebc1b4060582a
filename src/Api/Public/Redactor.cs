using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Synthesis.Api.Public;

/// <summary>
/// Removes what identifies a private person from text shown to the public: e-mail addresses (also written
/// « jean [dot] dupont [at] free [dot] fr » or « arobase »), phone numbers (spaced, dotted, bracketed, « (0)2 … »,
/// « +33 … », one digit at a time), bank account numbers (IBAN), social security numbers, street addresses (« 12 r.
/// de la Paix », « 3 bis av. … »), and people's names: after a civility or a title (« le docteur Martin », « M. et
/// Mme Durand », « Maître Leroy »), after « Signé », « Cordialement » and the like, after « la famille », « je
/// m'appelle », and a common French first name with a capitalised (or upper-case) surname, in either order. A name
/// that is part of a place (« rue Victor Hugo », « lycée Jules Verne ») or of a public figure in office is kept. It
/// errs on the side of hiding: a public view may lose a word, it must not expose a person. The false positives on
/// real contributions are measured in eval-data/redaction.
/// </summary>
public static partial class Redactor
{
    public const string Email = "[courriel masqué]";
    public const string Phone = "[téléphone masqué]";
    public const string Address = "[adresse masquée]";
    public const string Name = "[nom masqué]";
    public const string Iban = "[IBAN masqué]";
    public const string Number = "[numéro masqué]";

    static readonly Lazy<FrozenSet<string>> FirstNames = new(() =>
    {
        using var stream = typeof(Redactor).Assembly.GetManifestResourceStream("prenoms.txt")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith('#')).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    });

    /// <summary>Words before a name that make it a place or an institution, not a person (« rue Victor Hugo »).</summary>
    static readonly FrozenSet<string> PlaceWords = FrozenSet.ToFrozenSet(
    [
        "rue", "avenue", "av", "boulevard", "bd", "place", "quai", "allée", "impasse", "chemin", "cours", "square", "pont", "parc",
        "jardin", "passage", "résidence", "cité", "quartier", "lycée", "collège", "école", "université", "centre", "salle", "stade",
        "gymnase", "gare", "station", "arrêt", "hôpital", "clinique", "médiathèque", "bibliothèque", "maison", "espace", "institut",
        "fondation", "musée", "théâtre", "piscine", "complexe", "prix", "saint", "sainte", "st", "ste", "église", "rond-point", "esplanade",
        "promenade", "mail", "ligne", "tramway", "tram", "station", "hall", "pôle", "campus", "îlot", "ehpad", "foyer", "association",
    ], StringComparer.OrdinalIgnoreCase);

    /// <summary>Public offices: a name after one is a public figure in their role (« le député Alain Ramadier »).</summary>
    static readonly FrozenSet<string> PublicOffices = FrozenSet.ToFrozenSet(
    [
        "député", "députée", "sénateur", "sénatrice", "ministre", "maire", "président", "présidente", "préfet", "préfète",
        "élu", "élue", "gouverneur", "défenseur",
        "candidat", "candidate", "économiste", "sociologue", "philosophe", "journaliste", "écrivain", "auteur", "autrice",
    ], StringComparer.OrdinalIgnoreCase);

    /// <summary>Public figures named in their public role: not private persons.</summary>
    static readonly FrozenSet<string> PublicFigures = FrozenSet.ToFrozenSet(
    [
        "Emmanuel Macron", "Édouard Philippe", "Edouard Philippe", "Jean Castex", "Élisabeth Borne", "Elisabeth Borne", "François Hollande",
        "Nicolas Sarkozy", "Jacques Chirac", "François Mitterrand", "Charles de Gaulle", "Marine Le Pen", "Jean-Luc Mélenchon",
        "Johanna Rolland", "Martine Aubry", "Anne Hidalgo", "Jean Jaurès", "Victor Hugo", "Jules Verne", "Jean Moulin", "Louis Pasteur",
        "Pierre Mendès", "Simone Veil", "Nicolas Hulot", "Bruno Le Maire", "Gérald Darmanin", "Olivier Véran", "Christophe Castaner",
        "Jacques Toubon", "Claire Hédon", "Thomas Piketty", "Laurent Berger", "Philippe Martinez", "Richard Ferrand", "Gérard Larcher",
        "Agnès Buzyn", "Muriel Pénicaud", "Marlène Schiappa", "Jean-Michel Blanquer", "François Bayrou", "Laurent Wauquiez",
        "Benoît Hamon", "Yannick Jadot", "Valérie Pécresse", "Éric Zemmour", "Jordan Bardella", "Carlos Ghosn", "Bernard Arnault",
    ], StringComparer.OrdinalIgnoreCase);

    /// <summary>The surnames of <see cref="PublicFigures"/>, for « M. Macron », « Mme Pécresse ».</summary>
    static readonly Lazy<FrozenSet<string>> PublicSurnames = new(() => PublicFigures.Select(f => f[(f.IndexOf(' ') + 1)..]).ToFrozenSet(StringComparer.OrdinalIgnoreCase));

    public static string Redact(string text) => Redact(text, null);

    /// <summary>What <see cref="Redact(string)"/> removes from a text, in order (for measuring it on real contributions).</summary>
    public static IReadOnlyList<string> RemovedParts(string text)
    {
        var removed = new List<string>();
        Redact(text, removed);
        return removed;
    }

    static string Redact(string text, List<string>? removed)
    {
        MatchEvaluator all(string placeholder) => m => { removed?.Add(m.Value); return placeholder; };
        MatchEvaluator after(string kept) => m => { removed?.Add(m.Value[m.Groups[kept].Length..].Trim()); return m.Groups[kept].Value.TrimEnd() + " " + Name; };
        text = EmailPattern().Replace(text, all(Email));
        text = ObfuscatedEmailPattern().Replace(text, all(Email));
        text = IbanPattern().Replace(text, all(Iban));
        text = SocialSecurityPattern().Replace(text, all(Number));
        text = PhonePattern().Replace(text, all(Phone));
        text = AddressPattern().Replace(text, all(Address));
        text = CivilityPattern().Replace(text, m => IsPublicFigure(m.Value[m.Groups["civ"].Length..].Trim()) ? m.Value : after("civ")(m));
        text = SignaturePattern().Replace(text, after("sig"));
        text = FamilyPattern().Replace(text, after("fam"));
        text = IntroductionPattern().Replace(text, after("intro"));
        return Names(text, removed);
    }

    /// <summary>A first name with a surname (« Pierre Durand », « Jean DUPONT », « DUPONT Jean »), unless a place or a public figure.</summary>
    static string Names(string text, List<string>? removed)
    {
        var words = CapitalisedWord().Matches(text);
        if (words.Count < 2) return text;
        var result = new System.Text.StringBuilder(text.Length);
        var copied = 0;
        for (var i = 0; i + 1 < words.Count; i++)
        {
            Match a = words[i], b = words[i + 1];
            // adjacent: one space (or a non-breaking one) between them
            if (b.Index != a.Index + a.Length + 1 || !char.IsWhiteSpace(text[a.Index + a.Length])) continue;
            var end = b.Index + b.Length;
            // a particle and one more word make the surname (« Marie Le Gall », « Jean De La Tour »)
            var particle = b.Value is "Le" or "La" or "De" or "Du" && i + 2 < words.Count && words[i + 2].Index == end + 1;
            var personal = IsFirstName(a.Value) && (IsSurname(b.Value) || IsFirstName(b.Value) || particle)
                || IsUpper(a.Value) && a.Length > 1 && IsFirstName(b.Value);
            if (!personal) continue;
            if (particle && IsFirstName(a.Value)) end = words[i + 2].Index + words[i + 2].Length;
            if (PublicFigures.Contains(text[a.Index..end]) || PublicFigures.Contains(text[a.Index..(b.Index + b.Length)]) || AfterPlaceWord(text, a.Index)) continue;
            result.Append(text, copied, a.Index - copied).Append(Name);
            removed?.Add(text[a.Index..end]);
            copied = end;
            while (i + 1 < words.Count && words[i + 1].Index < end) i++;
        }
        return copied == 0 ? text : result.Append(text, copied, text.Length - copied).ToString();
    }

    static bool IsPublicFigure(string name) => PublicFigures.Contains(name) || PublicSurnames.Value.Contains(name);

    static bool IsFirstName(string word) =>
        FirstNames.Value.Contains(word) || word.Contains('-') && word.Split('-').All(part => part.Length > 0 && FirstNames.Value.Contains(part));

    /// <summary>A capitalised word that can be a surname: not a word that only starts a sentence (« Je », « Il »).</summary>
    static bool IsSurname(string word) => word.Length > 1 && !NotSurnames.Contains(word);

    static readonly FrozenSet<string> NotSurnames = FrozenSet.ToFrozenSet(
    [
        "Je", "Il", "Elle", "On", "Nous", "Vous", "Ils", "Elles", "Le", "La", "Les", "Un", "Une", "Des", "Et", "Ou", "Mais", "Donc", "Car",
        "Ce", "Cette", "Ces", "Mon", "Ma", "Mes", "Son", "Sa", "Ses", "Notre", "Nos", "Leur", "Leurs", "En", "Au", "Aux", "Du", "De", "Pour",
        "Par", "Avec", "Sans", "Si", "Quand", "Qui", "Que", "Oui", "Non", "Merci", "Bonjour",
    ], StringComparer.Ordinal);

    static bool IsUpper(string word) => word.All(c => !char.IsLetter(c) || char.IsUpper(c));

    static bool AfterPlaceWord(string text, int at)
    {
        var before = text[..at].TrimEnd();
        var start = before.LastIndexOfAny([' ', '\n', '\t', '(', '«', '"', '\'', '’']) + 1;
        var word = before[start..].TrimEnd('.', ',');
        return PlaceWords.Contains(word) || PublicOffices.Contains(word);
    }

    [GeneratedRegex(@"\b[\p{Lu}][\p{L}\-]*[\p{L}]|\b[\p{Lu}]\b", RegexOptions.CultureInvariant)]
    private static partial Regex CapitalisedWord();

    [GeneratedRegex(@"[\p{L}\p{N}._%+\-]+\s?@\s?[\p{L}\p{N}.\-]+\.[\p{L}]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    // « jean [dot] dupont [at] free [dot] fr », « jean.dupont(at)free.fr », « jean point dupont arobase free point fr »:
    // an "at" written out, then a domain whose last label is a common top-level domain.
    [GeneratedRegex(@"[\p{L}\p{N}_%+\-]+(?:(?:\s?[.\[\(\{<]\s?(?:dot|point)\s?[\]\)\}>]\s?|\.|\s(?:dot|point)\s)[\p{L}\p{N}_%+\-]+)*\s?(?:[\[\(\{<]\s?(?:at|arobase|arobas|chez)\s?[\]\)\}>]|\s(?:at|arobase|arobas)\s)\s?[\p{L}\p{N}\-]+(?:(?:\s?[\[\(\{<]\s?(?:dot|point)\s?[\]\)\}>]\s?|\.|\s(?:dot|point)\s)[\p{L}\p{N}\-]+)*?(?:\s?[\[\(\{<]\s?(?:dot|point)\s?[\]\)\}>]\s?|\.|\s(?:dot|point)\s)(?:fr|com|org|net|eu|info|be|ch|io)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ObfuscatedEmailPattern();

    // FR76 3000 6000 0112 3456 7890 189 and other countries' IBANs, spaced by four or not.
    [GeneratedRegex(@"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){3,7}(?:[ ]?[A-Z0-9]{1,3})?\b", RegexOptions.CultureInvariant)]
    private static partial Regex IbanPattern();

    // 1 85 05 78 006 084 (36): sex, year, month, department (2A/2B), commune, order, key.
    [GeneratedRegex(@"(?<!\d)[12][\s.]?\d{2}[\s.]?(?:0[1-9]|1[0-2]|[2-9]\d)[\s.]?(?:\d{2}|2[AB])[\s.]?\d{3}[\s.]?\d{3}(?:[\s.]?\d{2})?(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex SocialSecurityPattern();

    // French numbers, however written: 06 12 34 56 78, 06.12.34.56.78, 0612345678, +33 6…, +33 (0)6…, 0033…, (0)2 40…,
    // 0 6 1 2 3 4 5 6 7 8; and other international numbers.
    [GeneratedRegex(@"(?<![\d\w])(?:(?:\+|00)\s?33\s?(?:\(0\)\s?)?|\(0\)\s?|0[\s.\-]?)[1-9](?:[\s.\-]?\d){8}(?!\d)|(?<![\d\w])\+\d{2,3}(?:[\s.\-]?\d){7,12}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"\b\d{1,4}\s?(?:bis|ter|b|t)?,?\s+(?:rue|r\.|avenue|av\.?|ave\.?|boulevard|bd\.?|bld\.?|allée|allee|all\.|impasse|imp\.|chemin|ch\.|place|pl\.|quai|route|rte\.?|cours|crs\.?|square|sq\.|passage|pass\.|faubourg|fg\.?|résidence|residence|rés\.|cité|cite|lotissement|lot\.|hameau|lieu-dit|sentier|sente|villa|esplanade|promenade|parvis|mail)(?![\p{L}])\s*(?:(?:de|du|des|la|le|l'|l’|d'|d’)\s*)*[\p{Lu}\d][\p{L}\d\-'’]*(?:\s+(?:(?:de|du|des|la|le|l'|l’|d'|d’)\s*)?[\p{Lu}][\p{L}\-'’]*){0,3}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AddressPattern();

    // A civility or a title, then a name: « M. Martin », « le docteur Martin », « M. et Mme Durand », « Maître Leroy ».
    [GeneratedRegex(@"(?<civ>\b(?:(?i:monsieur|madame|mademoiselle|docteure?|professeure?|maître|abbé|pasteur|imam|rabbin|père|mère|sœur|soeur|frère|cousine?|voisine?|tante|oncle)|M\.|MM\.|Mme\.?|Mmes\.?|Mlle\.?|Mr\.?|Dr\.?|Pr\.?|Me)(?:\s+(?i:et)\s+(?:(?i:monsieur|madame)|Mme\.?|M\.))?)\s+(?:[\p{Lu}][\p{L}\-'’]+|[\p{Lu}]\.)(?:\s+(?:(?:de|du|Le|La|De)\s+)?[\p{Lu}][\p{L}\-'’]+)?", RegexOptions.CultureInvariant)]
    private static partial Regex CivilityPattern();

    [GeneratedRegex(@"(?<sig>\b(?i:signé|signée|signature|cordialement|bien à vous|bien cordialement|salutations|amitiés|respectueusement)\s*[:,\-–]?\s*)(?:[\p{Lu}][\p{L}\-'’]+|[\p{Lu}]\.)(?:\s+(?:[\p{Lu}][\p{L}\-'’]+|[\p{Lu}]\.)){0,2}", RegexOptions.CultureInvariant)]
    private static partial Regex SignaturePattern();

    [GeneratedRegex(@"(?<fam>\b(?i:la famille|les époux|chez les|famille)\s+)[\p{Lu}][\p{L}\-'’]+(?:-[\p{Lu}][\p{L}\-'’]+)?", RegexOptions.CultureInvariant)]
    private static partial Regex FamilyPattern();

    [GeneratedRegex(@"(?<intro>\b(?i:je m'appelle|je m’appelle|mon nom est|moi c'est|moi c’est|mon prénom est|je me nomme|je suis madame|je suis monsieur)\s+)[\p{Lu}][\p{L}\-'’]+(?:\s+[\p{Lu}][\p{L}\-'’]+)?", RegexOptions.CultureInvariant)]
    private static partial Regex IntroductionPattern();
}
