using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Whisper.net;
using Xunit.Abstractions;

namespace Synthesis.Ingest.Tests.Media;

public sealed class TinyWhisperModelTests(ITestOutputHelper output) : IDisposable
{
    const int MaxTokens = 8;

    readonly List<string> _dirs = [];

    string TempDir()
    {
        var dir = TestData.TempDir();
        _dirs.Add(dir);
        return dir;
    }

    public void Dispose()
    {
        foreach (var dir in _dirs)
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }

    [SkippableFact]
    public async Task Minimal_model_loads_and_transcribes_the_fleurs_clip_deterministically()
    {
        var ffmpeg = FindOnPath("ffmpeg");
        Skip.If(ffmpeg is null, "ffmpeg is not installed (scripts/setup.sh installs it)");
        var dir = TempDir();
        var model = Path.Combine(dir, "ggml-minimal.bin");
        var wav = Path.Combine(dir, "fleurs-fr-000.wav");

        var clock = Stopwatch.StartNew();
        TinyWhisperModel.Write(model, WhisperShape.Minimal);
        output.WriteLine($"model written: {new FileInfo(model).Length:N0} bytes in {clock.ElapsedMilliseconds} ms");

        clock.Restart();
        await ToWav16kMonoAsync(ffmpeg!, TestData.EvalData("speech", "fleurs", "fleurs-fr-000.ogg"), wav);
        output.WriteLine($"ffmpeg to 16 kHz WAV: {clock.ElapsedMilliseconds} ms");

        clock.Restart();
        using var factory = WhisperFactory.FromPath(model);
        output.WriteLine($"factory (native load): {clock.ElapsedMilliseconds} ms");

        var first = await TranscribeAsync(factory, wav);
        var second = await TranscribeAsync(factory, wav);
        var withoutProbabilities = await TranscribeAsync(factory, wav, probabilities: false);

        // a 10 s clip is one 30 s window: one segment, spanning the window, of MaxTokens emitted tokens
        var emitted = TinyWhisperModel.TokenText(TinyWhisperModel.DefaultEmitToken);
        Assert.Equal(" tok2000", emitted);
        var segment = Assert.Single(first);
        Assert.Equal(string.Concat(Enumerable.Repeat(emitted, MaxTokens)), segment.Text);
        Assert.Equal(TimeSpan.Zero, segment.Start);
        Assert.Equal(TimeSpan.FromSeconds(30), segment.End);
        Assert.Equal("fr", segment.Language);

        // per-token data: the emitted tokens at probability ~1, then the timestamp whisper.cpp forces at the cap
        Assert.Equal(MaxTokens + 1, segment.Tokens.Length);
        Assert.All(segment.Tokens[..MaxTokens], t =>
        {
            Assert.Equal(TinyWhisperModel.DefaultEmitToken, t.Id);
            Assert.Equal(emitted, t.Text);
            Assert.True(t.Probability > 0.999f, $"token probability {t.Probability}");
        });
        Assert.Equal(TinyWhisperModel.FirstTimestamp, segment.Tokens[^1].Id);
        Assert.InRange(segment.Probability, 0.9f, 1f);
        Assert.Equal(segment.Tokens.Min(t => t.Probability), segment.MinProbability);

        // same model, same audio: the same segments, tokens and probabilities
        Assert.Equal(Describe(first), Describe(second));

        // WithProbabilities only fills the segment's Probability/MinProbability/MaxProbability; tokens always have theirs
        var plain = Assert.Single(withoutProbabilities);
        Assert.Equal(segment.Text, plain.Text);
        Assert.Equal(0f, plain.Probability);
        Assert.Equal(segment.Tokens.Select(t => t.Probability), plain.Tokens.Select(t => t.Probability));
    }

