using Synthesis.Ingest;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Analysis;
using Synthesis.Api.Apis;

namespace Synthesis.Api.Pages;

public sealed class PublicModel(SynthesisStore store, SynthesisOptions settings) : PageModel
{
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;
    public Page<PublicContribution>? Result { get; private set; }

    public IActionResult OnGet()
    {
        Result = PublicApi.Read(store, settings, PageNumber, 50);
        return Result is null ? NotFound() : Page();
    }
}
