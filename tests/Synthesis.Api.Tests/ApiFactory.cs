using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Synthesis.Api.Security;

namespace Synthesis.Api.Tests;

/// <summary>
/// The web host over an analysed consultation, in memory, with one user and one API key per role. The pipeline
/// worker is off: tests run the analysis themselves when they need a re-analysis, so that results are settled.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public SynthesisStore Store { get; private set; } = null!;
    public Dictionary<string, string> Keys { get; } = [];
    public const string Password = "mot-de-passe-de-test";

    public long MaxUploadBytes { get; init; } = 1024 * 1024;

    /// <summary>The login rate limit (low by default, so that a test can reach it).</summary>
    public int LoginAttemptsPerMinute { get; init; } = 5;

    /// <summary>Whether the consultation includes the 3,000 Make.org proposals (false: the 48 Nantes ones only).</summary>
    public bool WithDemo { get; init; } = true;

    /// <summary>Whether the data folder starts empty, as on a first start (nothing imported).</summary>
    public bool Empty { get; init; }

    /// <summary>Pipeline workers for the first analysis (one: passages numbered the same on every run).</summary>
    public int Workers { get; init; } = 2;

    /// <summary>The PostgreSQL database the store is in (<c>Synthesis:Store</c>); null: SQLite in the data folder.</summary>
    public string? Database { get; init; }

    public async Task InitializeAsync()
    {
        Store = Empty ? SynthesisStore.Open(Path.Combine(Consultation.TempDir(), "data"), Database) : await Consultation.CreateAsync(WithDemo, Database, Workers);
        var accounts = new Accounts(Store);
        foreach (var role in Roles.All)
        {
            accounts.AddUser(role + "-user", Password, role);
            Keys[role] = accounts.CreateApiKey(role + "-tests", role, "tests").Secret;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Synthesis:Data", Store.DataDirectory);
        if (Database is not null) builder.UseSetting("Synthesis:Store", Database);
        builder.UseSetting("Synthesis:Worker", "false");
        builder.UseSetting("Synthesis:PublicView", "true");
        builder.UseSetting("Synthesis:MaxUploadBytes", MaxUploadBytes.ToString());
        builder.UseSetting("Synthesis:LoginAttemptsPerMinute", LoginAttemptsPerMinute.ToString());
        builder.UseContentRoot(AppContext.BaseDirectory);
    }

    /// <summary>A client authenticated with the API key of a role (null: anonymous).</summary>
    public HttpClient As(string? role)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (role is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Keys[role]);
        return client;
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFactory>
{
    public const string Name = "api";
}
