using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Synthesis.Api.Pages;

public sealed class ConnexionModel : PageModel
{
    [FromQuery(Name = "ReturnUrl")] public string? ReturnUrl { get; set; }
    [FromQuery(Name = "erreur")] public bool Error { get; set; }
    [FromQuery(Name = "attente")] public bool TooMany { get; set; }
    [FromQuery(Name = "deconnecte")] public bool LoggedOut { get; set; }

    public void OnGet()
    {
        if (!Url.IsLocalUrl(ReturnUrl)) ReturnUrl = "/";
    }
}