    [Fact]
    public void Writer_streams_a_tiny_shaped_model_without_holding_it_in_memory()
    {
        var path = Path.Combine(TempDir(), "ggml-tiny-shape.bin");
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        TinyWhisperModel.Write(path, WhisperShape.Tiny);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        var length = new FileInfo(path).Length;
        output.WriteLine($"tiny-shaped model: {length:N0} bytes, {allocated:N0} bytes allocated while writing");
        Assert.Equal(77_825_238, length);
        Assert.True(allocated < 16 << 20, $"{allocated:N0} bytes allocated to write a {length:N0}-byte model");
    }

    [Fact]
    public void Writer_refuses_F32_matrices_which_abort_the_native_runtime()
    {
        var path = Path.Combine(TempDir(), "ggml-f32.bin");
        var error = Assert.Throws<NotSupportedException>(() =>
            TinyWhisperModel.Write(path, WhisperShape.Minimal, matrixType: GgmlType.F32));
        Assert.Contains("F16", error.Message);
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Same_seed_gives_the_same_bytes_and_the_header_is_the_ggml_whisper_header()
    {
        var dir = TempDir();
        string a = Path.Combine(dir, "a.bin"), b = Path.Combine(dir, "b.bin"), c = Path.Combine(dir, "c.bin");
        TinyWhisperModel.Write(a, WhisperShape.Minimal, seed: 7);
        TinyWhisperModel.Write(b, WhisperShape.Minimal, seed: 7);
        TinyWhisperModel.Write(c, WhisperShape.Minimal, seed: 8);
        Assert.Equal(Sha256(a), Sha256(b));
        Assert.NotEqual(Sha256(a), Sha256(c));

        using var reader = new BinaryReader(File.OpenRead(a));
        Assert.Equal(TinyWhisperModel.Magic, reader.ReadUInt32());
        int[] hparams = [.. Enumerable.Range(0, 11).Select(_ => reader.ReadInt32())];
        Assert.Equal([51865, 1500, 64, 1, 1, 448, 64, 1, 1, 80, 1], hparams);
    }

    async Task<List<SegmentData>> TranscribeAsync(WhisperFactory factory, string wav, bool probabilities = true)
    {
        var clock = Stopwatch.StartNew();
        // random weights never emit end-of-text: the cap is what ends a segment
        var builder = factory.CreateBuilder()
            .WithLanguage("fr")
            .WithThreads(1)
            .WithMaxTokensPerSegment(MaxTokens);
        if (probabilities) builder = builder.WithProbabilities();
        using var processor = builder.Build();
        var segments = new List<SegmentData>();
        await using (var audio = File.OpenRead(wav))
        {
            await foreach (var segment in processor.ProcessAsync(audio)) segments.Add(segment);
        }
        output.WriteLine($"transcribed (probabilities: {probabilities}) in {clock.ElapsedMilliseconds} ms:");
        output.WriteLine(Describe(segments));
        return segments;
    }

    static string Describe(IEnumerable<SegmentData> segments)
    {
        var text = new StringBuilder();
        foreach (var s in segments)
        {
            text.AppendLine(FormattableString.Invariant(
                $"[{s.Start} -> {s.End}] '{s.Text}' lang={s.Language} p={s.Probability:R} min={s.MinProbability:R} max={s.MaxProbability:R} no_speech={s.NoSpeechProbability:R}"));
            foreach (var t in s.Tokens)
                text.AppendLine(FormattableString.Invariant(
                    $"    {t.Id} '{t.Text}' p={t.Probability:R} plog={t.ProbabilityLog:R} ts={t.TimestampId} pt={t.TimestampProbability:R} ptsum={t.TimestampProbabilitySum:R} t0={t.Start} t1={t.End} dtw={t.DtwTimestamp}"));
        }
        return text.ToString();
    }

    static async Task ToWav16kMonoAsync(string ffmpeg, string input, string wav)
    {
        var start = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", input, "-ar", "16000", "-ac", "1", "-c:a", "pcm_s16le", wav })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"ffmpeg failed: {await stderr}");
    }

    static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
