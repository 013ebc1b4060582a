namespace Synthesis.Api;

/// <summary>
/// Runs the web host alone (<c>dotnet Synthesis.Api.dll --Synthesis:Data=DIR</c>); the usual way is
/// <c>synthesis serve</c>, which builds the same host. Tests host it through WebApplicationFactory.
/// </summary>
public class Program
{
    public static void Main(string[] args)
    {
        var app = SynthesisWebHost.Build(args);
        app.Run();
    }
}
