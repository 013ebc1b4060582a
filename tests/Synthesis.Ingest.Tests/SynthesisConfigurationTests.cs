using Synthesis.Ingest;

namespace Synthesis.Ingest.Tests;

/// <summary>One options object, bound once: sources in order, the old variables, checks that name the key.</summary>
public class SynthesisConfigurationTests
{
    static string AppSettings(string json)
    {
        var dir = TestData.TempDir();
        File.WriteAllText(Path.Combine(dir, "appsettings.json"), json);
        return dir;
    }

    static (SynthesisOptions Options, IReadOnlyList<SettingSource> Sources) Load(string[] args, Dictionary<string, string?> environment, string? appSettings = null)
    {
        var root = SynthesisConfiguration.Build(args, appSettings ?? TestData.TempDir(), environment);
        return (SynthesisConfiguration.Bind(root), SynthesisConfiguration.Sources(root));
    }

    [Fact]
    public void Each_source_wins_over_the_ones_before_it_and_the_source_in_force_is_named()
    {
        var files = AppSettings("""{ "Synthesis": { "Topics": 5, "PublicView": true, "VectorStore": "qdrant" } }""");
        Assert.Equal(5, Load([], [], files).Options.Topics);
        Assert.Equal(7, Load([], new() { ["SYNTHESIS_TOPICS"] = "7" }, files).Options.Topics);
        Assert.Equal(9, Load([], new() { ["SYNTHESIS_TOPICS"] = "7", ["Synthesis__Topics"] = "9" }, files).Options.Topics);
        var (options, sources) = Load(["--Synthesis:Topics=11"], new() { ["SYNTHESIS_TOPICS"] = "7", ["Synthesis__Topics"] = "9" }, files);
        Assert.Equal(11, options.Topics);
        Assert.True(options.PublicView);
        Assert.Equal("command line", sources.Single(s => s.Key == "Synthesis:Topics").Source);
        Assert.EndsWith("appsettings.json", sources.Single(s => s.Key == "Synthesis:PublicView").Source);
        // the search reads the same object: appsettings' vector store is the search's
        Assert.True(Synthesis.Ingest.Search.SearchSettings.From(options).UseQdrant);
    }

    [Fact]
    public void The_old_variables_still_work_and_say_what_to_write_instead()
    {
        var environment = new Dictionary<string, string?>
        {
            ["SYNTHESIS_SEARCH_SPELLING"] = "0", ["SYNTHESIS_WHISPER_MAX_TOKENS"] = "4", ["SYNTHESIS_LLM_URL"] = "http://localhost:11434/v1",
            ["SYNTHESIS_LLM_KEY"] = "s3cret",
        };
        var (options, sources) = Load([], environment);
        Assert.False(options.SearchSpelling);
        Assert.Equal(4, options.Whisper.MaxTokens);
        Assert.Equal("http://localhost:11434/v1", Synthesis.Ingest.Summaries.LlmEndpoint.From(options)!.Endpoint.ToString());
        Assert.Equal("••••", sources.Single(s => s.Key == "Synthesis:Llm:Key").Value);
        Assert.All(sources, s => Assert.Equal("SYNTHESIS_* (deprecated)", s.Source));
        var lines = SynthesisConfiguration.Deprecations(environment);
        Assert.Equal(4, lines.Count);
        Assert.Contains("SYNTHESIS_WHISPER_MAX_TOKENS is deprecated: set Synthesis__Whisper__MaxTokens (or --Synthesis:Whisper:MaxTokens=…) instead", lines);
    }

    [Theory]
    [InlineData("--Synthesis:Topics=0", "Synthesis:Topics")]
    [InlineData("--Synthesis:Topics=douze", "Synthesis:Topics")]
    [InlineData("--Synthesis:VectorStore=milvus", "Synthesis:VectorStore")]
    [InlineData("--Synthesis:Embedder=word2vec", "Synthesis:Embedder")]
    [InlineData("--Synthesis:Llm:Url=localhost", "Synthesis:Llm:Url")]
    [InlineData("--Synthesis:PublicView=peut-être", "Synthesis:PublicView")]
    [InlineData("--Synthesis:PublicUrl=concertation.ville.fr", "Synthesis:PublicUrl")]
    public void A_wrong_value_is_refused_with_its_key(string argument, string key)
    {
        var e = Assert.Throws<SettingsException>(() => Load([argument], []));
        Assert.StartsWith(key + ": ", e.Message);
        Assert.DoesNotContain("System.", e.Message);
    }

    [Fact]
    public void Nothing_given_is_every_default()
    {
        var (options, sources) = Load([], []);
        Assert.Empty(sources);
        Assert.Equal("data", options.Data);
        Assert.Null(options.Topics);
        Assert.Equal("builtin", options.Embedder);
        Assert.False(Synthesis.Ingest.Search.SearchSettings.From(options).UseQdrant);
        Assert.Null(Synthesis.Ingest.Summaries.LlmEndpoint.From(options));
    }
}
