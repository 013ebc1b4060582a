using System.Diagnostics;

namespace Synthesis.Ingest.Tests.Media;

/// <summary>Recordings and images made by ffmpeg from the real French speech in eval-data, for media tests.</summary>
static class MediaFixtures
{
    public static string Fleurs(int n = 1) => TestData.EvalData("speech", "fleurs", $"fleurs-fr-{n:000}.ogg");

    /// <summary>Runs ffmpeg with the given arguments (output path last); fails the test with its message.</summary>
    public static string Ffmpeg(params string[] args)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-v", "error", "-y", .. args]) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"ffmpeg {string.Join(' ', args)}: {err}");
        return args[^1];
    }

    /// <summary>The FLEURS clip in another container; video containers get a small black picture track too.</summary>
    public static string Container(string dir, string extension)
    {
        var output = Path.Combine(dir, $"clip{extension}");
        var video = extension is ".mp4" or ".mov" or ".mkv" or ".webm";
        string[] codec = extension switch
        {
            ".mp3" => ["-c:a", "libmp3lame"],
            ".m4a" or ".mp4" or ".mov" => ["-c:a", "aac"],
            ".ogg" or ".webm" or ".mkv" => ["-c:a", "libopus"],
            ".wav" => ["-c:a", "pcm_s16le"],
            _ => [],
        };
        string[] picture = video
            ? ["-f", "lavfi", "-i", "color=c=black:s=64x64:r=5", "-shortest", "-c:v", extension == ".webm" ? "libvpx" : "mpeg4", "-map", "0:a", "-map", "1:v"]
            : [];
        return Ffmpeg(["-i", Fleurs(), .. picture, .. codec, output]);
    }

    public static TimeSpan Duration(string path)
    {
        var info = new ProcessStartInfo("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path])
            { RedirectStandardOutput = true, UseShellExecute = false };
        using var p = Process.Start(info)!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return TimeSpan.FromSeconds(double.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
