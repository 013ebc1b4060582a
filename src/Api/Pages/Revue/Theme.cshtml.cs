using Microsoft.AspNetCore.Mvc;
using Synthesis.Api.Analysis;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Api.Pages;

/// <summary>A theme's passages, 50 a page, each with its review forms.</summary>
public sealed class RevueThemeModel(SynthesisStore store, ReviewLog review) : ReviewPassagesModel(store, review)
{
    public TopicNode? Topic { get; private set; }
    public Page<PassageView>? Passages { get; private set; }
    [FromRoute(Name = "id")] public long Id { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    protected override string Back => PageNumber > 1 ? $"/revue/themes/{Id}?page={PageNumber}" : $"/revue/themes/{Id}";

    public IActionResult OnGet()
    {
        using var c = Store.Connect();
        var map = TopicQueries.Map(c);
        Topic = TopicQueries.Find(map, Id);
        if (Topic is null) return NotFound();
        LoadTargets(map);
        Passages = TopicQueries.PassagesPage(c, Id, PageNumber, 50);
        return Page();
    }
}
