using System.Net;

namespace Synthesis.Cli.Tests;

/// <summary>`synthesis users` and `synthesis serve` as an operator uses them.</summary>
public class ServeCommandTests
{
    [Fact]
    public void Users_are_added_with_a_generated_password_and_keys_printed_once()
    {
        var data = Path.Combine(Cli.TempDir(), "data");
        var added = Cli.Json("users", "add", "claire", "--role", "reviewer", "--data", data);
        Assert.Equal("reviewer", (string)added["role"]!);
        Assert.Equal(20, ((string)added["password"]!).Length);
        var (code, _, err) = Cli.Run("users", "add", "claire", "--data", data);
        Assert.Equal(2, code);
        Assert.Contains("already exists", err);
        (code, _, err) = Cli.Run("users", "add", "paul", "--role", "boss", "--data", data);
        Assert.Equal(2, code);
        Assert.Contains("--role", err);
        var key = Cli.Json("users", "key", "tableau-de-bord", "--role", "analyst", "--data", data);
        Assert.StartsWith("syn_", (string)key["secret"]!);
        var list = Cli.Json("users", "list", "--data", data);
        Assert.Single(list["users"]!.AsArray());
    }

    [Fact]
    public void Serve_on_an_address_already_taken_says_so_in_one_line_before_creating_anyone()
    {
        // a second `serve` on the demo's address printed « Synthesis is serving … », created an admin, then a stack trace
        var data = Path.Combine(Cli.TempDir(), "data");
        var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port;
            var (code, output, error) = Cli.Run("serve", "--data", data, "--urls", $"http://127.0.0.1:{port}", "--no-worker");
            Assert.Equal(2, code);
            Assert.Equal($"synthesis: http://127.0.0.1:{port} is already in use (by another `synthesis serve`?): stop it, or serve on another address with --urls http://127.0.0.1:{port + 1}", error.Trim());
            Assert.DoesNotContain("serving", output);
            Assert.DoesNotContain("password", output);
        }
        finally { taken.Stop(); }
    }

    [Fact]
    public async Task Serve_creates_the_first_admin_prints_the_password_once_and_answers_with_the_web_app()
    {
        var data = Path.Combine(Cli.TempDir(), "data");
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var server = Cli.Start("serve", "--data", data, "--urls", $"http://127.0.0.1:{port}", "--no-worker");
        try
        {
            var first = await server.StandardOutput.ReadLineAsync();
            Assert.NotNull(first);
            Assert.Contains("user 'admin' created with password", first);
            var password = first!.Split("password ")[1].Split(' ')[0];
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            for (var i = 0; i < 100; i++)
            {
                try { if ((await http.GetAsync("/health")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
                await Task.Delay(200);
            }
            using var login = await http.PostAsync("/api/auth/login", new StringContent(
                $$"""{"name":"admin","password":"{{password}}"}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            using var anonymous = new HttpClient { BaseAddress = http.BaseAddress };
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/topics")).StatusCode);
        }
        finally
        {
            server.Kill(true);
        }
        // A second start finds the admin and prints no password.
        using var again = Cli.Start("serve", "--data", data, "--urls", $"http://127.0.0.1:{port}", "--no-worker");
        try
        {
            var line = await again.StandardOutput.ReadLineAsync();
            Assert.DoesNotContain("password", line ?? "");
        }
        finally
        {
            again.Kill(true);
        }
    }

    [Fact]
    public async Task Serve_takes_a_setting_on_its_command_line()
    {
        var data = Path.Combine(Cli.TempDir(), "data");
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        async Task<HttpStatusCode> PublicView(params string[] settings)
        {
            using var server = Cli.Start(["serve", "--data", data, "--urls", $"http://127.0.0.1:{port}", "--no-worker", .. settings]);
            try
            {
                for (var i = 0; i < 100; i++)
                {
                    try { if ((await http.GetAsync("/health")).IsSuccessStatusCode) break; } catch (HttpRequestException) { }
                    await Task.Delay(200);
                }
                return (await http.GetAsync("/api/public/contributions")).StatusCode;
            }
            finally
            {
                server.Kill(true);
                server.WaitForExit();
            }
        }
        Assert.Equal(HttpStatusCode.NotFound, await PublicView());
        Assert.Equal(HttpStatusCode.OK, await PublicView("--Synthesis:PublicView=true"));
    }
}
