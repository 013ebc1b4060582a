using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Synthesis.Api.Analysis;

/// <summary>A passage the machine is unsure of, and why, in French.</summary>
public sealed record QueuedPassage(long PassageId, string Reason);

/// <summary>
/// The passages a reviewer should look at first: those the machine is least sure of, among passages nobody has
/// corrected yet. Three signals, each ranked over the candidates: how far the passage lies from its theme's centre
/// (the topic run's cosine), how close its two best question scores are, and, for a transcript or a photo's text,
/// the recogniser's confidence. A passage's priority is its most uncertain signal (its lowest rank share), and that
/// signal is the reason shown. A transcript flagged for review comes first.
/// </summary>
public static class ReviewQueue
{
    sealed record Row(long id, double? fit, double? transcript, long needs_review, double problem, double engagement, double solution, double other);

    public static List<QueuedPassage> Next(SqliteConnection c, int count = 50)
    {
        var rows = c.Query<Row>("""
            SELECT p.id, ta.confidence AS fit, p.confidence AS transcript, p.needs_review, a.problem, a.engagement, a.solution, a.other
            FROM topic_assignments ta JOIN passages p ON p.id = ta.passage_id JOIN passage_analysis a ON a.passage_id = p.id
            LEFT JOIN passage_overrides o ON o.passage_id = p.id
            WHERE ta.topic_id IS NOT NULL AND o.passage_id IS NULL
            """).ToList();
        if (rows.Count == 0) return [];
        var fr = CultureInfo.GetCultureInfo("fr-FR");
        static double Margin(Row r)
        {
            var scores = new[] { r.problem, r.engagement, r.solution, r.other }.OrderDescending().ToArray();
            return scores[0] - scores[1];
        }
        static (string Name, double Score) Best(Row r, int rank) =>
            new[] { ("problèmes", r.problem), ("engagement", r.engagement), ("solutions", r.solution), ("autres", r.other) }
                .OrderByDescending(x => x.Item2).ElementAt(rank);
        // each signal's rank share among the candidates that have it (0 = the least sure of all)
        Dictionary<long, double> Share(IEnumerable<(long Id, double Value)> values)
        {
            var sorted = values.OrderBy(v => v.Value).ThenBy(v => v.Id).ToList();
            return sorted.Select((v, i) => (v.Id, Share: sorted.Count == 1 ? 0 : (double)i / (sorted.Count - 1))).ToDictionary(x => x.Id, x => x.Share);
        }
        var fit = Share(rows.Where(r => r.fit is not null).Select(r => (r.id, r.fit!.Value)));
        var margin = Share(rows.Select(r => (r.id, Margin(r))));
        var heard = Share(rows.Where(r => r.transcript is not null).Select(r => (r.id, r.transcript!.Value)));
        var ranked = rows.Select(r =>
        {
            var signals = new List<(double Share, string Reason)>
            {
                (margin[r.id], $"type de question incertain : hésite entre {Best(r, 0).Name} ({Best(r, 0).Score.ToString("0.00", fr)}) et {Best(r, 1).Name} ({Best(r, 1).Score.ToString("0.00", fr)})"),
            };
            if (fit.TryGetValue(r.id, out var f)) signals.Add((f, $"loin du centre de son thème (proximité {r.fit!.Value.ToString("0.00", fr)})"));
            if (heard.TryGetValue(r.id, out var h)) signals.Add((h, $"reconnaissance peu sûre (confiance {r.transcript!.Value.ToString("0.00", fr)})"));
            if (r.needs_review == 1) signals.Add((-1, "transcription signalée à relire"));
            var worst = signals.MinBy(s => s.Share);
            return (r.id, worst.Share, worst.Reason);
        }).OrderBy(x => x.Share).ThenBy(x => x.id).Take(count);
        return ranked.Select(x => new QueuedPassage(x.id, x.Reason)).ToList();
    }
}
