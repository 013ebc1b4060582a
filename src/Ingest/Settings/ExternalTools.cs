namespace Synthesis.Ingest;

/// <summary>
/// Where the programs Synthesis runs are (ffmpeg, ffprobe, Tesseract): found on the system's search path. PATH is the
/// operating system's, not a Synthesis setting; it is read here, beside the options binding, and nowhere else (so is
/// ASP.NET Core's temporary folder).
/// </summary>
public static class ExternalTools
{
    /// <summary>The full path of <paramref name="tool"/> on PATH, or null when it is not installed.</summary>
    public static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);

    /// <summary>
    /// Where ASP.NET Core buffers large request bodies (uploads) to disk: its own variable ASPNETCORE_TEMP, else the
    /// system's temporary folder. Read here for the same reason as PATH: it is the framework's, not a Synthesis setting.
    /// </summary>
    public static string AspNetCoreTempDirectory =>
        Environment.GetEnvironmentVariable("ASPNETCORE_TEMP") is { Length: > 0 } configured ? configured : Path.GetTempPath();
}
