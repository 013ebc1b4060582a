using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Synthesis.Ingest.Models;
using Synthesis.Ingest.Pipeline;
using Synthesis.Ingest.Search;

namespace Synthesis.Ingest;

/// <summary>
/// The composition of Synthesis's parts: the settings (<see cref="SynthesisOptions"/>), the French models they load
/// (<see cref="FrenchModels"/>), the search indexes open per data folder (<see cref="IndexRegistry"/>), the store and
/// the default pipeline, each registered once. Every process (the command line, the web host) and every test that
/// wants its own configuration builds one; two can run side by side in one process.
/// </summary>
public static class SynthesisServices
{
    /// <summary>
    /// Registers the parts. The options are taken from the container (the web host binds them from its configuration)
    /// unless given here; <paramref name="models"/> lets tests share loaded models between compositions.
    /// </summary>
    public static IServiceCollection AddSynthesis(this IServiceCollection services, SynthesisOptions? options = null, FrenchModels? models = null)
    {
        if (options is not null) services.AddSingleton(options);
        if (models is not null) services.TryAddSingleton(models);
        else services.TryAddSingleton(sp => new FrenchModels());
        services.TryAddSingleton<IndexRegistry>();
        services.TryAddSingleton(sp => SynthesisStore.Open(sp.GetRequiredService<SynthesisOptions>().Data, sp.GetRequiredService<SynthesisOptions>().Store, sp.GetRequiredService<SynthesisOptions>().Originals));
        services.TryAddSingleton(sp => new DefaultPipeline(sp.GetRequiredService<SynthesisOptions>(), sp.GetRequiredService<FrenchModels>(),
            sp.GetRequiredService<IndexRegistry>()));
        return services;
    }

    /// <summary>A container with the parts for <paramref name="options"/> (a command-line verb's, a test's).</summary>
    public static ServiceProvider Build(SynthesisOptions options, FrenchModels? models = null) =>
        new ServiceCollection().AddSynthesis(options, models).BuildServiceProvider();
}
