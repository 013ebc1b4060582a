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

/// <summary>A query value the API cannot use is answered with a problem naming the parameter, never a bare 400 or another page.</summary>
[Collection(ApiCollection.Name)]
public sealed class BadQueryValueTests(ApiFactory factory)
{
    [Theory]
    [InlineData("/api/search?q=aide&k=abc", "k")]
    [InlineData("/api/contributions?from=notadate", "from")]
    [InlineData("/api/contributions?publishable=maybe", "publishable")]
    [InlineData("/api/questions?since=garbage", "since")]
    [InlineData("/api/contributions?page=2147483648", "page")]
    [InlineData("/api/contributions?page=0", "page")]
    [InlineData("/api/contributions?page_size=100000", "page_size")]
    [InlineData("/api/topics/1/passages?page=-3", "page")]
    public async Task A_value_that_cannot_be_read_is_a_400_naming_the_parameter(string url, string parameter)
    {
        using var response = await factory.As(Security.Roles.Analyst).GetAsync(url);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Json();
        var detail = (string)problem["detail"]!;
        Assert.Matches($"[\"' ]{System.Text.RegularExpressions.Regex.Escape(parameter)}[\"' ]", detail);
    }

    [Fact]
    public async Task A_page_past_the_end_is_empty_not_the_first_page_again()
    {
        var page = await factory.As(Security.Roles.Analyst).GetJson("/api/contributions?page=999999999");
        Assert.Empty(page["items"]!.AsArray());
        Assert.True((long)page["total"]! > 0);
        Assert.Equal(999999999, (int)page["page_number"]!);
    }
}
