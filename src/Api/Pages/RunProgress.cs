using System.Globalization;
using Synthesis.Api.Apis;

namespace Synthesis.Api.Pages;

/// <summary>
/// The pipeline's progress in one sentence, as /taches and the notice after a review decision show it while a run
/// goes on (<c>live.js</c> asks for it again every two seconds until <see cref="Busy"/> is false).
/// </summary>
/// <param name="Busy">Whether any task waits, runs or waits to be tried again (parked tasks wait for a person, not for time).</param>
/// <param name="Done">Tasks done of the stages with work left; <paramref name="Total"/> their tasks.</param>
public sealed record RunProgress(bool Busy, string Sentence, long Done, long Total)
{
    static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static RunProgress Of(JobsResponse jobs)
    {
        var open = jobs.Stages.Where(s => s.Pending + s.Running + s.Failed > 0).ToList();
        if (jobs.Stages.Count == 0) return new RunProgress(false, "Rien à analyser pour l'instant : aucune contribution n'a été importée.", 0, 0);
        if (open.Count == 0)
            return new RunProgress(false, jobs.Stages.Any(s => s.Parked > 0)
                ? "L'analyse est faite pour tout ce qui peut l'être ; des tâches sont suspendues (voir ci-dessous)."
                : "L'analyse est à jour.", 0, 0);
        var current = open[0];
        long done = open.Sum(s => s.Done), total = open.Sum(s => s.Pending + s.Running + s.Done + s.Failed);
        return new RunProgress(true, string.Create(French,
            $"Analyse en cours : {StageName(current.Stage).ToLower(French)}, {done:N0} {(done < 2 ? "tâche faite" : "tâches faites")} sur {total:N0}{(open.Count > 1 ? $" ({open.Count} étapes restent)" : "")}."), done, total);
    }

    public static string StageName(string stage) => stage switch
    {
        "transcribe" => "Transcription (audio, vidéo)", "ocr" => "Lecture des photos", "segment" => "Découpage en passages",
        "analyse" => "Analyse des passages", "index" => "Indexation", "corpus" => "Thèmes et synthèses", _ => stage,
    };
}
