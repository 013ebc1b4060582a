using System.Collections.Concurrent;
using System.Data.Common;
using Synthesis.Ingest.Media;
using Synthesis.Ingest.Models;
using Synthesis.Nlp;

namespace Synthesis.Ingest.Pipeline;

/// <summary>How recordings and photos are recognised (from <see cref="SynthesisOptions"/>, <see cref="From"/>).</summary>
public sealed record MediaSettings
{
    /// <summary>A manifest name ("whisper-base") or a path to a ggml file.</summary>
    public string WhisperModel { get; init; } = "whisper-base";
    public TranscriptionOptions Transcription { get; init; } = new();
    public string OcrLanguages { get; init; } = "fra";

    public static MediaSettings From(SynthesisOptions options, int workers)
    {
        var settings = new MediaSettings
        {
            // Several recordings are transcribed at once (one per worker); their threads share the cores.
            Transcription = new TranscriptionOptions { Threads = Math.Max(1, Environment.ProcessorCount / Math.Max(1, workers)) },
        };
        if (options.Whisper.Model is { Length: > 0 } model) settings = settings with { WhisperModel = model };
        if (options.Whisper.MaxTokens is { } maxTokens)
            settings = settings with { Transcription = settings.Transcription with { MaxTokensPerSegment = maxTokens } };
        if (options.Language is { Length: > 0 } language)
            settings = settings with { Transcription = settings.Transcription with { Language = language } };
        return settings;
    }
}

/// <summary>
/// Transcribes audio and video contributions into timed passages. Without ffmpeg or a Whisper model the jobs wait,
/// parked with a message saying what to run, and resume by themselves once it is there.
/// </summary>
public sealed class TranscribeStage(SynthesisStore store, ModelCatalog catalog, MediaSettings settings) : IPipelineStage
{
    readonly ConcurrentDictionary<string, Lazy<WhisperTranscriber>> _loaded = new();

    public string Name => Stages.Transcribe;
    public int BatchSize => 1;

    string ModelPath => catalog.Resolve(settings.WhisperModel);

    public StageReadiness Readiness()
    {
        if (!AudioDecoder.FfmpegAvailable())
            return new StageReadiness(false, "ffmpeg", "ffmpeg is not installed: run scripts/setup.sh (apt-get install ffmpeg)");
        if (!File.Exists(ModelPath))
            return new StageReadiness(false, "model",
                $"no Whisper model at {ModelPath}: run `synthesis models pull {(catalog.Find(settings.WhisperModel)?.Name ?? "whisper-base")}` or set Synthesis:Whisper:Model");
        return StageReadiness.Yes;
    }

    public async Task<IReadOnlyList<JobOutcome>> RunAsync(IReadOnlyList<Job> jobs, DbConnection connection, CancellationToken cancellationToken)
    {
        var outcomes = new List<JobOutcome>(jobs.Count);
        foreach (var job in jobs) outcomes.Add(await RunOneAsync(job, connection, cancellationToken));
        return outcomes;
    }

    async Task<JobOutcome> RunOneAsync(Job job, DbConnection connection, CancellationToken cancellationToken)
    {
        var ready = Readiness();
        if (!ready.Ready) return new JobOutcome.Blocked(ready.BlockedOn!, ready.Message!);
        try
        {
            var original = MediaReads.OriginalPath(store, connection, job.Subject);
            if (original is null) return new JobOutcome.Failed($"contribution {job.Subject} has no original file", Permanent: true);
            var path = ModelPath;
            var transcriber = _loaded.GetOrAdd(path, p => new Lazy<WhisperTranscriber>(() => new WhisperTranscriber(p, settings.Transcription))).Value;
            var segments = new List<TranscriptSegment>();
            await foreach (var segment in transcriber.TranscribeAsync(original, cancellationToken)) segments.Add(segment);
            var engine = Path.GetFileName(path);
            return new JobOutcome.Completed(w => Transcripts.SaveSpeech(w, job.Subject, engine, segments, settings.Transcription.LowConfidence), Stages.Analyse);
        }
        catch (MediaException e)
        {
            _loaded.TryRemove(ModelPath, out _);
            return new JobOutcome.Failed(e.Message, e.Permanent);
        }
    }
}

