using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Synthesis.Api.Pages;

/// <summary>
/// The French page a browser gets for an error status (404, 403, 500…) instead of the API's problem details.
/// It is reached by re-execution (see <c>SynthesisWebHost</c>), for any method, so it checks no antiforgery token.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErreurModel : PageModel
{
    public string Title { get; private set; } = "";
    public string Explanation { get; private set; } = "";

    /// <summary>For a server error: the request's trace id, which the server's log line carries too.</summary>
    public string? TraceId { get; private set; }

    public void OnGet(int code) => Describe(code);
    public void OnPost(int code) => Describe(code);

    void Describe(int code)
    {
        // Asked for directly (/erreur/404), the page keeps the status it describes.
        Response.StatusCode = code is >= 400 and <= 599 ? code : 404;
        (Title, Explanation) = Response.StatusCode switch
        {
            400 => ("Demande incorrecte", "La demande envoyée n'a pas pu être lue. Revenez à la page précédente et réessayez."),
            403 => ("Accès refusé", "Votre rôle ne permet pas cette action. Demandez à un administrateur si vous en avez besoin."),
            404 => ("Page introuvable", "Cette page n'existe pas ou plus : l'adresse est peut-être incomplète, ou ce qu'elle montrait a été supprimé ou regroupé depuis (un thème fusionné ou scindé, par exemple)."),
            405 => ("Action impossible ici", "Cette adresse ne permet pas cette action."),
            413 => ("Fichier trop volumineux", "Le fichier dépasse la taille acceptée par le serveur."),
            429 => ("Trop de demandes", "Trop de demandes en peu de temps : réessayez dans une minute."),
            >= 500 => ("Erreur du serveur", "Une erreur inattendue s'est produite. Votre dernière action a pu être enregistrée malgré tout : vérifiez-le avant de la refaire."),
            _ => ("Erreur", "La demande n'a pas abouti."),
        };
        if (Response.StatusCode >= 500) TraceId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
    }
}
