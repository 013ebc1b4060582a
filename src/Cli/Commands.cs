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

    public static readonly Option<string?> Store = new("--store")
    {
        Description = "The database: postgres://user:password@host:5432/database (default: the setting Synthesis:Store, else SQLite in the data folder)",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Print one JSON object on stdout instead of text",
        Recursive = true,
    };

    public static RootCommand Build(CliContext cli)
    {
        var root = new RootCommand("Synthesis: turns citizens' contributions (text, speech, photos) into an analysis a city can act on.");
        root.Options.Add(Data);
        root.Options.Add(Store);
        root.Options.Add(Json);
        root.Subcommands.Add(ImportVerb.Command(cli));
        root.Subcommands.Add(AnalyseVerb.Command(cli));
        root.Subcommands.Add(WorkerVerb.Command(cli));
        root.Subcommands.Add(MigrateVerb.Command(cli));
        root.Subcommands.Add(StatusVerb.Command(cli));
        root.Subcommands.Add(ServeVerb.Command(cli));
        root.Subcommands.Add(SearchVerb.Command(cli));
        root.Subcommands.Add(ReindexVerb.Command(cli));
        root.Subcommands.Add(TopicsVerb.Command(cli));
        root.Subcommands.Add(ModelsVerb.Command(cli));
        root.Subcommands.Add(EvalVerb.Command(cli));
        root.Subcommands.Add(UsersVerb.Command(cli));
        root.Subcommands.Add(PlacesVerb.Command(cli));
        return root;
    }

    /// <summary>Runs a verb body, turning failures into a one-line message and the documented exit code.</summary>
    /// <summary>Whether an exception came from reading or writing the search index files (Lucene, the vector files).</summary>
    static bool FromTheSearchIndexes(Exception e) =>
        e.StackTrace is { } trace && (trace.Contains("Lucene.Net.", StringComparison.Ordinal) || trace.Contains("Synthesis.Ingest.Search.", StringComparison.Ordinal));

    public static async Task<int> Guard(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception e) when (e is UsageException or ArgumentException or FileNotFoundException or DirectoryNotFoundException && !FromTheSearchIndexes(e))
        {
            Console.Error.WriteLine($"synthesis: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is IOException or ArgumentException && FromTheSearchIndexes(e))
        {
            // a file of the indexes missing or damaged while the command ran: not the caller's arguments (exit 1, not 2)
            Console.Error.WriteLine($"synthesis: the search indexes could not be read ({e.GetType().Name}: {e.Message}); " +
                "the next command that opens them rebuilds what does not open, or run `synthesis reindex`");
            return 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("synthesis: cancelled");
            return 130;
        }
        catch (Exception e)
        {
            // not an error the user can fix: where it happened, for the report to the developers
            Console.Error.WriteLine($"synthesis: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            return 1;
        }
    }
}
