using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Synthesis.Api.Security;

namespace Synthesis.Api.Tests;

/// <summary>
/// A host of its own (the 48 Nantes contributions) with a login limit that tests logging in many times stay under
/// (the role table logs in each role; the session tests log in for each case). One per test class.
/// </summary>
public sealed class OwnHost : IAsyncLifetime
{
    public ApiFactory Factory { get; } = new() { WithDemo = false, LoginAttemptsPerMinute = 1000 };
    public Task InitializeAsync() => Factory.InitializeAsync();
    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

/// <summary>
/// The role matrix as a table written here, not read from the endpoints' own metadata: each endpoint (and each form
/// handler of the web app) with the least role it needs, called anonymously and as analyst, reviewer and admin,
/// with an API key and with the web app's cookie. A wrong policy on an endpoint fails this test; so does an endpoint
/// the table does not list.
/// </summary>
public sealed class RoleTableTests(OwnHost fixture) : IClassFixture<OwnHost>
{
    /// <summary>Public: anyone gets through; Denied: the French "access denied" page, 403 for everyone; SignsOut: a logout.</summary>
    const string Public = "public", Denied = "denied", SignsOut = "signs out", Analyst = Roles.Analyst, Reviewer = Roles.Reviewer, Admin = Roles.Admin;

    /// <summary>Method, address (999999 names nothing), the least role. Logging out comes last.</summary>
    static readonly (string Method, string Url, string Least)[] Table =
    [
        ("POST", "/api/auth/login", Public),
        ("GET", "/api/auth/me", Analyst),
        ("GET", "/api/auth/antiforgery", Analyst),
        ("POST", "/api/auth/password", Analyst),
        ("GET", "/health", Public),
        ("GET", "/openapi/v1.json", Public),
        ("GET", "/static/site.css", Public),
        ("GET", "/static/live.js", Public),
        ("GET", "/api/public/contributions", Public),
        ("POST", "/session", Public),
        ("GET", "/connexion", Public),
        ("GET", "/acces-refuse", Denied),
        ("GET", "/public", Public),
        ("GET", "/erreur/404", Public),
        ("GET", "/api/contributions", Analyst),
        ("GET", "/api/contributions/999999", Analyst),
        ("GET", "/api/contributions/999999/original", Analyst),
        ("POST", "/api/contributions", Admin),
        ("POST", "/api/contributions/files", Admin),
        ("PUT", "/api/passages/999999/text", Reviewer),
        ("PUT", "/api/contributions/999999/publishable", Reviewer),
        ("GET", "/api/search", Analyst),
        ("GET", "/api/passages/999999/similar", Analyst),
        ("GET", "/api/topics", Analyst),
        ("GET", "/api/topics/999999", Analyst),
        ("GET", "/api/topics/999999/summary", Analyst),
        ("GET", "/api/topics/999999/passages", Analyst),
        ("GET", "/api/questions", Analyst),
        ("GET", "/api/reports/csv", Analyst),
        ("GET", "/api/jobs", Analyst),
        ("GET", "/api/status", Analyst),
        ("POST", "/api/review/topics/999999/rename", Reviewer),
        ("POST", "/api/review/topics/999999/merge", Reviewer),
        ("POST", "/api/review/topics/999999/split", Reviewer),
        ("GET", "/api/review/topics/999999/merge-preview?from=999998", Reviewer),
        ("GET", "/api/review/topics/999999/split-preview?parts=2", Reviewer),
        ("POST", "/api/review/topics/999999/accept", Reviewer),
        ("POST", "/api/review/passages/move", Reviewer),
        ("POST", "/api/review/passages/outlier", Reviewer),
        ("POST", "/api/review/passages/999999/move", Reviewer),
        ("POST", "/api/review/passages/999999/outlier", Reviewer),
        ("POST", "/api/review/passages/999999/question", Reviewer),
        ("POST", "/api/review/passages/999999/sentiment", Reviewer),
        ("GET", "/api/review/log", Reviewer),
        ("POST", "/api/review/log/999999/undo", Reviewer),
        ("GET", "/api/checks", Reviewer),
        ("POST", "/api/checks", Reviewer),
        ("GET", "/api/checks/999999", Reviewer),
        ("PUT", "/api/checks/999999/items/999999", Reviewer),
        ("GET", "/api/admin/users", Admin),
        ("POST", "/api/admin/users", Admin),
        ("PUT", "/api/admin/users/999999", Admin),
        ("DELETE", "/api/admin/users/999999", Admin),
        ("GET", "/api/admin/keys", Admin),
        ("POST", "/api/admin/keys", Admin),
        ("DELETE", "/api/admin/keys/999999", Admin),
        ("GET", "/api/admin/settings", Admin),
        ("GET", "/", Analyst),
        ("GET", "/themes", Analyst),
        ("GET", "/themes/999999", Analyst),
        ("GET", "/themes/croisements", Analyst),
        ("GET", "/recherche", Analyst),
        ("GET", "/contributions", Analyst),
        ("GET", "/contributions/999999", Analyst),
        ("POST", "/contributions/999999?handler=Publishable", Reviewer),
        ("POST", "/contributions/999999?handler=EditText", Reviewer),
        ("GET", "/rapports", Analyst),
        ("GET", "/taches", Analyst),
        ("GET", "/taches?handler=Etat", Analyst),
        ("GET", "/taches?handler=Avis", Analyst),
        ("GET", "/compte", Analyst),
        ("POST", "/compte", Analyst),
        ("GET", "/revue", Reviewer),
        ("POST", "/revue?handler=Rename", Reviewer),
        ("POST", "/revue?handler=Merge", Reviewer),
        ("POST", "/revue?handler=Split", Reviewer),
        ("GET", "/revue/apercu?decision=split&topic=999999", Reviewer),
        ("POST", "/revue?handler=Accept", Reviewer),
        ("GET", "/revue/journal", Reviewer),
        ("POST", "/revue/journal?handler=Undo", Reviewer),
        ("GET", "/revue/themes/999999", Reviewer),
        ("POST", "/revue/themes/999999?handler=Move", Reviewer),
        ("POST", "/revue/themes/999999?handler=Bulk", Reviewer),
        ("POST", "/revue/themes/999999?handler=Outlier", Reviewer),
        ("POST", "/revue/themes/999999?handler=Question", Reviewer),
        ("POST", "/revue/themes/999999?handler=Sentiment", Reviewer),
        ("GET", "/revue/a-verifier", Reviewer),
        ("POST", "/revue/a-verifier?handler=Move", Reviewer),
        ("POST", "/revue/a-verifier?handler=Outlier", Reviewer),
        ("POST", "/revue/a-verifier?handler=Question", Reviewer),
        ("POST", "/revue/a-verifier?handler=Sentiment", Reviewer),
        ("POST", "/revue/a-verifier?handler=Bulk", Reviewer),
        ("GET", "/revue/controle", Reviewer),
        ("POST", "/revue/controle", Reviewer),
        ("GET", "/revue/controle/999999", Reviewer),
        ("POST", "/revue/controle/999999", Reviewer),
        ("GET", "/admin", Admin),
        ("GET", "/admin/importer", Admin),
        ("POST", "/admin/importer", Admin),
        ("POST", "/admin?handler=AddUser", Admin),
        ("POST", "/admin?handler=Role", Admin),
        ("POST", "/admin?handler=Disable", Admin),
        ("POST", "/admin?handler=Password", Admin),
        ("POST", "/admin?handler=Delete", Admin),
        ("POST", "/admin?handler=AddKey", Admin),
        ("POST", "/admin?handler=Revoke", Admin),
        ("POST", "/api/auth/logout", Analyst),
        ("POST", "/deconnexion", SignsOut),
    ];

