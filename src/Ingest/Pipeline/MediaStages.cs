using Microsoft.Data.Sqlite;

namespace Synthesis.Ingest.Pipeline;

/// <summary>
/// Audio and video contributions wait here, parked with a message, until a transcriber is installed; text
/// analysis goes on meanwhile. When one becomes available the parked jobs are released by themselves.
/// </summary>
public sealed class TranscribeStage(Func<StageReadiness> readiness) : IPipelineStage
{
    public const string NoTranscriber = "transcriber";

    public static TranscribeStage Unavailable() => new(() => new StageReadiness(false, NoTranscriber,
        "no speech transcriber is configured: install a Whisper model with `synthesis models pull whisper-base`"));

    public string Name => Stages.Transcribe;
    public int BatchSize => 1;
    public StageReadiness Readiness() => readiness();

    public Task<IReadOnlyList<JobOutcome>> RunAsync(IReadOnlyList<Job> jobs, SqliteConnection connection, CancellationToken cancellationToken)
    {
        var state = Readiness();
        return Task.FromResult<IReadOnlyList<JobOutcome>>(jobs
            .Select(_ => (JobOutcome)new JobOutcome.Blocked(state.BlockedOn ?? NoTranscriber, state.Message ?? "no transcriber"))
            .ToArray());
    }
}

/// <summary>Photos wait here until text recognition is available, like recordings in <see cref="TranscribeStage"/>.</summary>
public sealed class OcrStage(Func<StageReadiness> readiness) : IPipelineStage
{
    public const string NoRecogniser = "ocr-engine";

    public static OcrStage Unavailable() => new(() => new StageReadiness(false, NoRecogniser,
        "no text recogniser is configured: install Tesseract (`apt-get install tesseract-ocr tesseract-ocr-fra`)"));

    public string Name => Stages.Ocr;
    public int BatchSize => 1;
    public StageReadiness Readiness() => readiness();

    public Task<IReadOnlyList<JobOutcome>> RunAsync(IReadOnlyList<Job> jobs, SqliteConnection connection, CancellationToken cancellationToken)
    {
        var state = Readiness();
        return Task.FromResult<IReadOnlyList<JobOutcome>>(jobs
            .Select(_ => (JobOutcome)new JobOutcome.Blocked(state.BlockedOn ?? NoRecogniser, state.Message ?? "no OCR"))
            .ToArray());
    }
}
