using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Synthesis.Api.Security;

/// <summary>
/// Programs authenticate with an API key, sent as <c>Authorization: Bearer syn_…</c> or <c>X-Api-Key: syn_…</c>.
/// A request without a key is left to the cookie scheme; a wrong or revoked key fails (401), it never falls back.
/// </summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Accounts accounts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    public static string? KeyOf(Microsoft.AspNetCore.Http.HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-Api-Key", out var key) && key.Count == 1) return key[0];
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = KeyOf(Request);
        if (secret is null) return Task.FromResult(AuthenticateResult.NoResult());
        if (accounts.CheckApiKey(secret) is not { } key) return Task.FromResult(AuthenticateResult.Fail("unknown or revoked API key"));
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "key:" + key.Name), new Claim(ClaimTypes.Role, key.Role)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
