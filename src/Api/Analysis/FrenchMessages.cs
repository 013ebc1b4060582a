using System.Text.RegularExpressions;

namespace Synthesis.Api.Analysis;

/// <summary>
/// The pipeline's messages (written in English for operators and logs) as the web app shows them, in French.
/// A message without a translation is shown as it is: it still says what to run.
/// </summary>
public static partial class FrenchMessages
{
    static readonly (Regex Pattern, string French)[] Known =
    [
        (NoModel(), "Aucun modèle de transcription (Whisper) dans $1 : un administrateur l'installe depuis Administration › Modèles de transcription (téléchargement, ou copie du fichier dans ce dossier)."),
        (new Regex("^" + Regex.Escape(NoModelInstalled) + "$"), "Aucun modèle de transcription (Whisper) n'est installé sur le serveur : un administrateur l'installe depuis la page Administration (partie « Modèles de transcription »)."),
        (new Regex(@"^ffmpeg is not installed.*$"), "ffmpeg n'est pas installé : lancez scripts/setup.sh (apt-get install ffmpeg)."),
        (new Regex(@"^Tesseract is not installed.*$"), "Tesseract n'est pas installé : lancez scripts/setup.sh (apt-get install tesseract-ocr tesseract-ocr-fra)."),
        (new Regex(@"^the file has no audio track.*$"), "Le fichier n'a pas de piste audio : rien à transcrire (une vidéo muette, ou une photo enregistrée comme vidéo ?)."),
        (new Regex(@"^the file cannot be read as audio or video \((.*)\).*$"), "Le fichier ne se lit ni comme audio ni comme vidéo ($1) : il est peut-être abîmé ou tronqué ; l'original est conservé."),
        (new Regex(@"^the image cannot be read \((.*)\).*$"), "L'image ne peut pas être lue ($1) : elle est peut-être abîmée ou d'un format non pris en charge ; l'original est conservé."),
        (new Regex(@"^the Whisper model (\S+) cannot be loaded \((.*)\).*$"), "Le modèle Whisper $1 ne se charge pas ($2) : téléchargez-le de nouveau avec `synthesis models pull`."),
        (new Regex(@"^(\S+) is not a ggml Whisper model$"), "$1 n'est pas un modèle Whisper au format ggml."),
        (new Regex(@"^(\S+) stores F32 matrices.*$"), "$1 contient des matrices F32 que le moteur ne peut pas charger : prenez un modèle F16 ou quantifié."),
        (new Regex(@"^contribution (\d+) no longer exists$"), "La contribution $1 n'existe plus."),
        // a model download started from the admin page
        (new Regex(@"^cannot download (\S+) from (\S+) \((.*)\): this machine looks offline\. Copy (\S+) into (.+) by hand, or retry when online \(the download resumes\)\.$"),
            "téléchargement de $1 impossible depuis $2 ($3) : cette machine ne semble pas reliée à Internet. Copiez le fichier $4 dans $5, ou réessayez une fois en ligne (le téléchargement reprend où il s'était arrêté)."),
        (new Regex(@"^downloading (\S+) failed: HTTP (\d+) ?(.*)$"), "le téléchargement de $1 a échoué (HTTP $2 $3) : vérifiez l'adresse du miroir (Synthesis:ModelSource) ou réessayez plus tard."),
        (new Regex(@"^(\S+): SHA-256 \w+ does not match the manifest .*$"), "$1 : le fichier reçu ne correspond pas à l'empreinte attendue (SHA-256) ; il a été écarté, relancez le téléchargement."),
        // the importer's refusals and warnings, as the import page reports them
        (new Regex(@"^field '(.+?)' \(the text\) is empty(.*)$"), "le texte (champ « $1 ») est vide$2"),
        (new Regex(@"^no text field: none of the fields \((.*)\) is mapped to the text; use --map text=FIELD(.*)$"),
            "aucun champ ne donne le texte : aucun des champs ($1) n'est reconnu comme tel ; nommez la colonne du texte « texte » (ou, en ligne de commande, --map text=CHAMP)$2"),
        (new Regex(@"^field '(.+?)' holds ([\d,]+) characters, over the limit of ([\d,]+): .*?(\(line \d+\))?$"),
            "le champ « $1 » compte $2 caractères, au-delà de la limite de $3 : découpez ce texte en plusieurs contributions $4"),
        (new Regex(@"^field '(.+?)': '(.*)' is not a date \(.*?\); kept without a date(.*)$"),
            "le champ « $1 » : « $2 » n'est pas une date (par exemple 14/03/2022 ou 2022-03-14) ; contribution gardée sans date$3"),
        (new Regex(@"^'(.*)' is not a date \(.*?\); kept without a date(.*)$"), "« $1 » n'est pas une date (par exemple 2022-03-14) ; contribution gardée sans date$2"),
        (new Regex(@"^unsupported file type '(.*)': .*$"), "type de fichier « $1 » non pris en charge : importez du texte (CSV, TSV, JSON, JSONL, TXT, MD) ou des fichiers audio, vidéo et image"),
        (new Regex(@"^the file is empty: .*$"), "le fichier est vide : exportez-le de nouveau"),
        (new Regex(@"^the file holds no records$"), "le fichier ne contient aucune contribution"),
        (new Regex(@"^the file has no header line$"), "le fichier n'a pas de ligne d'en-tête (les noms des colonnes)"),
        (new Regex(@"^the file is binary, not text: .*$"), "le fichier est binaire, pas du texte : vérifiez que c'est bien un export CSV, JSON ou texte (pas un tableur ni une archive renommés)"),
        (new Regex(@"^this record has (\d+) fields but the header has (\d+): check the delimiter \('(.*?)'\) and that fields containing it are quoted(.*)$"),
            "cette ligne a $1 champs alors que l'en-tête en a $2 : vérifiez le séparateur (« $3 ») et que les champs qui le contiennent sont entre guillemets$4"),
        (new Regex(@"^this row has 1 field where the header has (\d+): it seems separated by '(.*?)', unlike the header; use one delimiter throughout the file(.*)$"),
            "cette ligne n'a qu'un champ alors que l'en-tête en a $1 : elle semble séparée par « $2 », contrairement à l'en-tête ; gardez un seul séparateur dans tout le fichier$3"),
        (new Regex(@"^a quoted field opened on line (\d+) never closes: .*$"), "un champ entre guillemets ouvert ligne $1 ne se ferme jamais : un guillemet à l'intérieur d'un champ doit être doublé"),
        (new Regex(@"^line (\d+) is not valid JSON \((.*)\): fix or remove that line$"), "la ligne $1 n'est pas du JSON valide ($2) : corrigez-la ou retirez-la"),
        (new Regex(@"^the JSON is an object, not an array of records: .*$"), "le JSON est un objet, pas une liste de contributions : donnez une liste d'objets"),
        (new Regex(@"^an invalid UTF-8 byte 0x(\w\w) at byte offset \d+ \(line (\d+)\), kept as « \uFFFD »: .*$"),
            "un octet invalide en UTF-8 (0x$1) ligne $2, gardé comme « \uFFFD » : corrigez le texte à cet endroit ou exportez de nouveau le fichier en UTF-8"),
    ];

