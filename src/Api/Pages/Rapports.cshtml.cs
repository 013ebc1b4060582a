using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Analysis;

namespace Synthesis.Api.Pages;

public sealed class RapportsModel(SynthesisStore store, Ingest.SynthesisOptions settings) : PageModel
{
    public TopicMap Map { get; private set; } = new([], 0, 0);

    /// <summary>
    /// The address the exports' links will start with, when only this computer can open it: no public address is set
    /// (<c>Synthesis:PublicUrl</c>) and the page was asked for through a loopback address (127.0.0.1, localhost).
    /// </summary>
    public string? LocalLinks { get; private set; }

    public void OnGet()
    {
        using var c = store.Connect();
        Map = TopicQueries.Map(c);
        var host = Request.Host.Host;
        if (string.IsNullOrEmpty(settings.PublicUrl)
            && (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip)))
            LocalLinks = Apis.ReportsApi.LinkBase(Request, settings);
    }
}
