using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Synthesis.Nlp.Summaries;

namespace Synthesis.Ingest.Summaries;

/// <summary>Where an OpenAI-compatible chat endpoint is (Ollama, vLLM, llama.cpp, Azure) and which model to ask.</summary>
public sealed record LlmEndpoint(Uri Endpoint, string Model, string? ApiKey = null)
{
    /// <summary>From <c>Synthesis:Llm:Url</c> (e.g. http://localhost:11434/v1), <c>:Model</c> and <c>:Key</c>; null when no address is set.</summary>
    public static LlmEndpoint? From(SynthesisOptions options) =>
        options.Llm.Url is { Length: > 0 } url ? new LlmEndpoint(new Uri(url), options.Llm.Model, options.Llm.Key) : null;
}

/// <summary>
/// Abstractive topic summaries through an LLM, built with Semantic Kernel's OpenAI connector and used through
/// <see cref="IChatClient"/>. The model is told to end every sentence with the IDs of the passages it rests on;
/// every citation is then checked against the passages it was given, and a sentence without a valid citation is
/// kept but flagged unsupported, never shown as fact.
/// </summary>
public sealed class LlmTopicSummarizer(IChatClient chat, string model, int maxPassages = 40, int maxChars = 12_000)
{
    public static LlmTopicSummarizer Create(LlmEndpoint endpoint, HttpClient? http = null)
    {
#pragma warning disable SKEXP0010 // custom endpoints for the OpenAI connector
        var kernel = Kernel.CreateBuilder()
            .AddOpenAIChatCompletion(endpoint.Model, endpoint.Endpoint, endpoint.ApiKey ?? "none", httpClient: http)
            .Build();
#pragma warning restore SKEXP0010
        return new LlmTopicSummarizer(kernel.GetRequiredService<IChatCompletionService>().AsChatClient(), endpoint.Model);
    }

    const string Instructions = """
        Tu aides les analystes d'une concertation citoyenne. On te donne des extraits de contributions d'habitants,
        chacun précédé de son identifiant entre crochets, par exemple [P12].
        Rédige en français une synthèse fidèle de 3 à 6 phrases sur le thème indiqué.
        Règles impératives :
        - chaque phrase se termine par les identifiants des extraits sur lesquels elle s'appuie, entre crochets,
          par exemple [P12] ou [P12, P40] ;
        - n'utilise que les extraits fournis, n'invente aucun fait, aucun chiffre, aucune citation ;
        - ne reproduis aucune donnée personnelle (nom, adresse, téléphone, courriel) ;
        - écris des phrases simples, sans titre ni liste.
        """;

    const string OverviewInstructions = """
        Tu aides les analystes d'une concertation citoyenne. On te donne, pour un thème, des faits chiffrés et des
        extraits de contributions d'habitants, chacun précédé de son identifiant entre crochets, par exemple [P12].
        Rédige en français une synthèse structurée de 4 à 6 phrases : ce qui est dit et par combien de personnes,
        les problèmes signalés, l'engagement des habitants, les solutions proposées, puis les désaccords s'il y en a.
        Règles impératives :
        - chaque phrase se termine par les identifiants des extraits sur lesquels elle s'appuie, entre crochets ;
        - reprends les chiffres des faits tels quels, n'en invente aucun ;
        - n'utilise que les extraits fournis, n'invente aucun fait ni aucune citation ;
        - ne reproduis aucune donnée personnelle (nom, adresse, téléphone, courriel) ;
        - écris des phrases simples, sans titre ni liste.
        """;

    /// <summary>
    /// A theme's « En bref » written by the model from the offline overview's facts (<paramref name="facts"/>, its
    /// sentences without their quotes) and the passages grouped by question. Checked as the summaries are, and more: a sentence is
    /// supported only when it cites passages it was given and every number in it is one of the facts' numbers.
    /// </summary>
    public async Task<TopicSummary> OverviewAsync(string themeLabel, TopicSummary facts, IReadOnlyList<(string Question, SummaryPassage Passage)> passages,
        CancellationToken cancellationToken = default)
    {
        var method = $"llm:{model}";
        if (passages.Count == 0) return new TopicSummary([], method);
        var prompt = new StringBuilder();
        prompt.Append("Thème : « ").Append(themeLabel).Append(" »\n\nFaits :\n");
        foreach (var f in facts.Sentences) prompt.Append("- ").Append(System.Text.RegularExpressions.Regex.Replace(f.Text, ", (par exemple « [^»]*»|de « [^»]*» à « [^»]*»)", "").Trim()).Append('\n');
        var given = new List<long>();
        foreach (var group in passages.GroupBy(p => p.Question))
        {
            prompt.Append("\nExtraits (").Append(group.Key).Append(") :\n");
            foreach (var (_, p) in group.Take(maxPassages / 4))
            {
                var line = $"{Citations.Tag(p.PassageId)} {p.Text.ReplaceLineEndings(" ").Trim()}\n";
                if (prompt.Length + line.Length > maxChars && given.Count > 0) break;
                prompt.Append(line);
                given.Add(p.PassageId);
            }
        }
        var response = await chat.GetResponseAsync(
            [new ChatMessage(ChatRole.System, OverviewInstructions), new ChatMessage(ChatRole.User, prompt.ToString())],
            new ChatOptions { Temperature = 0.2f, ModelId = model }, cancellationToken);
        var known = facts.Sentences.SelectMany(f => Numbers(f.Text)).ToHashSet(StringComparer.Ordinal);
        var sentences = Citations.Parse(response.Text, given.ToHashSet())
            .Select(sn => sn.Supported && Numbers(sn.Text).All(known.Contains) ? sn : sn with { Supported = false }).ToList();
        return new TopicSummary(sentences, method);
    }

    /// <summary>The numbers a sentence states, thousands separators removed (« 1 535 » is 1535).</summary>
    static IEnumerable<string> Numbers(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\d[\d  \u202F]*").Select(m => new string(m.Value.Where(char.IsDigit).ToArray()));

    public async Task<TopicSummary> SummarizeAsync(string topicLabel, IReadOnlyList<SummaryPassage> passages, string? question = null,
        CancellationToken cancellationToken = default)
    {
        if (passages.Count == 0) return new TopicSummary([], $"llm:{model}");
        var given = new List<SummaryPassage>();
        var prompt = new StringBuilder();
        prompt.Append("Thème : « ").Append(topicLabel).Append(" »");
        if (question is not null) prompt.Append("\nQuestion de la concertation : ").Append(question);
        prompt.Append("\n\nExtraits :\n");
        foreach (var p in passages.Take(maxPassages))
        {
            var line = $"{Citations.Tag(p.PassageId)} {p.Text.ReplaceLineEndings(" ").Trim()}\n";
            if (prompt.Length + line.Length > maxChars && given.Count > 0) break;
            prompt.Append(line);
            given.Add(p);
        }
        var response = await chat.GetResponseAsync(
            [new ChatMessage(ChatRole.System, Instructions), new ChatMessage(ChatRole.User, prompt.ToString())],
            new ChatOptions { Temperature = 0.2f, ModelId = model }, cancellationToken);
        var allowed = given.Select(p => p.PassageId).ToHashSet();
        return new TopicSummary(Citations.Parse(response.Text, allowed), $"llm:{model}");
    }
}