/// <summary>Reads the text on photos (OCR) into passages; an image with no text is recorded as such.</summary>
public sealed class OcrStage(SynthesisStore store, MediaSettings settings) : IPipelineStage
{
    public string Name => Stages.Ocr;
    public int BatchSize => 1;

    public StageReadiness Readiness() => TesseractOcr.Available()
        ? StageReadiness.Yes
        : new StageReadiness(false, "tesseract", "Tesseract is not installed: run scripts/setup.sh (apt-get install tesseract-ocr tesseract-ocr-fra)");

    public async Task<IReadOnlyList<JobOutcome>> RunAsync(IReadOnlyList<Job> jobs, DbConnection connection, CancellationToken cancellationToken)
    {
        var outcomes = new List<JobOutcome>(jobs.Count);
        foreach (var job in jobs)
        {
            try
            {
                var original = MediaReads.OriginalPath(store, connection, job.Subject);
                if (original is null)
                {
                    outcomes.Add(new JobOutcome.Failed($"contribution {job.Subject} has no original file", Permanent: true));
                    continue;
                }
                var result = await TesseractOcr.ReadAsync(original, settings.OcrLanguages, cancellationToken);
                outcomes.Add(new JobOutcome.Completed(w => Transcripts.SaveOcr(w, job.Subject, result), Stages.Analyse));
            }
            catch (MediaException e)
            {
                outcomes.Add(new JobOutcome.Failed(e.Message, e.Permanent));
            }
        }
        return outcomes;
    }
}

static class MediaReads
{
    /// <summary>The contribution's original file, its bytes checked; null when it has none.</summary>
    /// <exception cref="MediaException">The file is missing (retried: a shared folder may come back) or damaged.</exception>
    public static string? OriginalPath(SynthesisStore store, DbConnection connection, long contributionId)
    {
        if (ContributionRows.OriginalSha(connection, contributionId) is not string sha) return null;
        try
        {
            return store.Blobs.VerifiedPath(sha);
        }
        catch (FileNotFoundException e)
        {
            throw new MediaException(e.Message, permanent: false);
        }
        catch (InvalidDataException e)
        {
            throw new MediaException(e.Message);
        }
    }
}

/// <summary>Stores what a recogniser produced: the whole text (kept as produced) and the passages cut from it.</summary>
static class Transcripts
{
    public static void SaveSpeech(StoreWriter w, long contributionId, string engine, IReadOnlyList<TranscriptSegment> segments, double lowConfidence)
    {
        var text = new System.Text.StringBuilder();
        var ranges = new List<(int Start, int End)>();
        foreach (var s in segments)
        {
            if (text.Length > 0) text.Append(' ');
            ranges.Add((text.Length, text.Length + s.Text.Length));
            text.Append(s.Text);
        }
        var confidence = segments.Count == 0 ? (double?)null : segments.Average(s => s.Confidence);
        PassageRows.SaveTranscript(w, contributionId, "transcript", engine, segments.FirstOrDefault()?.Language, text.ToString(), confidence);
        PassageRows.Replace(w, contributionId, "transcript", segments.Select((s, i) => new NewPassage(s.Text, ranges[i].Start, ranges[i].End,
            (long)s.Start.TotalMilliseconds, (long)s.End.TotalMilliseconds, s.Confidence, s.Confidence < lowConfidence)).ToList());
    }

    public static void SaveOcr(StoreWriter w, long contributionId, OcrResult result)
    {
        PassageRows.SaveTranscript(w, contributionId, "ocr", "tesseract", "fr", result.Text, result.HasText ? result.Confidence : null);
        PassageRows.Replace(w, contributionId, "ocr", PassageSplitter.Default.Split(result.Text).Select(span =>
        {
            var confidence = result.ConfidenceOf(span.Start, span.End);
            return new NewPassage(span.Of(result.Text), span.Start, span.End, Confidence: confidence, NeedsReview: confidence < 0.6);
        }).ToList());
    }

}