    static readonly string[] Ranks = [Analyst, Reviewer, Admin];

    static bool IsPage(string url) => !SynthesisWebHost.IsMachinePath(new Microsoft.AspNetCore.Http.PathString(url.Split('?')[0]));

    [Fact]
    public void The_table_lists_every_endpoint_the_host_maps()
    {
        static string Pattern(string url) => Regex.Replace(url.Split('?')[0], "999999|404$", "{}");
        var listed = Table.Select(t => (t.Method, Pattern(t.Url))).ToHashSet();
        var sources = fixture.Factory.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        var missing = new List<string>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var raw = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (raw.StartsWith("/api/reference")) continue; // Scalar's own page and assets
            var pattern = Regex.Replace(raw, @"\{[^}]+\}", "{}").Replace("/openapi/{}.json", "/openapi/v1.json").Replace("/api/reports/{}", "/api/reports/csv");
            if (pattern.Length > 1) pattern = pattern.TrimEnd('/');
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                if (!listed.Contains((method, pattern))) missing.Add($"{method} {pattern}");
        }
        Assert.True(missing.Count == 0, "endpoints the role table does not list: " + string.Join(", ", missing.Distinct()));
    }

    [Theory]
    [InlineData("key")]
    [InlineData("cookie")]
    public async Task Each_endpoint_answers_each_role_as_the_table_says(string credential)
    {
        var failures = new List<string>();
        foreach (var principal in new string?[] { null, Analyst, Reviewer, Admin })
        {
            var client = await Client(principal, credential);
            var token = await AntiforgeryToken(client);
            foreach (var (method, url, least) in Table)
            {
                if (url is "/api/auth/logout" or "/deconnexion")
                {
                    // each logout signs a fresh session out
                    client.Dispose();
                    client = await Client(principal, credential);
                    token = await AntiforgeryToken(client);
                }
                using var response = await client.SendAsync(Request(method, url, token));
                var status = (int)response.StatusCode;
                var location = response.Headers.Location?.OriginalString ?? "";
                var expected = Expected(least, principal, credential, IsPage(url));
                var ok = expected switch
                {
                    "through" => status is not (401 or 403) and < 500 && !(status == 302 && (location.Contains("/connexion") || location.Contains("/acces-refuse"))),
                    "public" => status is not (401 or 403) and < 500,
                    "signed out" => status == 302 && location == "/connexion?deconnecte=true",
                    "login" => status == 302 && location.Contains("/connexion"),
                    "denied page" => status == 302 && location.Contains("/acces-refuse"),
                    _ => status == int.Parse(expected),
                };
                if (!ok) failures.Add($"{principal ?? "anonymous"} ({credential}) {method} {url}: {status} {location}, expected {expected}");
            }
            client.Dispose();
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>What the table's least role means for one caller.</summary>
    static string Expected(string least, string? principal, string credential, bool page)
    {
        if (least == Public) return "public";
        if (least == Denied) return "403";
        if (least == SignsOut) return principal is null ? "login" : "signed out";
        if (principal is null) return page ? "login" : "401";
        if (Array.IndexOf(Ranks, principal) >= Array.IndexOf(Ranks, least)) return "through";
        // a page refused to a signed-in person shows the French "access denied" page; a program gets 403
        return page && credential == "cookie" ? "denied page" : "403";
    }

    async Task<HttpClient> Client(string? role, string credential)
    {
        var client = fixture.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (role is null) return client;
        if (credential == "key")
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Factory.Keys[role]);
        else
        {
            using var login = await client.PostAsync("/api/auth/login",
                new StringContent($$"""{"name":"{{role}}-user","password":"{{ApiFactory.Password}}"}""", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }
        return client;
    }

    /// <summary>The form token a page gives this caller, so that a form post is judged on its role, not refused as forged.</summary>
    static async Task<string> AntiforgeryToken(HttpClient client)
    {
        // the login page carries one for whoever asks, bound to the identity the request authenticates as
        var html = await client.GetStringAsync("/connexion");
        var match = Regex.Match(html, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"");
        return match.Success ? match.Groups[1].Value : "";
    }

    /// <summary>A call as the web app makes it: a page's form carries its token in a field, an API call in the header.</summary>
    static HttpRequestMessage Request(string method, string url, string token)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = method is "GET" or "DELETE" ? null
                : IsPage(url) ? new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token })
                : new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        if (!IsPage(url) && token.Length > 0) request.Headers.Add(SynthesisWebHost.AntiforgeryHeader, token);
        return request;
    }
}
