using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Synthesis.Api.Security;

namespace Synthesis.Api.Tests;

/// <summary>
/// Every endpoint the host maps, called anonymously and with each role: an anonymous call gets 401 (API) or a
/// redirect to the login page (web app), a role below the endpoint's policy gets 403, a role at or above it gets
/// through. The list of endpoints is read from the host itself, so a new endpoint is checked without being listed.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class RoleMatrixTests(ApiFactory factory)
{
    /// <summary>What anyone may open: the login, health, API description, the public view and static files.</summary>
    static readonly string[] Anonymous =
        ["/api/auth/login", "/session", "/health", "/openapi/{documentName}.json", "/api/public/contributions", "/static/site.css", "/connexion", "/acces-refuse", "/public"];

    sealed record EndpointCase(string Method, string Pattern, string Url, string? Policy, bool IsApi);

    List<EndpointCase> Endpoints()
    {
        var sources = factory.Services.GetRequiredService<IEnumerable<EndpointDataSource>>();
        var cases = new List<EndpointCase>();
        foreach (var endpoint in sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            var pattern = "/" + endpoint.RoutePattern.RawText!.TrimStart('/');
            if (pattern.StartsWith("/api/reference")) continue; // Scalar's own page and assets
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).Where(p => p is not null).ToList();
            // Razor Pages' folder conventions add one IAuthorizeData per folder level: the strictest applies.
            var policy = anonymous ? null
                : policies.Contains(Roles.Policies.Administer) ? Roles.Policies.Administer
                : policies.Contains(Roles.Policies.Review) ? Roles.Policies.Review
                : Roles.Policies.Read;
            var url = pattern.Replace("{id:long}", "999999").Replace("{id}", "999999").Replace("{format}", "csv").Replace("{documentName}", "v1");
            foreach (var method in methods)
                cases.Add(new EndpointCase(method, pattern, url, policy, pattern.StartsWith("/api") || pattern.StartsWith("/openapi")));
        }
        return cases.DistinctBy(c => (c.Method, c.Url)).ToList();
    }

    static HttpRequestMessage Request(EndpointCase c) =>
        new(new HttpMethod(c.Method), c.Url)
        {
            Content = c.Method is "GET" or "DELETE" ? null : new StringContent("{}", Encoding.UTF8, "application/json"),
        };

    [Fact]
    public void Every_endpoint_is_either_public_on_purpose_or_needs_a_role()
    {
        var endpoints = Endpoints();
        Assert.True(endpoints.Count > 40, $"only {endpoints.Count} endpoints found");
        var open = endpoints.Where(e => e.Policy is null).Select(e => e.Pattern).Distinct().ToList();
        Assert.All(open, p => Assert.Contains(p, Anonymous));
    }

    [Fact]
    public async Task Anonymous_calls_get_401_and_pages_send_to_login()
    {
        var client = factory.As(null);
        foreach (var e in Endpoints().Where(e => e.Policy is not null))
        {
            using var response = await client.SendAsync(Request(e));
            if (e.IsApi)
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{e.Method} {e.Url}: {(int)response.StatusCode}, expected 401");
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{e.Method} {e.Url}: {(int)response.StatusCode}, expected a redirect");
                Assert.StartsWith("/connexion", response.Headers.Location!.PathAndQuery);
            }
        }
    }

    [Theory]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Reviewer)]
    [InlineData(Roles.Admin)]
    public async Task Each_role_gets_403_below_an_endpoints_policy_and_through_at_or_above_it(string role)
    {
        var client = factory.As(role);
        var checkedForbidden = 0;
        foreach (var e in Endpoints().Where(e => e.Policy is not null))
        {
            using var response = await client.SendAsync(Request(e));
            var allowed = Roles.Allowed(e.Policy!).Contains(role);
            if (allowed)
                Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden),
                    $"{role} {e.Method} {e.Url}: {(int)response.StatusCode}, expected to be let through");
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{role} {e.Method} {e.Url}: {(int)response.StatusCode}, expected 403");
                checkedForbidden++;
            }
        }
        if (role != Roles.Admin) Assert.True(checkedForbidden > 0, "no forbidden endpoint was checked");
    }
}
