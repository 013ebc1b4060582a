using Whisper.net;

namespace Synthesis.Ingest.Media;

/// <summary>One stretch of speech with its place in the recording and how sure the recogniser was (0..1).</summary>
public sealed record TranscriptSegment(TimeSpan Start, TimeSpan End, string Text, double Confidence, string? Language);

public sealed record TranscriptionOptions
{
    /// <summary>ISO code ("fr"), or "auto" to detect the language of each recording.</summary>
    public string Language { get; init; } = "fr";
    public int Threads { get; init; } = Math.Max(1, Environment.ProcessorCount);
    /// <summary>Audio is decoded and transcribed this much at a time: memory is bounded by it, not by the recording.</summary>
    public TimeSpan Chunk { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>0 keeps Whisper's default; tests cap it because random weights never stop talking.</summary>
    public int MaxTokensPerSegment { get; init; }
    /// <summary>Segments below this confidence are flagged for a person to check.</summary>
    public double LowConfidence { get; init; } = 0.5;
}

/// <summary>
/// Speech to text with Whisper.net (whisper.cpp). One instance holds one loaded model and can transcribe several
/// recordings at once (one processor per recording). Audio streams through <see cref="AudioDecoder"/> in chunks.
/// </summary>
public sealed class WhisperTranscriber : IDisposable
{
    readonly WhisperFactory _factory;
    public string ModelPath { get; }
    public TranscriptionOptions Options { get; }

    public WhisperTranscriber(string modelPath, TranscriptionOptions? options = null)
    {
        ModelPath = modelPath;
        Options = options ?? new TranscriptionOptions();
        CheckModelFile(modelPath);
        _factory = WhisperFactory.FromPath(modelPath);
        // A broken model throws at Build(), not at FromPath: build one processor now to fail early and clearly.
        try
        {
            using var probe = _factory.CreateBuilder().WithLanguage("fr").Build();
        }
        catch (Exception e)
        {
            _factory.Dispose();
            throw new MediaException($"the Whisper model {Path.GetFileName(modelPath)} cannot be loaded ({e.Message}): pull it again with `synthesis models pull`", permanent: false);
        }
    }

    /// <summary>
    /// Refuses files that would abort the process inside ggml: not a ggml Whisper file, or all-F32 matrices (ftype 0).
    /// </summary>
    public static void CheckModelFile(string path)
    {
        if (!File.Exists(path)) throw new MediaException($"no Whisper model at {path}: run `synthesis models pull whisper-base`", permanent: false);
        using var reader = new BinaryReader(File.OpenRead(path));
        if (reader.BaseStream.Length < 48 || reader.ReadUInt32() != 0x67676d6c)
            throw new MediaException($"{Path.GetFileName(path)} is not a ggml Whisper model", permanent: false);
        var hparams = new int[11];
        for (var i = 0; i < hparams.Length; i++) hparams[i] = reader.ReadInt32();
        var ftype = hparams[10] % 1000; // quantised files add a version times 1000
        if (ftype == 0)
            throw new MediaException($"{Path.GetFileName(path)} stores F32 matrices, which the native runtime cannot load: use an F16 or quantised ggml model", permanent: false);
    }

    public async IAsyncEnumerable<TranscriptSegment> TranscribeAsync(string audioPath,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await AudioDecoder.ProbeAsync(audioPath, cancellationToken);
        var builder = _factory.CreateBuilder().WithThreads(Options.Threads).WithProbabilities();
        builder = Options.Language is "auto" or "" ? builder.WithLanguageDetection() : builder.WithLanguage(Options.Language);
        if (Options.MaxTokensPerSegment > 0) builder = builder.WithMaxTokensPerSegment(Options.MaxTokensPerSegment);
        await using var processor = builder.Build();
        await foreach (var chunk in AudioDecoder.ReadChunksAsync(audioPath, Options.Chunk, cancellationToken))
        {
            if (chunk.Samples.Length < AudioDecoder.SampleRate / 10) continue; // under 100 ms: nothing to say
            await foreach (var segment in processor.ProcessAsync(chunk.Samples, cancellationToken))
            {
                var text = segment.Text.Trim();
                if (text.Length == 0) continue;
                yield return new TranscriptSegment(chunk.Offset + segment.Start, chunk.Offset + segment.End, text,
                    Math.Clamp(segment.Probability, 0, 1), segment.Language);
            }
        }
    }

    public void Dispose() => _factory.Dispose();
}
