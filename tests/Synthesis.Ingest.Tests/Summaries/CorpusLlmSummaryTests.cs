using Synthesis.Tests;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Synthesis.Ingest.Import;
using Synthesis.Ingest.Pipeline;
using Synthesis.Ingest.Summaries;

namespace Synthesis.Ingest.Tests.Summaries;

/// <summary>The corpus stage with an LLM: written summaries are stored with checked citations, failures fall back.</summary>
public class CorpusLlmSummaryTests
{
    /// <summary>Answers with one sentence citing the first passage it was given, and one citing nothing.</summary>
    sealed class CitingChat(bool fail = false) : IChatClient
    {
        public int Calls;

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Calls);
            if (fail) throw new HttpRequestException("connection refused");
            var first = Regex.Match(messages.Last().Text, @"\[P(\d+)\]").Groups[1].Value;
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant,
                $"Les habitants décrivent ce thème avec précision [P{first}]. Tout le monde est d'accord.")));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;
        public void Dispose() { }
    }

    static async Task<SynthesisStore> AnalyseWith(IChatClient chat)
    {
        var store = TestData.NewStore();
        new Importer(store, new ImportOptions()).Import(TestData.EvalData("granddebat", "answers.dev.json"));
        var options = new PipelineOptions { Workers = 2 };
        var stages = TestPipeline.Default.Stages(store, options).Select(s => s.Name == Stages.Corpus
            ? new CorpusStage(TestPipeline.Models.Lemmatizer, () => null, TestPipeline.Models.BuiltinModel, new LlmTopicSummarizer(chat, "fake"))
            : s).ToList();
        await new PipelineRunner(store, stages, options).RunUntilIdleAsync();
        return store;
    }

    [Fact]
    public async Task Written_summaries_keep_their_checked_citations_and_flag_the_unsupported_sentence()
    {
        var chat = new CitingChat();
        var store = await AnalyseWith(chat);
        using var c = store.Connect();
        var topics = c.ScalarLong("SELECT count(*) FROM topics WHERE retired = 0");
        var themes = c.ScalarLong("SELECT count(*) FROM topics WHERE retired = 0 AND parent_id IS NULL");
        // one summary per topic, one « En bref » per theme
        Assert.Equal(topics + themes, chat.Calls);
        Assert.Equal(topics, c.ScalarLong("SELECT count(*) FROM summaries WHERE question = '' AND method = 'llm:fake'"));
        Assert.Equal(themes, c.ScalarLong("SELECT count(*) FROM summaries WHERE question = 'overview' AND method = 'llm:fake'"));
        using var command = c.Command("SELECT topic_id, sentences FROM summaries WHERE question = ''");
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            var sentences = System.Text.Json.JsonDocument.Parse(r.GetString(1)).RootElement;
            Assert.True(sentences[0].GetProperty("Supported").GetBoolean());
            Assert.False(sentences[1].GetProperty("Supported").GetBoolean());
            var cited = sentences[0].GetProperty("Citations")[0].GetInt64();
            Assert.Equal(1L, c.ScalarLong("""
                SELECT count(*) FROM topic_assignments ta JOIN topics t ON t.id = ta.topic_id
                WHERE ta.passage_id = $p AND (t.id = $t OR t.parent_id = $t)
                """, null, ("$p", cited), ("$t", r.GetInt64(0))));
        }
    }

    [Fact]
    public async Task An_unreachable_endpoint_leaves_the_extractive_summaries()
    {
        var store = await AnalyseWith(new CitingChat(fail: true));
        using var c = store.Connect();
        Assert.Equal(0L, c.ScalarLong("SELECT count(*) FROM summaries WHERE method NOT IN ('extractive', 'overview')"));
        Assert.Equal(c.ScalarLong("SELECT count(*) FROM topics WHERE retired = 0 AND parent_id IS NULL"), c.ScalarLong("SELECT count(*) FROM summaries WHERE method = 'overview'"));
        Assert.Equal(c.ScalarLong("SELECT count(*) FROM topics WHERE retired = 0"), c.ScalarLong("SELECT count(*) FROM summaries WHERE question = ''"));
    }
}
