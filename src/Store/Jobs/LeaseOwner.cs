using System.Diagnostics;

namespace Synthesis.Store;

/// <summary>
/// Who holds a lease: host, process id and process start time. The start time tells a recycled PID from the
/// original process, so a worker on the same host can tell for sure that a lease holder is dead.
/// </summary>
public sealed record LeaseOwner(string Id)
{
    public static LeaseOwner ForThisProcess(string worker = "w0")
    {
        using var process = Process.GetCurrentProcess();
        return new LeaseOwner($"{Environment.MachineName}:{Environment.ProcessId}:{StartSecond(process)}:{worker}");
    }

    // Seconds, compared with a tolerance: Linux derives start times from boot time and jiffies, which jitter.
    static long StartSecond(Process process) => new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeSeconds();

    public static bool IsDeadLocal(string ownerId)
    {
        var parts = ownerId.Split(':');
        if (parts.Length < 3 || parts[0] != Environment.MachineName) return false;
        if (!int.TryParse(parts[1], out var pid) || !long.TryParse(parts[2], out var started)) return false;
        if (pid == Environment.ProcessId) return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited || Math.Abs(StartSecond(process) - started) > 2;
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }
}
