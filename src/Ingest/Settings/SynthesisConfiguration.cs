using System.Collections.Frozen;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Synthesis.Ingest;

/// <summary>A setting that cannot be used: the message names its key and says what it takes.</summary>
public sealed class SettingsException(IReadOnlyList<string> errors) : ArgumentException(string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors => errors;
}

/// <summary>A setting in force: its key, its value (secrets masked) and where it came from.</summary>
public sealed record SettingSource(string Key, string? Value, string Source);

/// <summary>
/// The one place settings are read. Sources, later ones winning: <c>appsettings.json</c> beside the program, the old
/// <c>SYNTHESIS_*</c> environment variables (each with a deprecation line), <c>Synthesis__Key</c> environment
/// variables, then <c>--Synthesis:Key=value</c> on the command line.
/// </summary>
public static class SynthesisConfiguration
{
    /// <summary>The old variables and the key each now is.</summary>
    public static readonly IReadOnlyDictionary<string, string> Legacy = new Dictionary<string, string>
    {
        ["SYNTHESIS_DATA"] = "Data",
        ["SYNTHESIS_TOPICS"] = "Topics",
        ["SYNTHESIS_SEARCH_SPELLING"] = "SearchSpelling",
        ["SYNTHESIS_LLM_URL"] = "Llm:Url",
        ["SYNTHESIS_LLM_MODEL"] = "Llm:Model",
        ["SYNTHESIS_LLM_KEY"] = "Llm:Key",
        ["SYNTHESIS_MODELS"] = "Models",
        ["SYNTHESIS_WHISPER_MODEL"] = "Whisper:Model",
        ["SYNTHESIS_WHISPER_MAX_TOKENS"] = "Whisper:MaxTokens",
        ["SYNTHESIS_LANGUAGE"] = "Language",
    };

    /// <summary>Keys whose values are never shown.</summary>
    static readonly FrozenSet<string> Secrets = FrozenSet.ToFrozenSet([$"{SynthesisOptions.Section}:Qdrant:ApiKey", $"{SynthesisOptions.Section}:Llm:Key"], StringComparer.Ordinal);

    const string LegacyName = "SYNTHESIS_* (deprecated)", EnvironmentName = "environment (Synthesis__…)";

    /// <summary>Key-value pairs under a name that <see cref="Sources"/> shows.</summary>
    sealed class Named(string name, IDictionary<string, string?> values) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(name, values);

        public sealed class Provider : ConfigurationProvider
        {
            public string Name { get; }

