using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Synthesis.Api.Security;

namespace Synthesis.Api.Apis;

public sealed record LoginRequest(string? Name, string? Password);

public sealed record Me(string Name, string Role);

public sealed record PasswordChange(string? Current, string? Password);

/// <summary>Cookie login for the web app and scripts that prefer it to an API key; rate-limited per address.</summary>
public static class AuthApi
{
    public const string LoginRateLimit = "login";

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/auth").WithTags("Authentication");
        api.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting(LoginRateLimit).DisableAntiforgery();
        api.MapPost("/logout", (Delegate)Logout).RequireAuthorization(Roles.Policies.Read);
        api.MapGet("/me", GetMe).RequireAuthorization(Roles.Policies.Read);
        api.MapPost("/password", ChangePassword).RequireAuthorization(Roles.Policies.Read);
        api.MapGet("/antiforgery", Antiforgery).RequireAuthorization(Roles.Policies.Read);
    }

    static async Task<Results<Ok<Me>, ProblemHttpResult>> Login(LoginRequest request, Accounts accounts, HttpContext context)
    {
        if (string.IsNullOrWhiteSpace(request.Name) || string.IsNullOrEmpty(request.Password))
            return ApiProblems.BadRequest("Give a name and a password.", "name");
        if (accounts.CheckPassword(request.Name, request.Password) is not { } user)
            return TypedResults.Problem("Unknown name or wrong password.", statusCode: StatusCodes.Status401Unauthorized, title: "Login failed");
        await SignInAsync(context, user);
        return TypedResults.Ok(new Me(user.Name, user.Role));
    }

    /// <summary>The claim holding the secret of the cookie's session (see <see cref="Accounts.StartSession"/>).</summary>
    public const string SessionClaim = "sid";

    public static Task SignInAsync(HttpContext context, UserAccount user)
    {
        var session = context.RequestServices.GetRequiredService<Accounts>().StartSession(user);
        return context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role), new Claim("uid", user.Id.ToString()), new Claim(SessionClaim, session)],
            CookieAuthenticationDefaults.AuthenticationScheme)));
    }

    /// <summary>Ends the session on the server (a copy of the cookie stops working too), then removes the cookie.</summary>
    public static async Task SignOutAsync(HttpContext context)
    {
        if (context.User.FindFirstValue(SessionClaim) is { } session)
            context.RequestServices.GetRequiredService<Accounts>().EndSession(session);
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// Checks a cookie on every request: its session must be live, its user active and of the role it was given. A
    /// session ended by logout, or a user disabled, deleted, given another role or a new password, is signed out here.
    /// </summary>
    public static async Task ValidateSession(CookieValidatePrincipalContext context)
    {
        var accounts = context.HttpContext.RequestServices.GetRequiredService<Accounts>();
        var principal = context.Principal;
        if (principal?.FindFirstValue(SessionClaim) is { } session && accounts.CheckSession(session) is { } user
            && user.Role == principal.FindFirstValue(ClaimTypes.Role) && user.Id.ToString() == principal.FindFirstValue("uid"))
            return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    static async Task<NoContent> Logout(HttpContext context)
    {
        await SignOutAsync(context);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// A signed-in person's own password change. Every session of theirs ends (a stolen cookie with it); the caller,
    /// if signed in by cookie, gets a fresh one. API keys belong to programs and have no password.
    /// </summary>
    static async Task<Results<NoContent, ProblemHttpResult>> ChangePassword(PasswordChange body, Accounts accounts, HttpContext context)
    {
        if (!long.TryParse(context.User.FindFirstValue("uid"), out var id))
            return ApiProblems.BadRequest("An API key has no password: sign in as a person to change one.");
        if (string.IsNullOrEmpty(body.Current) || string.IsNullOrEmpty(body.Password))
            return ApiProblems.BadRequest("Give the 'current' password and the new 'password'.", string.IsNullOrEmpty(body.Current) ? "current" : "password");
        try
        {
            if (!accounts.ChangePassword(id, body.Current, body.Password))
                return TypedResults.Problem("The current password is wrong.", statusCode: StatusCodes.Status403Forbidden, title: "Password not changed");
        }
        catch (ArgumentException e)
        {
            return ApiProblems.BadRequest(e.Message, "password");
        }
        if (accounts.Find(id) is { } user) await SignInAsync(context, user);
        return TypedResults.NoContent();
    }

    /// <summary>The antiforgery token a cookie-authenticated program sends with each change (see <see cref="SynthesisWebHost.AntiforgeryHeader"/>).</summary>
    public sealed record AntiforgeryToken(string Header, string Token);

    static Ok<AntiforgeryToken> Antiforgery(HttpContext context, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) =>
        TypedResults.Ok(new AntiforgeryToken(SynthesisWebHost.AntiforgeryHeader, antiforgery.GetAndStoreTokens(context).RequestToken!));

    static Ok<Me> GetMe(ClaimsPrincipal user) =>
        TypedResults.Ok(new Me(user.Identity?.Name ?? "", user.FindFirstValue(ClaimTypes.Role) ?? ""));
}
