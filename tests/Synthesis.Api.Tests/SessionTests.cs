using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Synthesis.Api.Security;

namespace Synthesis.Api.Tests;

/// <summary>
/// A cookie ends when its session does: logout, disabling, deleting or demoting the user and a new password end it
/// at once, even for a copy of the cookie kept by someone else; and a change made with a cookie needs the antiforgery
/// token, which another site cannot read.
/// </summary>
public sealed class SessionTests(OwnHost fixture) : IClassFixture<OwnHost>
{
    ApiFactory Factory => fixture.Factory;

    /// <summary>A browser's cookie jar, by hand, so that a test can replay a copy of it.</summary>
    sealed class Browser(HttpClient client)
    {
        public readonly Dictionary<string, string> Cookies = [];
        public HttpClient Client => client;

        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent? content = null, string? origin = null,
            string? token = null)
        {
            var request = new HttpRequestMessage(method, url) { Content = content };
            if (Cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
            if (origin is not null) request.Headers.Add("Origin", origin);
            if (token is not null) request.Headers.Add(SynthesisWebHost.AntiforgeryHeader, token);
            var response = await client.SendAsync(request);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
                foreach (var line in set)
                {
                    var pair = line.Split(';')[0];
                    var eq = pair.IndexOf('=');
                    var (name, value) = (pair[..eq], pair[(eq + 1)..]);
                    if (value.Length == 0 || line.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)) Cookies.Remove(name);
                    else Cookies[name] = value;
                }
            return response;
        }

        public Browser CopyWith(HttpClient other)
        {
            var copy = new Browser(other);
            foreach (var (k, v) in Cookies) copy.Cookies[k] = v;
            return copy;
        }

        public async Task<string> TokenAsync()
        {
            using var response = await SendAsync(HttpMethod.Get, "/api/auth/antiforgery");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (string)(await response.Json())["token"]!;
        }

