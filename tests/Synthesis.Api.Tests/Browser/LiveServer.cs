using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Synthesis.Api.Security;

namespace Synthesis.Api.Tests.Browser;

/// <summary>
/// The real host on a free loopback port (Kestrel, pipeline worker on, as `synthesis serve` runs it) over its own
/// analysed consultation, with a reviewer account, for a real browser to drive.
/// </summary>
public sealed class LiveServer : IAsyncLifetime
{
    public const string Reviewer = "claire";
    public const string Password = "relecture-2022";
    public SynthesisStore Store { get; private set; } = null!;
    public string Url { get; private set; } = "";
    WebApplication? _app;

    public async Task InitializeAsync()
    {
        Store = await Consultation.CreateAsync(withDemo: false);
        new Accounts(Store).AddUser(Reviewer, Password, Roles.Reviewer);
        _app = SynthesisWebHost.Build(Store.DataDirectory, "http://127.0.0.1:0", runWorker: true);
        await _app.StartAsync();
        Url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }
}
