using System.Diagnostics;
using Synthesis.Ingest.Media;

namespace Synthesis.Ingest.Tests.Media;

/// <summary>Runs alone: the memory bound is read from the process-wide heap, which parallel tests would inflate.</summary>
[CollectionDefinition(nameof(MemoryMeasurements), DisableParallelization = true)]
public class MemoryMeasurements;

[Collection(nameof(MemoryMeasurements))]
public class AudioDecoderTests
{
    [Theory]
    [InlineData(".mp3")]
    [InlineData(".m4a")]
    [InlineData(".ogg")]
    [InlineData(".wav")]
    [InlineData(".webm")]
    [InlineData(".mp4")]
    [InlineData(".mov")]
    [InlineData(".mkv")]
    public async Task Every_container_decodes_to_16_khz_mono_of_the_right_length(string extension)
    {
        var file = MediaFixtures.Container(TestData.TempDir(), extension);
        var expected = (await AudioDecoder.ProbeAsync(file)).TotalSeconds;

        long samples = 0;
        float peak = 0;
        await foreach (var chunk in AudioDecoder.ReadChunksAsync(file, TimeSpan.FromSeconds(3)))
        {
            Assert.Equal(samples, chunk.OffsetSamples);
            samples += chunk.Samples.Length;
            foreach (var s in chunk.Samples.Span) peak = Math.Max(peak, Math.Abs(s));
        }
        Assert.InRange(samples / 16_000.0, expected - 0.15, expected + 0.15);
        Assert.InRange(peak, 0.01f, 1.5f); // real speech, not silence
    }

    [Fact]
    public async Task A_video_without_audio_is_a_clear_error()
    {
        var file = MediaFixtures.Ffmpeg("-f", "lavfi", "-i", "color=c=red:s=64x64:d=2", "-c:v", "mpeg4", Path.Combine(TestData.TempDir(), "muet.mp4"));
        var e = await Assert.ThrowsAsync<MediaException>(() => AudioDecoder.ProbeAsync(file));
        Assert.Contains("no audio track", e.Message);
        Assert.True(e.Permanent);
    }

    [Fact]
    public async Task A_corrupt_file_is_a_clear_error()
    {
        var file = Path.Combine(TestData.TempDir(), "cassé.mp3");
        var bytes = new byte[20_000];
        new Random(3).NextBytes(bytes);
        await File.WriteAllBytesAsync(file, bytes);
        var e = await Assert.ThrowsAsync<MediaException>(() => AudioDecoder.ProbeAsync(file));
        Assert.Contains("corrupt", e.Message);
    }

    [Fact]
    public async Task A_three_hour_recording_streams_through_in_bounded_memory()
    {
        // 3 h of 8 kHz 8-bit audio (86 MB on disk), decoded to 16 kHz floats: 691 MB if held whole.
        var file = MediaFixtures.Ffmpeg("-f", "lavfi", "-i", "sine=frequency=300:duration=10800:sample_rate=8000",
            "-c:a", "pcm_u8", Path.Combine(TestData.TempDir(), "forum-3h.wav"));
        try
        {
            using var process = Process.GetCurrentProcess();
            // What other tests left alive (shared caches) is the baseline; the bound is on what decoding adds.
            var baseline = GC.GetTotalMemory(forceFullCollection: true);
            long samples = 0, chunks = 0, peakManaged = 0;
            await foreach (var chunk in AudioDecoder.ReadChunksAsync(file, TimeSpan.FromMinutes(5)))
            {
                samples += chunk.Samples.Length;
                chunks++;
                peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(forceFullCollection: true)); // live memory
            }
            Assert.InRange(samples, 10_800L * 16_000 - 16_000, 10_800L * 16_000 + 16_000);
            Assert.InRange(chunks, 36, 40);
            // Bound: a few 5-minute chunks of floats (19 MB each) in flight, far below the 691 MB of the whole file.
            var added = peakManaged - baseline;
            Assert.True(added < 150_000_000, $"decoding added {added / 1_048_576} MB of live memory");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
