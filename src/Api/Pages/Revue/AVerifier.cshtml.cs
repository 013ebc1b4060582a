using Synthesis.Api.Analysis;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Api.Pages;

/// <summary>The review queue: the 50 passages the machine is least sure of, nobody having corrected them yet.</summary>
public sealed class AVerifierModel(SynthesisStore store, ReviewLog review, ReviewQueueCache queueCache) : ReviewPassagesModel(store, review)
{
    public IReadOnlyList<PassageView> Items { get; private set; } = [];
    public IReadOnlyDictionary<long, string> Reasons { get; private set; } = new Dictionary<long, string>();

    protected override string Back => "/revue/a-verifier";

    public void OnGet()
    {
        using var c = Store.Connect();
        LoadTargets(TopicQueries.Map(c));
        var queue = queueCache.Next(c);
        Reasons = queue.ToDictionary(q => q.PassageId, q => q.Reason);
        var views = queue.Count == 0 ? [] : ContributionQueries.Passages(c, $"p.id IN ({string.Join(',', queue.Select(q => q.PassageId))})").ToDictionary(p => p.Id);
        Items = queue.Where(q => views.ContainsKey(q.PassageId)).Select(q => views[q.PassageId]).ToList();
    }
}
