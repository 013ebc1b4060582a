using System.CommandLine;
using Synthesis.Ingest;

namespace Synthesis.Cli;

/// <summary>A wrong argument or path: reported in one line with exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>The verbs of the <c>synthesis</c> command and the options they share.</summary>
static class Commands
{
    public static readonly Option<string?> Data = new("--data")
    {
        Description = "Data folder (default: the setting Synthesis:Data, else ./data)",
        Recursive = true,
    };

    /// <summary>
    /// The settings in force for this process (<see cref="SynthesisConfiguration"/>), bound once by Program before any
    /// verb runs: the command's composition root.
    /// </summary>
    public static SynthesisOptions Settings { get; set; } = new();

    /// <summary>The <c>--Synthesis:…</c> arguments given (a host the command starts gets them too).</summary>
    public static IReadOnlyList<string> SettingArgs { get; set; } = [];

    /// <summary>Where <see cref="Settings"/> came from, for `synthesis status`.</summary>
    public static Microsoft.Extensions.Configuration.IConfigurationRoot? Configuration { get; set; }

    /// <summary>The <c>--Synthesis:Key=value</c> (or <c>--Synthesis:Key value</c>) arguments, and the others.</summary>
    public static (List<string> Settings, List<string> Others) SplitSettings(IReadOnlyList<string> args)
    {
        var (settings, rest) = (new List<string>(), new List<string>());
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--" + SynthesisOptions.Section + ":", StringComparison.OrdinalIgnoreCase)) { rest.Add(args[i]); continue; }
            settings.Add(args[i]);
            if (!args[i].Contains('=') && i + 1 < args.Count) settings.Add(args[++i]);
        }
        return (settings, rest);
    }

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print one JSON object on stdout instead of text",
        Recursive = true,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("Synthesis: turns citizens' contributions (text, speech, photos) into an analysis a city can act on.");
        root.Options.Add(Data);
        root.Options.Add(Json);
        root.Subcommands.Add(ImportVerb.Command());
        root.Subcommands.Add(AnalyseVerb.Command());
        root.Subcommands.Add(StatusVerb.Command());
        root.Subcommands.Add(ServeVerb.Command());
        root.Subcommands.Add(SearchVerb.Command());
        root.Subcommands.Add(ReindexVerb.Command());
        root.Subcommands.Add(TopicsVerb.Command());
        root.Subcommands.Add(ModelsVerb.Command());
        root.Subcommands.Add(EvalVerb.Command());
        root.Subcommands.Add(UsersVerb.Command());
        return root;
    }

    public static string DataDirectory(ParseResult result) => result.GetValue(Data) ?? Settings.Data;

    /// <summary>Opens the data folder; a folder that cannot be used is the user's to fix (exit 2).</summary>
    public static SynthesisStore OpenStore(ParseResult result, bool mustExist = false)
    {
        var dir = DataDirectory(result);
        if (mustExist && !File.Exists(Path.Combine(dir, "synthesis.db")))
            throw new UsageException($"no Synthesis data in '{Path.GetFullPath(dir)}': import something first (synthesis import PATH --data {dir})");
        if (File.Exists(dir)) throw new UsageException($"--data '{dir}' is a file, not a folder");
        try
        {
            return SynthesisStore.Open(dir);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new UsageException($"cannot use data folder '{dir}': {e.Message}");
        }
    }

    /// <summary>Runs a verb body, turning failures into a one-line message and the documented exit code.</summary>
    public static async Task<int> Guard(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception e) when (e is UsageException or ArgumentException or FileNotFoundException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine($"synthesis: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("synthesis: cancelled");
            return 130;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"synthesis: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }
}
