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
        (NoModel(), "Aucun modèle Whisper dans $1 : lancez `$2` (ou réglez Synthesis:Whisper:Model)."),
        (new Regex(@"^ffmpeg is not installed.*$"), "ffmpeg n'est pas installé : lancez scripts/setup.sh (apt-get install ffmpeg)."),
        (new Regex(@"^Tesseract is not installed.*$"), "Tesseract n'est pas installé : lancez scripts/setup.sh (apt-get install tesseract-ocr tesseract-ocr-fra)."),
        (new Regex(@"^the file has no audio track.*$"), "Le fichier n'a pas de piste audio : rien à transcrire (une vidéo muette, ou une photo enregistrée comme vidéo ?)."),
        (new Regex(@"^the file cannot be read as audio or video \((.*)\).*$"), "Le fichier ne se lit ni comme audio ni comme vidéo ($1) : il est peut-être abîmé ou tronqué ; l'original est conservé."),
        (new Regex(@"^the image cannot be read \((.*)\).*$"), "L'image ne peut pas être lue ($1) : elle est peut-être abîmée ou d'un format non pris en charge ; l'original est conservé."),
        (new Regex(@"^the Whisper model (\S+) cannot be loaded \((.*)\).*$"), "Le modèle Whisper $1 ne se charge pas ($2) : téléchargez-le de nouveau avec `synthesis models pull`."),
        (new Regex(@"^(\S+) is not a ggml Whisper model$"), "$1 n'est pas un modèle Whisper au format ggml."),
        (new Regex(@"^(\S+) stores F32 matrices.*$"), "$1 contient des matrices F32 que le moteur ne peut pas charger : prenez un modèle F16 ou quantifié."),
        (new Regex(@"^contribution (\d+) no longer exists$"), "La contribution $1 n'existe plus."),
    ];

    public static string Translate(string message)
    {
        foreach (var (pattern, french) in Known)
            if (pattern.IsMatch(message)) return pattern.Replace(message, french);
        return message;
    }

    [GeneratedRegex(@"^no Whisper model at (.+?): run `([^`]+)`( or set (?:SYNTHESIS_WHISPER_MODEL|Synthesis:Whisper:Model))?.*$")]
    private static partial Regex NoModel();
}
