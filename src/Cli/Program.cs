using System.CommandLine;
using Synthesis.Cli;
using Synthesis.Ingest;

// Exit codes: 0 success, 1 runtime failure, 2 wrong arguments, paths or settings.
// Settings (--Synthesis:Key=value) are the configuration's, not a verb's: they are taken out before the verbs parse.
var (settings, rest) = Commands.SplitSettings(args);
CliContext cli;
try
{
    var configuration = SynthesisConfiguration.Build(settings);
    cli = new CliContext(SynthesisConfiguration.Bind(configuration), settings, configuration);
}
catch (SettingsException e)
{
    foreach (var error in e.Errors) Console.Error.WriteLine($"synthesis: {error}");
    return 2;
}
foreach (var line in SynthesisConfiguration.Deprecations()) Console.Error.WriteLine($"synthesis: {line}");
using var _ = cli;
var root = Commands.Build(cli);
var parse = root.Parse(rest);
if (parse.Errors.Count > 0)
{
    Console.Error.WriteLine($"synthesis: {parse.Errors[0].Message} (see synthesis --help)");
    return 2;
}
try
{
    return await parse.InvokeAsync();
}
catch (UsageException e)
{
    Console.Error.WriteLine($"synthesis: {e.Message}");
    return 2;
}
