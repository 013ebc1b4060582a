using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Synthesis.Cli.Tests;

/// <summary>Runs the built <c>synthesis</c> command as a child process, as a user would.</summary>
static class Cli
{
    public static string RepoRoot { get; } = FindRepoRoot();

    static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Synthesis.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Synthesis.sln not found");
    }

    static string Dll => Path.Combine(AppContext.BaseDirectory, "synthesis.dll");

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "synthesis-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static Process Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["SYNTHESIS_DATA"] = "";
        foreach (var (k, v) in environment) info.Environment[k] = v;
        return Process.Start(info)!;
    }

    public static (int Code, string Out, string Err) Run(params string[] args) => Run(new Dictionary<string, string>(), args);

    public static (int Code, string Out, string Err) Run(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var p = Start(environment, args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3))) { p.Kill(true); throw new TimeoutException(string.Join(' ', args)); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    public static JsonObject Json(params string[] args) => Json(new Dictionary<string, string>(), args);

    public static JsonObject Json(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var (code, stdout, stderr) = Run(environment, [.. args, "--json"]);
        Assert.True(code == 0, $"exit {code}: {stderr}");
        return JsonNode.Parse(stdout)!.AsObject();
    }
}
