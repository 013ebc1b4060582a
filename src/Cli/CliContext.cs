using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Synthesis.Ingest;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Cli;

/// <summary>
/// The command's composition root: the settings in force for this process (bound once by Program before any verb
/// runs, <see cref="SynthesisConfiguration"/>), where they came from, and the parts built from them (on first use:
/// a verb that only reads the store loads no model).
/// </summary>
sealed class CliContext(SynthesisOptions settings, IReadOnlyList<string> settingArgs, IConfigurationRoot? configuration) : IDisposable
{
    readonly Lazy<ServiceProvider> _services = new(() => SynthesisServices.Build(settings));

    public SynthesisOptions Settings => settings;

    /// <summary>The <c>--Synthesis:…</c> arguments given (a host the command starts gets them too).</summary>
    public IReadOnlyList<string> SettingArgs => settingArgs;

    /// <summary>Where <see cref="Settings"/> came from, for `synthesis status`.</summary>
    public IConfigurationRoot? Configuration => configuration;

    /// <summary>The pipeline, models and search indexes for these settings.</summary>
    public DefaultPipeline Pipeline => _services.Value.GetRequiredService<DefaultPipeline>();

    /// <summary>The French models (each loaded on first use), for verbs that compose their own parts (the evaluations).</summary>
    public Ingest.Models.FrenchModels Models => Pipeline.Models;

    public string DataDirectory(ParseResult result) => result.GetValue(Commands.Data) ?? settings.Data;

    /// <summary>The database: <c>--store</c>, else the setting Synthesis:Store; null or empty: SQLite in the data folder.</summary>
    public string? StoreAddress(ParseResult result) => result.GetValue(Commands.Store) ?? settings.Store;

    /// <summary>Opens the data folder; a folder that cannot be used is the user's to fix (exit 2).</summary>
    public SynthesisStore OpenStore(ParseResult result, bool mustExist = false)
    {
        var dir = DataDirectory(result);
        if (mustExist && string.IsNullOrWhiteSpace(StoreAddress(result)) && !File.Exists(Path.Combine(dir, "synthesis.db")))
            throw new UsageException($"no Synthesis data in '{Path.GetFullPath(dir)}': import something first (synthesis import PATH --data {dir})");
        return OpenStore(dir, StoreAddress(result));
    }

    /// <summary>Opens the data folder <paramref name="dir"/> on the database <paramref name="address"/> (null: SQLite in it).</summary>
    public SynthesisStore OpenStore(string dir, string? address)
    {
        if (File.Exists(dir)) throw new UsageException($"--data '{dir}' is a file, not a folder");
        try
        {
            return SynthesisStore.Open(dir, address, settings.Originals);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new UsageException($"cannot use data folder '{dir}': {e.Message}");
        }
        catch (System.Data.Common.DbException e) when (!string.IsNullOrWhiteSpace(address))
        {
            throw new UsageException($"cannot reach the store {PostgresAddress.Redacted(address)}: {e.Message}");
        }
        catch (ArgumentException e) when (!string.IsNullOrWhiteSpace(address))
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>Closes what the verb opened (the search indexes save what their writer holds).</summary>
    public void Dispose()
    {
        if (_services.IsValueCreated) _services.Value.Dispose();
    }
}
