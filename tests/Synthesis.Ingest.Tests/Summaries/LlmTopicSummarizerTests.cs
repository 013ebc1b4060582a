using Synthesis.Ingest;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Synthesis.Ingest.Summaries;
using Synthesis.Nlp.Summaries;

namespace Synthesis.Ingest.Tests.Summaries;

/// <summary>
/// The LLM path against an in-process OpenAI-compatible server (no LLM can run here). The same test runs against
/// a real endpoint (Ollama, vLLM) when SYNTHESIS_LLM_URL is set: only the fixed-answer assertions are skipped.
/// </summary>
public class LlmTopicSummarizerTests
{
    sealed class FakeOpenAi : IDisposable
    {
        readonly HttpListener _listener = new();
        public string BaseUrl { get; }
        public List<JsonNode> Requests { get; } = [];
        public string Answer { get; set; } = "";

        public FakeOpenAi()
        {
            var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            BaseUrl = $"http://127.0.0.1:{port}/v1/";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext c;
                    try { c = await _listener.GetContextAsync(); } catch { return; }
                    using (var reader = new StreamReader(c.Request.InputStream, Encoding.UTF8))
                    {
                        var request = JsonNode.Parse(await reader.ReadToEndAsync())!;
                        lock (Requests) Requests.Add(request);
                    }
                    var body = JsonSerializer.Serialize(new
                    {
                        id = "chatcmpl-1", @object = "chat.completion", created = 1700000000, model = "test-model",
                        choices = new[] { new { index = 0, message = new { role = "assistant", content = Answer }, finish_reason = "stop" } },
                        usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
                    });
                    var bytes = Encoding.UTF8.GetBytes(body);
                    c.Response.ContentType = "application/json";
                    c.Response.ContentLength64 = bytes.Length;
                    await c.Response.OutputStream.WriteAsync(bytes);
                    c.Response.Close();
                }
            });
        }

        public void Dispose() => _listener.Close();
    }

    static readonly SummaryPassage[] Passages =
    [
        new(12, "Les aînés du quartier sont très isolés le soir."),
        new(40, "Il manque un lieu où se retrouver après 18 h."),
        new(41, "Je suis bénévole et je rends visite à des personnes âgées."),
    ];

    [Fact]
    public async Task Sends_a_french_prompt_with_cited_passages_and_checks_every_citation()
    {
        using var server = new FakeOpenAi
        {
            Answer = "Les aînés se sentent isolés, faute de lieu ouvert le soir [P12, P40]. Des bénévoles leur rendent visite [P41]. " +
                     "La ville aurait déjà ouvert trois cafés. Les jeunes aussi s'ennuient [P77].",
        };
        var summarizer = LlmTopicSummarizer.Create(new LlmEndpoint(new Uri(server.BaseUrl), "test-model", "secret"));

        var summary = await summarizer.SummarizeAsync("isolement des aînés", Passages, "Quels problèmes ?");

        Assert.Equal("llm:test-model", summary.Method);
        Assert.Equal(4, summary.Sentences.Count);
        Assert.Equal([12L, 40L], summary.Sentences[0].Citations);
        Assert.True(summary.Sentences[1].Supported);
        Assert.False(summary.Sentences[2].Supported);
        Assert.False(summary.Sentences[3].Supported);
        Assert.Equal([77L], summary.Sentences[3].InvalidCitations!);
        Assert.Equal(2, summary.Supported.Count());

        var request = Assert.Single(server.Requests);
        Assert.Equal("test-model", (string)request["model"]!);
        var messages = request["messages"]!.AsArray();
        Assert.Contains("synthèse", (string)messages[0]!["content"]!);
        var user = (string)messages[1]!["content"]!;
        Assert.Contains("[P12] Les aînés du quartier sont très isolés le soir.", user); // accents not HTML-encoded
        Assert.Contains("[P41]", user);
        Assert.Contains("Quels problèmes ?", user);
    }

    [Fact]
    public async Task A_written_overview_keeps_the_facts_numbers_and_flags_a_number_it_invented()
    {
        using var server = new FakeOpenAi
        {
            Answer = "Sur 1 535 passages, les habitants décrivent la solitude des aînés [P12]. " +
                     "Près de 2 000 bénévoles leur rendent visite [P41]. Un lieu ouvert le soir manque [P40].",
        };
        var summarizer = LlmTopicSummarizer.Create(new LlmEndpoint(new Uri(server.BaseUrl), "test-model"));
        var facts = new TopicSummary([new SummarySentence("1 535 passages de 508 contributions (11 % des contributions).", [12], true)], ThemeOverview.Method);

        var overview = await summarizer.OverviewAsync("Solitude des aînés", facts,
            [("problem", Passages[0]), ("problem", Passages[1]), ("engagement", Passages[2])]);

        Assert.Equal(3, overview.Sentences.Count);
        Assert.True(overview.Sentences[0].Supported);   // 1 535 is a fact
        Assert.False(overview.Sentences[1].Supported);  // 2 000 is not
        Assert.True(overview.Sentences[2].Supported);
        var user = (string)Assert.Single(server.Requests)["messages"]!.AsArray()[1]!["content"]!;
        Assert.Contains("- 1 535 passages de 508 contributions", user);
        Assert.Contains("Extraits (engagement) :", user);
        Assert.Contains("[P41] Je suis bénévole", user);
    }

    [SkippableFact]
    public async Task A_real_endpoint_returns_a_cited_summary()
    {
        var endpoint = LlmEndpoint.From(SynthesisConfiguration.FromEnvironment());
        Skip.If(endpoint is null, "SYNTHESIS_LLM_URL is not set: no LLM endpoint on this machine");
        var summary = await LlmTopicSummarizer.Create(endpoint!).SummarizeAsync("isolement des aînés", Passages);
        Assert.NotEmpty(summary.Sentences);
        Assert.All(summary.Sentences.SelectMany(s => s.Citations), id => Assert.Contains(id, Passages.Select(p => p.PassageId)));
    }
}
