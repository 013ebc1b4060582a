using Microsoft.Extensions.Logging;

namespace Synthesis.Api.Apis;

/// <summary>
/// What an upload leaves when the server is killed in the middle of it (kill -9, a power cut): the upload's folder in
/// DATA/uploads and ASP.NET Core's buffer files (ASPNETCORE_*.tmp, deleted on close otherwise) in the temporary
/// folder. Removed when the server starts, once they are older than any upload still running could be.
/// </summary>
public static class UploadLeftovers
{
    public static readonly TimeSpan OlderThan = TimeSpan.FromHours(1);

    /// <summary>Removes the leftovers older than <paramref name="olderThan"/>; returns how many files and folders went.</summary>
    public static int Clean(string dataDirectory, ILogger? log = null, TimeSpan? olderThan = null, string? tempDirectory = null)
    {
        var before = DateTime.UtcNow - (olderThan ?? OlderThan);
        var removed = 0;
        var uploads = Path.Combine(dataDirectory, "uploads");
        if (Directory.Exists(uploads))
            foreach (var folder in Directory.EnumerateDirectories(uploads))
                if (Directory.GetLastWriteTimeUtc(folder) < before && Try(() => Directory.Delete(folder, recursive: true))) removed++;
        var temp = tempDirectory ?? Synthesis.Ingest.ExternalTools.AspNetCoreTempDirectory;
        if (Directory.Exists(temp))
            foreach (var file in Directory.EnumerateFiles(temp, "ASPNETCORE_*.tmp"))
                if (File.GetLastWriteTimeUtc(file) < before && Try(() => File.Delete(file))) removed++;
        if (removed > 0) log?.LogInformation("removed {Count} files and folders left by interrupted uploads", removed);
        return removed;
    }

    static bool Try(Action action)
    {
        try { action(); return true; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }
}
