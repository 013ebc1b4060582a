using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Apis;

namespace Synthesis.Api.Pages;

public sealed class TachesModel(SynthesisStore store) : PageModel
{
    public JobsResponse? Jobs { get; private set; }

    public void OnGet() => Jobs = JobsApi.Read(store);

    public static string French(string stage) => stage switch
    {
        "transcribe" => "Transcription (audio, vidéo)", "ocr" => "Lecture des photos", "segment" => "Découpage en passages",
        "analyse" => "Analyse des passages", "index" => "Indexation", "corpus" => "Thèmes et synthèses", _ => stage,
    };
}
