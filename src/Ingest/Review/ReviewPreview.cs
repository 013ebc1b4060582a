using System.Diagnostics;
using Synthesis.Nlp.Topics;

using Synthesis.Ingest.Pipeline;

namespace Synthesis.Ingest.Review;

/// <summary>A topic in a preview: its size, provisional label, keywords and a few quotes, and its sub-themes.</summary>
/// <param name="New">The topic does not exist yet (a split's part).</param>
/// <param name="WasLabelled">The label it has now, when the run would give it another one (labels not fixed by a reviewer follow their passages).</param>
public sealed record PreviewTopic(long Id, string Label, int Size, bool New, IReadOnlyList<string> Keywords,
    IReadOnlyList<PreviewQuote> Quotes, IReadOnlyList<PreviewTopic> Children, string? WasLabelled = null);

/// <summary>A representative passage of a topic in a preview (its text cut to a few lines).</summary>
public sealed record PreviewQuote(long Passage, string Text);

/// <summary>
/// What a merge or a split would make: the themes it touches as they are (<paramref name="Before"/>) and as the run
/// that follows the decision will leave them (<paramref name="After"/>).
/// </summary>
/// <param name="Action">"merge" or "split".</param>
/// <param name="Topics">The topics the decision names (merge: into, from; split: the topic).</param>
/// <param name="Result">Merge: the topic that holds the passages after it. Split: the parts.</param>
/// <param name="Passages">The passages the dry run clustered.</param>
/// <param name="Seconds">How long the dry run took.</param>
public sealed record ReviewPreviewResult(string Action, IReadOnlyList<long> Topics, IReadOnlyList<PreviewTopic> Before,
    IReadOnlyList<PreviewTopic> After, IReadOnlyList<long> Result, int Passages, double Seconds);

/// <summary>
/// Before a merge or a split, the sizes and labels that would result: the corpus stage's own run
/// (<see cref="CorpusStage.DryRunAsync"/>) on every passage, with the reviewers' decisions and the proposed one as
/// constraints, nothing saved. The run is deterministic (same passages, previous topics, constraints and seed), so
/// the run the decision queues gives what the preview showed unless something else changes in between (new
/// contributions, another reviewer's decision). One preview at a time: each is a full topic run.
/// </summary>
public sealed class ReviewPreview(SynthesisStore store, ReviewLog review, CorpusStage corpus)
{
    readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>The passages of <paramref name="from"/> merged into <paramref name="into"/>.</summary>
    public Task<ReviewPreviewResult> MergeAsync(long into, long from, CancellationToken cancellationToken = default) =>
        RunAsync(review.ProposeMerge(into, from), [into, from], cancellationToken);

    /// <summary><paramref name="topic"/> split into <paramref name="parts"/>.</summary>
    public Task<ReviewPreviewResult> SplitAsync(long topic, int parts, CancellationToken cancellationToken = default) =>
        RunAsync(review.ProposeSplit(topic, parts), [topic], cancellationToken);

    async Task<ReviewPreviewResult> RunAsync(ProposedDecision proposed, long[] named, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var clock = Stopwatch.StartNew();
            using var c = store.Connect();
            var now = TopicQueries.Stored(c);
            var (result, inputs) = await corpus.DryRunAsync(c, ReviewState.Constraints(c, proposed), cancellationToken).ConfigureAwait(false);
            var after = result.Topics.ToDictionary(t => t.Id, t => new StoredTopic(t.Id, t.ParentId, t.Label, t.Size, t.Keywords, t.Representatives));
            var known = now.Keys.ToHashSet();
            // the themes the decision touches, before: those holding a named topic
            var beforeThemes = named.Select(id => ThemeOf(now, id)).OfType<long>().Distinct().ToList();
            List<long> resultIds = proposed.Action == "split"
                ? result.AppliedSplits.Where(a => a.Decision == ProposedDecision.Id).SelectMany(a => a.Parts.Keys).ToList()
                : after.ContainsKey(named[0]) ? [named[0]] : [];
            // after: the themes holding the result, and those of before still there (a merge shrinks the other one)
            var afterThemes = resultIds.Select(id => ThemeOf(after, id)).OfType<long>().Concat(beforeThemes)
                .Where(after.ContainsKey).Distinct().ToList();
            var texts = inputs.ToDictionary(i => i.Key, i => i.Value.Text);
            return new ReviewPreviewResult(proposed.Action, named, beforeThemes.Select(id => Describe(now[id], now, texts, known)).ToList(),
                afterThemes.Select(id => Describe(after[id], after, texts, known, now)).ToList(), resultIds, inputs.Count, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>The theme holding <paramref name="id"/> (itself when it is one); null when it is not there.</summary>
    static long? ThemeOf(IReadOnlyDictionary<long, StoredTopic> topics, long id) =>
        !topics.TryGetValue(id, out var t) ? null : t.Parent is long p && topics.ContainsKey(p) ? p : id;

    /// <param name="before">The topics as they are now (null when describing them: nothing to compare with).</param>
    static PreviewTopic Describe(StoredTopic t, IReadOnlyDictionary<long, StoredTopic> all, IReadOnlyDictionary<long, string> texts,
        HashSet<long> known, IReadOnlyDictionary<long, StoredTopic>? before = null) =>
        new(t.Id, t.Label, t.Size, !known.Contains(t.Id), t.Keywords.Take(6).ToList(), Quotes(t.Representatives, texts),
            all.Values.Where(ch => ch.Parent == t.Id).OrderByDescending(ch => ch.Size).ThenBy(ch => ch.Id)
                .Select(ch => Describe(ch, all, texts, known, before)).ToList(),
            before is not null && before.TryGetValue(t.Id, out var was) && was.Label != t.Label ? was.Label : null);

    /// <summary>Up to two representatives, each cut at about 220 characters on a word.</summary>
    static List<PreviewQuote> Quotes(IReadOnlyList<long> representatives, IReadOnlyDictionary<long, string> texts) =>
        representatives.Where(texts.ContainsKey).Take(2).Select(p => new PreviewQuote(p, Cut(texts[p]))).ToList();

    static string Cut(string text)
    {
        text = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length <= 220) return text;
        var at = text.LastIndexOf(' ', 220);
        return text[..(at > 120 ? at : 220)] + " …";
    }
}