            public Provider(string name, IDictionary<string, string?> values)
            {
                Name = name;
                Data = new Dictionary<string, string?>(values, StringComparer.OrdinalIgnoreCase);
            }
        }
    }

    /// <summary>The old variables set in <paramref name="environment"/>, as configuration keys (SYNTHESIS_SEARCH_SPELLING=0 is false).</summary>
    static Dictionary<string, string?> LegacyValues(IDictionary<string, string?> environment)
    {
        var values = new Dictionary<string, string?>();
        foreach (var (variable, key) in Legacy)
            if (environment.TryGetValue(variable, out var value) && !string.IsNullOrEmpty(value))
                values[$"{SynthesisOptions.Section}:{key}"] = key == "SearchSpelling" ? (value == "0" ? "false" : "true") : value;
        return values;
    }

    static IDictionary<string, string?> Environment() =>
        System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value);

    /// <summary>One line per old variable in use, saying what to write instead.</summary>
    public static IReadOnlyList<string> Deprecations(IDictionary<string, string?>? environment = null)
    {
        environment ??= Environment();
        return Legacy.Where(l => environment.TryGetValue(l.Key, out var v) && !string.IsNullOrEmpty(v))
            .Select(l => $"{l.Key} is deprecated: set {SynthesisOptions.Section}__{l.Value.Replace(":", "__")} (or --{SynthesisOptions.Section}:{l.Value}=…) instead")
            .ToList();
    }

    /// <summary>
    /// Adds the old variables to a builder that already has its own sources (the web host's), just below its
    /// environment variables, so that <c>Synthesis__Key</c> and the command line still win over them.
    /// </summary>
    public static void AddLegacy(IConfigurationBuilder builder, IDictionary<string, string?>? environment = null)
    {
        var source = new Named(LegacyName, LegacyValues(environment ?? Environment()));
        var at = builder.Sources.ToList().FindIndex(s => s is EnvironmentVariablesConfigurationSource);
        builder.Sources.Insert(at < 0 ? 0 : at, source);
    }

    /// <summary>The configuration of a command-line process: the sources above, <paramref name="args"/> being the
    /// <c>--Synthesis:Key=value</c> arguments.</summary>
    public static IConfigurationRoot Build(IEnumerable<string> args, string? baseDirectory = null, IDictionary<string, string?>? environment = null)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(baseDirectory ?? AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
            .Add(new Named(LegacyName, LegacyValues(environment ?? Environment())));
        // a given environment (tests) stands for the process's own
        if (environment is null) builder.AddEnvironmentVariables();
        else builder.Add(new Named(EnvironmentName, environment.Where(e => e.Key.StartsWith(SynthesisOptions.Section + "__", StringComparison.Ordinal))
            .ToDictionary(e => e.Key.Replace("__", ":"), e => e.Value)));
        return builder.AddCommandLine(args.ToArray()).Build();
    }

    /// <summary>The options in <paramref name="configuration"/>, checked: a wrong value throws a <see cref="SettingsException"/> naming its key.</summary>
    public static SynthesisOptions Bind(IConfiguration configuration)
    {
        var options = new SynthesisOptions();
        try
        {
            configuration.GetSection(SynthesisOptions.Section).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // the binder says "Failed to convert configuration value 'abc' at 'Synthesis:Topics' to type 'System.Int32'."
            var m = System.Text.RegularExpressions.Regex.Match(e.Message, "value '(.*)' at '([^']+)' to type '(?:System\\.)?([^']+)'");
            throw new SettingsException([m.Success ? $"{m.Groups[2].Value}: '{m.Groups[1].Value}' is not {Expected(m.Groups[3].Value)}" : e.Message]);
        }
        var errors = options.Validate();
        if (errors.Count > 0) throw new SettingsException(errors);
        return options;
    }

    static string Expected(string type) =>
        type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) ? "a whole number"
        : type.Contains("Boolean", StringComparison.Ordinal) ? "true or false"
        : $"a value of type {type}";

    /// <summary>The settings of a process that was given none of its own: appsettings, environment.</summary>
    public static SynthesisOptions FromEnvironment() => Bind(Build([]));

    /// <summary>Every key set by some source, with its value (secrets masked) and the source that wins.</summary>
    public static IReadOnlyList<SettingSource> Sources(IConfigurationRoot root)
    {
        var result = new List<SettingSource>();
        foreach (var (key, value) in root.AsEnumerable().Where(kv => kv.Key.StartsWith(SynthesisOptions.Section + ":", StringComparison.OrdinalIgnoreCase) && kv.Value is not null).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var provider = root.Providers.Reverse().First(p => p.TryGet(key, out _));
            result.Add(new SettingSource(key,
                Secrets.Contains(key, StringComparer.OrdinalIgnoreCase) ? "••••"
                // the database's address, its password masked
                : string.Equals(key, $"{SynthesisOptions.Section}:Store", StringComparison.OrdinalIgnoreCase) && value is not null ? Synthesis.Store.PostgresAddress.Redacted(value)
                : value, Describe(provider)));
        }
        return result;
    }

    static string Describe(IConfigurationProvider provider) => provider switch
    {
        Microsoft.Extensions.Configuration.Json.JsonConfigurationProvider json => json.Source.Path ?? "appsettings.json",
        EnvironmentVariablesConfigurationProvider => EnvironmentName,
        Named.Provider named => named.Name,
        Microsoft.Extensions.Configuration.CommandLine.CommandLineConfigurationProvider => "command line",
        _ => provider.ToString() ?? provider.GetType().Name,
    };
}
