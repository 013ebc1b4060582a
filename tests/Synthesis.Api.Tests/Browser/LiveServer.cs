using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Synthesis.Api.Security;

namespace Synthesis.Api.Tests.Browser;

/// <summary>
/// The real host on a free loopback port (Kestrel, pipeline worker on, as `synthesis serve` runs it) over its own
/// analysed consultation, with an analyst's, a reviewer's and an admin's account, for a real browser to drive.
/// </summary>
public sealed class LiveServer : IAsyncLifetime
{
    public const string Reviewer = "claire";
    public const string Analyst = "karim";
    public const string Admin = "sophie";
    public const string Password = "relecture-2022";
    public SynthesisStore Store { get; private set; } = null!;
    public string Url { get; private set; } = "";
    WebApplication? _app;

    public async Task InitializeAsync()
    {
        Store = await Consultation.CreateAsync(withDemo: false);
        var accounts = new Accounts(Store);
        accounts.AddUser(Reviewer, Password, Roles.Reviewer);
        accounts.AddUser(Analyst, Password, Roles.Analyst);
        accounts.AddUser(Admin, Password, Roles.Admin);
        _app = SynthesisWebHost.Build(Store.DataDirectory, "http://127.0.0.1:0", runWorker: true);
        await _app.StartAsync();
        Url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
