using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Analysis;

namespace Synthesis.Api.Pages;

public sealed class ThemesModel(SynthesisStore store) : PageModel
{
    public TopicMap Map { get; private set; } = new([], 0, 0);
    public long Largest => Map.Themes.Count == 0 ? 1 : Map.Themes.Max(t => t.Size);

    public void OnGet()
    {
        using var c = store.Connect();
        Map = TopicQueries.Map(c);
    }
}
