using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Analysis;

namespace Synthesis.Api.Pages;

public sealed class RapportsModel(SynthesisStore store) : PageModel
{
    public TopicMap Map { get; private set; } = new([], 0, 0);

    public void OnGet()
    {
        using var c = store.Connect();
        Map = TopicQueries.Map(c);
    }
}
