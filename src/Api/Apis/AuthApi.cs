using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Synthesis.Api.Security;

namespace Synthesis.Api.Apis;

public sealed record LoginRequest(string? Name, string? Password);

public sealed record Me(string Name, string Role);

/// <summary>Cookie login for the web app and scripts that prefer it to an API key; rate-limited per address.</summary>
public static class AuthApi
{
    public const string LoginRateLimit = "login";

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/auth").WithTags("Authentication");
        api.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting(LoginRateLimit).DisableAntiforgery();
        api.MapPost("/logout", (Delegate)Logout).RequireAuthorization(Roles.Policies.Read).DisableAntiforgery();
        api.MapGet("/me", GetMe).RequireAuthorization(Roles.Policies.Read);
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

    public static Task SignInAsync(HttpContext context, UserAccount user) =>
        context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role), new Claim("uid", user.Id.ToString())],
            CookieAuthenticationDefaults.AuthenticationScheme)));

    static async Task<NoContent> Logout(HttpContext context)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    static Ok<Me> GetMe(ClaimsPrincipal user) =>
        TypedResults.Ok(new Me(user.Identity?.Name ?? "", user.FindFirstValue(ClaimTypes.Role) ?? ""));
}
