using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Analysis;

namespace Synthesis.Api.Pages;

public sealed class ContributionsModel(SynthesisStore store) : PageModel
{
    [FromQuery] public string? Channel { get; set; }
    [FromQuery] public string? Profile { get; set; }
    [FromQuery] public string? Media { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;
    public Page<ContributionSummary>? Result { get; private set; }

    public void OnGet()
    {
        var filter = new ContributionFilter(
            DomainNames.TryParse<Channel>(Channel, out var ch) ? ch : null,
            DomainNames.TryParse<ParticipantProfile>(Profile, out var p) ? p : null,
            Media: DomainNames.TryParse<MediaKind>(Media, out var m) ? m : null);
        using var c = store.Connect();
        Result = ContributionQueries.List(c, filter, PageNumber, 50);
    }

    public string QueryFor(int page) =>
        string.Join('&', new[] { ("channel", Channel), ("profile", Profile), ("media", Media), ("page", page.ToString()) }
            .Where(kv => !string.IsNullOrEmpty(kv.Item2)).Select(kv => $"{kv.Item1}={Uri.EscapeDataString(kv.Item2!)}"));
}