        public async Task<HttpStatusCode> MeAsync()
        {
            using var response = await SendAsync(HttpMethod.Get, "/api/auth/me");
            return response.StatusCode;
        }
    }

    HttpClient NewClient() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    async Task<Browser> LogInAsync(string name, string password)
    {
        var browser = new Browser(NewClient());
        using var login = await browser.SendAsync(HttpMethod.Post, "/api/auth/login",
            JsonContent.Create(new { name, password }));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.True(browser.Cookies.ContainsKey("synthesis"));
        return browser;
    }

    UserAccount NewUser(string role) =>
        new Accounts(Factory.Store).AddUser($"{role}-{Guid.NewGuid():N}"[..30], ApiFactory.Password, role);

    [Fact]
    public async Task Logout_ends_the_session_for_every_copy_of_its_cookie()
    {
        var user = NewUser(Roles.Analyst);
        var browser = await LogInAsync(user.Name, ApiFactory.Password);
        var stolen = browser.CopyWith(NewClient());
        Assert.Equal(HttpStatusCode.OK, await stolen.MeAsync());
        var other = await LogInAsync(user.Name, ApiFactory.Password);

        using (var logout = await browser.SendAsync(HttpMethod.Post, "/api/auth/logout", token: await browser.TokenAsync()))
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await browser.MeAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, await stolen.MeAsync());
        // a page asked with the ended cookie sends the person to the login page
        using (var page = await stolen.SendAsync(HttpMethod.Get, "/themes"))
        {
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.Contains("/connexion", page.Headers.Location!.OriginalString);
        }
        // logging out ends that session only: the same person's other browser stays signed in
        Assert.Equal(HttpStatusCode.OK, await other.MeAsync());
    }

    [Fact]
    public async Task The_web_apps_logout_form_ends_the_session_too()
    {
        var user = NewUser(Roles.Reviewer);
        var browser = await LogInAsync(user.Name, ApiFactory.Password);
        var stolen = browser.CopyWith(NewClient());
        using (var page = await browser.SendAsync(HttpMethod.Get, "/connexion"))
        {
            var token = System.Text.RegularExpressions.Regex.Match(await page.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
            using var form = await browser.SendAsync(HttpMethod.Post, "/deconnexion",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
            Assert.Equal("/connexion?deconnecte=true", form.Headers.Location?.OriginalString);
        }
        using var log = await stolen.SendAsync(HttpMethod.Get, "/api/review/log");
        Assert.Equal(HttpStatusCode.Unauthorized, log.StatusCode);
    }

    [Theory]
    [InlineData("disable")]
    [InlineData("delete")]
    [InlineData("demote")]
    [InlineData("password")]
    public async Task An_admins_change_to_a_user_ends_their_sessions_at_once(string change)
    {
        var user = NewUser(Roles.Reviewer);
        var browser = await LogInAsync(user.Name, ApiFactory.Password);
        using (var before = await browser.SendAsync(HttpMethod.Get, "/api/review/log")) Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        var admin = Factory.As(Roles.Admin);
        using var done = change switch
        {
            "disable" => await admin.PutJson($"/api/admin/users/{user.Id}", new { disabled = true }),
            "delete" => await admin.DeleteAsync($"/api/admin/users/{user.Id}"),
            "demote" => await admin.PutJson($"/api/admin/users/{user.Id}", new { role = Roles.Analyst }),
            _ => await admin.PutJson($"/api/admin/users/{user.Id}", new { password = "un-tout-nouveau-mot" }),
        };
        Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);

        // no waiting: the change was made in this process, which forgets what it remembered of the session
        using (var after = await browser.SendAsync(HttpMethod.Get, "/api/review/log")) Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await browser.MeAsync());

        // what the person can do next: a demoted reviewer logs in again as an analyst and no longer reads the review log
        if (change == "demote")
        {
            var again = await LogInAsync(user.Name, ApiFactory.Password);
            using var log = await again.SendAsync(HttpMethod.Get, "/api/review/log");
            Assert.Equal(HttpStatusCode.Forbidden, log.StatusCode);
        }
        if (change == "password")
        {
            using var old = await NewClient().PostAsync("/api/auth/login", JsonContent.Create(new { name = user.Name, password = ApiFactory.Password }));
            Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
            await LogInAsync(user.Name, "un-tout-nouveau-mot");
        }
    }

    [Fact]
    public async Task A_change_made_by_another_process_ends_the_session_within_the_cache_time()
    {
        var user = NewUser(Roles.Analyst);
        var browser = await LogInAsync(user.Name, ApiFactory.Password);
        Assert.Equal(HttpStatusCode.OK, await browser.MeAsync());
        // `synthesis users remove` in another process: its own Accounts over the same data folder
        Assert.True(new Accounts(Factory.Store).DeleteUser(user.Id));
        await Task.Delay(Accounts.SessionCacheFor + TimeSpan.FromMilliseconds(500));
        Assert.Equal(HttpStatusCode.Unauthorized, await browser.MeAsync());
    }

    [Fact]
    public async Task A_persons_own_password_change_keeps_this_browser_and_ends_the_others()
    {
        var user = NewUser(Roles.Analyst);
        var browser = await LogInAsync(user.Name, ApiFactory.Password);
        var elsewhere = await LogInAsync(user.Name, ApiFactory.Password);
        var token = await browser.TokenAsync();

        using (var wrong = await browser.SendAsync(HttpMethod.Post, "/api/auth/password",
                   JsonContent.Create(new { current = "pas-le-bon-mot", password = "un-nouveau-mot-de-passe" }), token: token))
            Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        using (var tooShort = await browser.SendAsync(HttpMethod.Post, "/api/auth/password",
                   JsonContent.Create(new { current = ApiFactory.Password, password = "court" }), token: token))
            Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await elsewhere.MeAsync());

        using (var changed = await browser.SendAsync(HttpMethod.Post, "/api/auth/password",
                   JsonContent.Create(new { current = ApiFactory.Password, password = "un-nouveau-mot-de-passe" }), token: token))
            Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await browser.MeAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, await elsewhere.MeAsync());
    }

    [Fact]
    public async Task A_cross_site_change_with_the_cookie_is_refused_and_not_logged_while_api_keys_need_no_token()
    {
        var reviewer = NewUser(Roles.Reviewer);
        var browser = await LogInAsync(reviewer.Name, ApiFactory.Password);
        long passage, another;
        using (var c = Factory.Store.Connect())
        {
            passage = c.ScalarLong("SELECT min(id) FROM passages", null);
            another = c.ScalarLong("SELECT min(id) FROM passages WHERE id > $p", null, ("$p", passage));
        }
        long Logged()
        {
            using var c = Factory.Store.Connect();
            return c.ScalarLong("SELECT count(*) FROM review_decisions WHERE reviewer = $r", null, ("$r", reviewer.Name));
        }

        // what a hostile page's form or script makes the reviewer's browser send: the cookie, no token
        foreach (var content in new HttpContent[]
                 {
                     new StringContent("", System.Text.Encoding.UTF8, "text/plain"),
                     new FormUrlEncodedContent(new Dictionary<string, string> { ["outlier"] = "true" }),
                 })
        {
            using var forged = await browser.SendAsync(HttpMethod.Post, $"/api/review/passages/{passage}/outlier", content, origin: "https://malveillant.example");
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            Assert.Contains("antiforgery", await forged.Content.ReadAsStringAsync());
        }
        using (var wrongToken = await browser.SendAsync(HttpMethod.Post, $"/api/review/passages/{passage}/outlier", token: "pas-un-jeton"))
            Assert.Equal(HttpStatusCode.BadRequest, wrongToken.StatusCode);
        Assert.Equal(0, Logged());

        // the same call with the token this browser was given goes through, and is logged
        using (var real = await browser.SendAsync(HttpMethod.Post, $"/api/review/passages/{passage}/outlier", token: await browser.TokenAsync()))
            Assert.True(real.IsSuccessStatusCode, $"{(int)real.StatusCode} {await real.Content.ReadAsStringAsync()}");
        Assert.Equal(1, Logged());

        // a program's key is never sent by a browser on its own: no token needed
        using (var key = await Factory.As(Roles.Reviewer).PostAsync($"/api/review/passages/{another}/outlier", null))
            Assert.True(key.IsSuccessStatusCode, $"{(int)key.StatusCode}");
    }

    [Fact]
    public async Task Unknown_users_are_404_and_an_empty_change_is_400()
    {
        var admin = Factory.As(Roles.Admin);
        using (var none = await admin.PutJson("/api/admin/users/999999", new { role = "analyst" })) Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        using (var gone = await admin.DeleteAsync("/api/admin/users/999999")) Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        var user = NewUser(Roles.Analyst);
        using (var empty = await admin.PutJson($"/api/admin/users/{user.Id}", new { })) Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
    }

    [Fact]
    public async Task Signed_in_pages_and_api_answers_are_not_stored_by_caches()
    {
        using var page = await Factory.As(Roles.Analyst).GetAsync("/themes");
        Assert.Contains("no-store", page.Headers.CacheControl?.ToString());
        using var api = await Factory.As(Roles.Analyst).GetAsync("/api/topics");
        Assert.Contains("no-store", api.Headers.CacheControl?.ToString());
    }
}