    /// <summary>
    /// The message in French. Where it says where a file lies on the server (the Whisper model's folder), only an
    /// <paramref name="administrator"/> reads the place: the others read what is missing and who installs it
    /// (<see cref="WithoutServerPaths"/>).
    /// </summary>
    public static string Translate(string message, bool administrator)
    {
        if (!administrator) message = WithoutServerPaths(message);
        if (UnknownValue().Match(message) is { Success: true } unknown) return Unknown(unknown);
        foreach (var (pattern, french) in Known)
            if (pattern.IsMatch(message)) return LineNumber().Replace(pattern.Replace(message, french).TrimEnd(), "(ligne $1)");
        return message;
    }

    [GeneratedRegex(@"^no Whisper model at (.+?): run `([^`]+)`( or set (?:SYNTHESIS_WHISPER_MODEL|Synthesis:Whisper:Model))?.*$")]
    private static partial Regex NoModel();

    const string NoModelInstalled = "no Whisper model is installed on the server: an administrator installs one (Administration, transcription models)";

    /// <summary>
    /// The pipeline's message as someone who does not administer the server reads it, in the API too: where a missing
    /// Whisper model is expected on the server is left out.
    /// </summary>
    public static string WithoutServerPaths(string message) => NoModel().IsMatch(message) ? NoModelInstalled : message;

    /// <summary>An import value that names no channel, profile or author kind, said with the French words accepted.</summary>
    static string Unknown(Match m)
    {
        var (raw, field, kept) = (m.Groups[1].Value, m.Groups[2].Value, m.Groups[4].Value);
        var (name, accepted, keptName) = field switch
        {
            "channel" => ("canal", Ingest.Import.FrenchValues.Words<Channel>(), Reports.FrenchLabels.Channel(kept)),
            "profile" => ("profil", Ingest.Import.FrenchValues.Words<ParticipantProfile>(), Reports.FrenchLabels.Profile(kept)),
            _ => ("type d'auteur", Ingest.Import.FrenchValues.Words<AuthorKind>(), kept == "unknown" ? "inconnu" : kept),
        };
        return $"« {raw} » n'est pas un {name} connu (par exemple : {string.Join(", ", accepted.Take(8))}) ; contribution gardée avec le {name} « {keptName} »";
    }

    [GeneratedRegex(@"^'(.*)' is not a known (channel|profile|authorkind|author_kind) \((.*)\); kept as (\w+)$")]
    private static partial Regex UnknownValue();

    [GeneratedRegex(@"\(line (\d+)\)")]
    private static partial Regex LineNumber();
}
