using System.CommandLine;
using System.Text.Json.Nodes;
using Synthesis.Ingest.Pipeline;
using Synthesis.Ingest.Search;

namespace Synthesis.Cli;

static class SearchVerb
{
    static List<T>? Many<T>(string? csv, string option) where T : struct, Enum =>
        string.IsNullOrWhiteSpace(csv) ? null : csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(v => DomainNames.TryParse<T>(v, out var e) ? e : throw new UsageException(
                $"{option}: '{v}' is not one of {string.Join(", ", DomainNames.All<T>())}")).ToList();

    public static Command Command(CliContext cli)
    {
        var query = new Argument<string?>("query") { Description = "What to look for, in French", Arity = ArgumentArity.ZeroOrOne };
        var k = new Option<int>("--k") { Description = "How many results", DefaultValueFactory = _ => 10 };
        var mode = new Option<string>("--mode") { Description = "bm25, vector or hybrid", DefaultValueFactory = _ => "hybrid" };
        var question = new Option<string?>("--question") { Description = "problem, engagement, solution, other (comma-separated)" };
        var topic = new Option<string?>("--topic") { Description = "Topic IDs (comma-separated)" };
        var sentiment = new Option<string?>("--sentiment") { Description = "negative, neutral, positive" };
        var profile = new Option<string?>("--profile") { Description = "Participant profiles" };
        var neighbourhood = new Option<string?>("--neighbourhood") { Description = "Neighbourhoods" };
        var channel = new Option<string?>("--channel") { Description = "Channels" };
        var source = new Option<string?>("--source") { Description = "text, transcript, ocr" };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Contributions from this date" };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Contributions up to this date" };
        var like = new Option<long?>("--like") { Description = "More like this passage ID (instead of a query)" };
        var command = new Command("search", "Find what citizens said, by words and by meaning, with filters")
            { query, k, mode, question, topic, sentiment, profile, neighbourhood, channel, source, from, to, like };
        command.SetAction((result, ct) => Commands.Guard(async () =>
        {
            if (!SearchModes.TryParse(result.GetValue(mode), out var searchMode)) throw new UsageException("--mode must be bm25, vector or hybrid");
            if (result.GetValue(k) is < 1 or > 1000) throw new UsageException("--k must be between 1 and 1000");
            var text = result.GetValue(query);
            var likeId = result.GetValue(like);
            if (string.IsNullOrWhiteSpace(text) && likeId is null) throw new UsageException("give a query, or --like PASSAGE_ID");
            var filter = new SearchFilter(
                Many<QuestionType>(result.GetValue(question), "--question"),
                result.GetValue(topic)?.Split(',').Select(t => long.TryParse(t, out var id) ? id : throw new UsageException($"--topic: '{t}' is not a topic ID")).ToList(),
                Many<Sentiment>(result.GetValue(sentiment), "--sentiment"),
                Many<ParticipantProfile>(result.GetValue(profile), "--profile"),
                result.GetValue(neighbourhood)?.Split(',').Select(n => n.Trim()).ToList(),
                Many<Channel>(result.GetValue(channel), "--channel"),
                Many<PassageSource>(result.GetValue(source), "--source"),
                result.GetValue(from), result.GetValue(to));
            var store = cli.OpenStore(result, mustExist: true);
            using var search = cli.Pipeline.OpenSearch(store);
            if (search.Indexes.ReindexTask is { } rebuild && !search.Indexes.Current.Info.SameModel(search.Indexes.Embedder.Info))
            {
                // The index was built with another model (Synthesis:Embedder changed): a one-shot search waits for the
                // rebuild rather than answer by BM25 alone, and leaves the rebuilt index for the next ones; a rebuild
                // that failed (another process holds it) is reported rather than answered round.
                Console.Error.WriteLine($"synthesis: the search index was built with {search.Indexes.Current.Info}; rebuilding it with {search.Indexes.Embedder.Info} first");
                await rebuild;
                if (search.Indexes.LastError is { } error) throw new InvalidOperationException($"rebuilding the search index failed: {error.Message}", error);
            }
            var answer = likeId is { } id
                ? new SearchAnswer(await search.MoreLikeThisAsync(id, result.GetValue(k), ct), [])
                : await search.AnswerAsync(text!, result.GetValue(k), filter.IsEmpty ? null : filter, searchMode, ct);
            var hits = answer.Results;
            if (result.GetValue(Commands.Json))
            {
                Console.WriteLine(new JsonObject
                {
                    ["corrections"] = new JsonArray(answer.Corrections.Select(c => (JsonNode)new JsonObject { ["word"] = c.Word, ["searched_as"] = c.SearchedAs }).ToArray()),
                    ["results"] = new JsonArray(hits.Select(h => (JsonNode)new JsonObject
                    {
                        ["passage_id"] = h.PassageId, ["contribution_id"] = h.ContributionId, ["text"] = h.Text, ["score"] = Math.Round(h.Score, 5),
                        ["highlights"] = new JsonArray(h.Highlights.Select(s => (JsonNode)new JsonArray(s.Start, s.Length)).ToArray()),
                        ["title"] = h.Title, ["question"] = h.Payload.Question is { } q ? DomainNames.Name(q) : null, ["topic_id"] = h.Payload.TopicId,
                        ["sentiment"] = h.Payload.Sentiment is { } s2 ? DomainNames.Name(s2) : null, ["profile"] = DomainNames.Name(h.Payload.Profile),
                        ["neighbourhood"] = h.Payload.Neighbourhood, ["channel"] = DomainNames.Name(h.Payload.Channel),
                        ["source"] = DomainNames.Name(h.Payload.Source), ["date"] = h.Payload.Date?.ToString("yyyy-MM-dd"),
                        ["start_ms"] = h.StartMs, ["end_ms"] = h.EndMs, ["bm25_rank"] = h.Bm25Rank, ["vector_rank"] = h.VectorRank,
                    }).ToArray()),
                }.ToJsonString());
                return 0;
            }
            foreach (var c in answer.Corrections)
                Console.WriteLine($"searched \"{c.Word}\" as \"{c.SearchedAs}\"");
            if (hits.Count == 0) Console.WriteLine("nothing found");
            foreach (var h in hits)
                Console.WriteLine($"[{h.PassageId}] (contribution {h.ContributionId}, {h.Score:F3}) {h.Text}");
            return 0;
        }));
        return command;
    }
}
