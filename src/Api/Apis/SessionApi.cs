using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Synthesis.Api.Security;

namespace Synthesis.Api.Apis;

/// <summary>The web app's login and logout forms (antiforgery-checked, login rate-limited like the API's).</summary>
public static class SessionApi
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/session", LogIn).AllowAnonymous().RequireRateLimiting(AuthApi.LoginRateLimit).ExcludeFromDescription();
        app.MapPost("/deconnexion", (Delegate)LogOut).RequireAuthorization(Roles.Policies.Read).ExcludeFromDescription();
    }

    static async Task<IResult> LogIn([FromForm] string? name, [FromForm] string? password, [FromForm] string? returnUrl, Accounts accounts, HttpContext context)
    {
        var target = returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\") ? returnUrl : "/";
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrEmpty(password) || accounts.CheckPassword(name, password) is not { } user)
            return Results.Redirect("/connexion?erreur=true&ReturnUrl=" + Uri.EscapeDataString(target));
        await AuthApi.SignInAsync(context, user);
        return Results.Redirect(target);
    }

    static async Task<IResult> LogOut(HttpContext context)
    {
        await AuthApi.SignOutAsync(context);
        return Results.Redirect("/connexion?deconnecte=true");
    }
}
