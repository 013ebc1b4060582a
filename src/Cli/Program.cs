using System.CommandLine;
using Synthesis.Cli;

// Exit codes: 0 success, 1 runtime failure, 2 wrong arguments or paths.
var root = Commands.Build();
var parse = root.Parse(args);
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
