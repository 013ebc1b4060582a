using System.Net;
using Synthesis.Api.Security;

namespace Synthesis.Api.Tests;

/// <summary>A browser gets French pages for errors; the API keeps RFC 9457 problem details.</summary>
[Collection(ApiCollection.Name)]
public sealed class ErrorPagesTests(ApiFactory factory)
{
    [Theory]
    [InlineData("/themes/999999", 404, "Page introuvable")]
    [InlineData("/nulle-part", 404, "Page introuvable")]
    [InlineData("/revue/themes/999999", 404, "Page introuvable")]
    [InlineData("/erreur/500", 500, "Erreur du serveur")]
    public async Task Pages_answer_errors_in_french_html(string url, int status, string title)
    {
        using var response = await factory.As(Roles.Reviewer).GetAsync(url);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"<h1>{title}</h1>", html);
        Assert.Contains("lang=\"fr\"", html);
        // a server error gives the trace id the server's log line carries, for the administrator
        if (status == 500) Assert.Matches("<code class=\"trace\">[0-9a-f-]{20,}</code>", html);
    }

    [Fact]
    public async Task The_api_keeps_problem_details()
    {
        using var missing = await factory.As(Roles.Reviewer).GetAsync("/api/topics/999999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        using var unknown = await factory.As(Roles.Reviewer).GetAsync("/api/nulle-part");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.DoesNotContain("<h1>", await unknown.Content.ReadAsStringAsync());
    }
}
