using System.Buffers.Binary;
using System.Diagnostics;
using FFMpegCore;

namespace Synthesis.Ingest.Media;

/// <summary>A recording that cannot be decoded; the message names the problem and what to do.</summary>
public sealed class MediaException(string message, bool permanent = true) : Exception(message)
{
    /// <summary>False when retrying may help (the tool was busy or missing), true for a bad file.</summary>
    public bool Permanent { get; } = permanent;
}

/// <summary>
/// Decodes any format ffmpeg reads (mp3, m4a, ogg/opus, wav, webm, mp4, mov, mkv...) into 16 kHz mono float
/// samples, streamed in chunks so that a three-hour recording never sits in memory whole.
/// </summary>
public static class AudioDecoder
{
    public const int SampleRate = 16_000;

    public static bool FfmpegAvailable() => ExternalTools.Find("ffmpeg") is not null && ExternalTools.Find("ffprobe") is not null;

    /// <summary>Duration of the audio track; throws <see cref="MediaException"/> for a file without usable audio.</summary>
    public static async Task<TimeSpan> ProbeAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!FfmpegAvailable())
            throw new MediaException("ffmpeg is not installed: run scripts/setup.sh (apt-get install ffmpeg)", permanent: false);
        IMediaAnalysis analysis;
        try
        {
            analysis = await FFProbe.AnalyseAsync(path, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new MediaException($"the file cannot be read as audio or video ({FirstLine(e.Message)}): it may be corrupt or truncated; the original is kept");
        }
        if (analysis.PrimaryAudioStream is null)
            throw new MediaException("the file has no audio track: nothing to transcribe (a silent video or a photo saved as video?)");
        return analysis.PrimaryAudioStream.Duration > TimeSpan.Zero ? analysis.PrimaryAudioStream.Duration : analysis.Duration;
    }

    /// <summary>
    /// Streams the audio as consecutive chunks of about <paramref name="chunk"/> length. A chunk ends at the quietest
    /// 100 ms of its last two seconds, so that a word is rarely cut in two; the rest starts the next chunk. ffmpeg
    /// writes to a pipe that is read only as fast as chunks are consumed, so memory stays bounded by the chunk size.
    /// </summary>
    public static async IAsyncEnumerable<AudioChunk> ReadChunksAsync(string path, TimeSpan chunk,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!FfmpegAvailable())
            throw new MediaException("ffmpeg is not installed: run scripts/setup.sh (apt-get install ffmpeg)", permanent: false);
        var chunkSamples = Math.Max(SampleRate, (int)(chunk.TotalSeconds * SampleRate));
        var info = new ProcessStartInfo("ffmpeg", ["-nostdin", "-v", "error", "-i", path, "-vn", "-ac", "1", "-ar", SampleRate.ToString(),
            "-f", "f32le", "-"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var ffmpeg = Process.Start(info) ?? throw new MediaException("ffmpeg could not be started", permanent: false);
        var stderr = ffmpeg.StandardError.ReadToEndAsync(cancellationToken);
        await using var killOnExit = cancellationToken.Register(() => { try { ffmpeg.Kill(); } catch (InvalidOperationException) { } });
        try
        {
            var stdout = ffmpeg.StandardOutput.BaseStream;
            var bytes = new byte[chunkSamples * 4];
            var carry = Array.Empty<float>();
            long offset = 0;
            while (true)
            {
                var filled = 0;
                int read;
                while (filled < bytes.Length && (read = await stdout.ReadAsync(bytes.AsMemory(filled), cancellationToken)) > 0) filled += read;
                var count = filled / 4;
                if (count == 0) break;
                var samples = new float[carry.Length + count];
                carry.CopyTo(samples, 0);
                for (var i = 0; i < count; i++) samples[carry.Length + i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4));
                var last = filled < bytes.Length;
                var cut = last ? samples.Length : QuietCut(samples);
                yield return new AudioChunk(offset, samples.AsMemory(0, cut));
                offset += cut;
                carry = samples[cut..];
                if (last) break;
            }
            if (carry.Length > 0) yield return new AudioChunk(offset, carry);
        }
        finally
        {
            // A consumer that stops early must not leave ffmpeg blocked on a full pipe.
            if (!ffmpeg.HasExited) try { ffmpeg.Kill(); } catch (InvalidOperationException) { }
        }
        await ffmpeg.WaitForExitAsync(cancellationToken);
        if (ffmpeg.ExitCode != 0)
            throw new MediaException($"ffmpeg could not decode the file ({LastLine(await stderr)}): it may be corrupt or truncated; the original is kept");
    }

    /// <summary>Where to end a chunk: the lowest-energy 100 ms window in its last 2 s (all of it if shorter).</summary>
    static int QuietCut(float[] samples)
    {
        const int window = SampleRate / 10;
        var searchFrom = samples.Length - 2 * SampleRate;
        if (searchFrom <= window) return samples.Length;
        var best = samples.Length;
        var bestEnergy = double.MaxValue;
        for (var start = searchFrom; start + window <= samples.Length; start += window / 2)
        {
            double energy = 0;
            for (var i = start; i < start + window; i++) energy += samples[i] * samples[i];
            if (energy < bestEnergy)
            {
                bestEnergy = energy;
                best = start + window / 2;
            }
        }
        return best;
    }

    static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "";

    static string LastLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim() ?? "unknown error";
}

/// <summary>Samples of one chunk and where it starts in the recording (in samples at 16 kHz).</summary>
public readonly record struct AudioChunk(long OffsetSamples, ReadOnlyMemory<float> Samples)
{
    public TimeSpan Offset => TimeSpan.FromSeconds(OffsetSamples / (double)AudioDecoder.SampleRate);
}
