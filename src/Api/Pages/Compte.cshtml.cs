using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Apis;
using Synthesis.Api.Security;

namespace Synthesis.Api.Pages;

/// <summary>A signed-in person's own account: their password (the change ends their other sessions).</summary>
public sealed class CompteModel(Accounts accounts) : PageModel
{
    [TempData] public string? Message { get; set; }
    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? current, string? password, string? confirm)
    {
        if (!long.TryParse(User.FindFirst("uid")?.Value, out var id))
            Error = "Une clé d'API n'a pas de mot de passe : connectez-vous avec votre nom pour changer le vôtre.";
        else if (string.IsNullOrEmpty(current) || string.IsNullOrEmpty(password))
            Error = "Saisissez le mot de passe actuel et le nouveau.";
        else if (password != confirm)
            Error = "Les deux saisies du nouveau mot de passe diffèrent.";
        else if (password.Length < 10)
            Error = "Le nouveau mot de passe doit compter au moins 10 caractères.";
        else if (!accounts.ChangePassword(id, current, password))
            Error = "Le mot de passe actuel est incorrect.";
        if (Error is not null) return Page();
        if (accounts.Find(id) is { } user) await AuthApi.SignInAsync(HttpContext, user);
        Message = "Mot de passe changé. Vos autres sessions sont fermées.";
        return RedirectToPage();
    }
}
