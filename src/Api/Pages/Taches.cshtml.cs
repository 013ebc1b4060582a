using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Apis;

namespace Synthesis.Api.Pages;

public sealed class TachesModel(SynthesisStore store) : PageModel
{
    public JobsResponse? Jobs { get; private set; }

    public void OnGet() => Jobs = JobsApi.Read(store);

    /// <summary>The progress table alone, which the page asks for again while the run goes on.</summary>
    public PartialViewResult OnGetEtat() => Partial("_Avancement", JobsApi.Read(store));

    /// <summary>The notice shown after a review decision, until the run it started ends.</summary>
    public PartialViewResult OnGetAvis() => Partial("_AvisAnalyse", JobsApi.Read(store));
}
