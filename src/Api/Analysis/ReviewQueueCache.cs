using System.Data.Common;

namespace Synthesis.Api.Analysis;

/// <summary>
/// The review queue as the page reads it. Ranking every uncorrected passage (<see cref="ReviewQueue.Next"/>) reads
/// them all: about 0.5 s on 100,000 passages. The ranking's head (<see cref="Kept"/> passages) is kept until the
/// topics or the analysis change (a run); meanwhile each reading drops the passages a reviewer has corrected since,
/// which is what a correction from the queue changes (the others' ranks move by a fraction of a place).
/// </summary>
public sealed class ReviewQueueCache
{
    public const int Kept = 500;

    readonly KeptUntilChanged<List<QueuedPassage>> _ranked = new();

    public List<QueuedPassage> Next(DbConnection c, int count = 50)
    {
        var ranked = _ranked.Get(TopicQueries.Version(c) + PassageRows.AnalysisVersion(c), () => ReviewQueue.Next(c, Kept));
        var corrected = PassageRows.Corrected(c, ranked.Select(q => q.PassageId).ToList());
        return ranked.Where(q => !corrected.Contains(q.PassageId)).Take(count).ToList();
    }
}
