using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Synthesis.Api.Reports;

namespace Synthesis.Api.Analysis;

/// <summary>A passage the machine is unsure of, and why, in French.</summary>
public sealed record QueuedPassage(long PassageId, string Reason);

/// <summary>
/// The passages a reviewer should look at first: those the machine is least sure of, among passages nobody has
/// corrected yet. Four signals, each ranked over the candidates: how far the passage lies from its theme's centre
/// (the topic run's cosine), how close its two best question scores are, how sure the tone model is of its tone
/// (under <see cref="LabelConfidence.ToneUncertainBelow"/> only), and, for a transcript or a photo's text, the
/// recogniser's confidence. A passage's priority is its most uncertain signal (its lowest rank share), and that
/// signal is the reason shown. A transcript flagged for review comes first.
/// </summary>
public static class ReviewQueue
{
    public static List<QueuedPassage> Next(SqliteConnection c, int count = 50)
    {
        var rows = PassageRows.UnreviewedInThemes(c);
        if (rows.Count == 0) return [];
        var fr = CultureInfo.GetCultureInfo("fr-FR");
        static double Margin(PassageRows.Unreviewed r)
        {
            var scores = new[] { r.Problem, r.Engagement, r.Solution, r.Other }.OrderDescending().ToArray();
            return scores[0] - scores[1];
        }
        static (string Name, double Score) Best(PassageRows.Unreviewed r, int rank) =>
            new[] { ("problèmes", r.Problem), ("engagement", r.Engagement), ("solutions", r.Solution), ("autres", r.Other) }
                .OrderByDescending(x => x.Item2).ElementAt(rank);
        // each signal's rank share among the candidates that have it (0 = the least sure of all)
        Dictionary<long, double> Share(IEnumerable<(long Id, double Value)> values)
        {
            var sorted = values.OrderBy(v => v.Value).ThenBy(v => v.Id).ToList();
            return sorted.Select((v, i) => (v.Id, Share: sorted.Count == 1 ? 0 : (double)i / (sorted.Count - 1))).ToDictionary(x => x.Id, x => x.Share);
        }
        var fit = Share(rows.Where(r => r.Fit is not null).Select(r => (r.Id, r.Fit!.Value)));
        var margin = Share(rows.Select(r => (r.Id, Margin(r))));
        var heard = Share(rows.Where(r => r.Transcript is not null).Select(r => (r.Id, r.Transcript!.Value)));
        var tone = Share(rows.Where(r => r.ToneConfidence is not null).Select(r => (r.Id, r.ToneConfidence!.Value)));
        var ranked = rows.Select(r =>
        {
            var signals = new List<(double Share, string Reason)>
            {
                (margin[r.Id], $"type de question incertain : hésite entre {Best(r, 0).Name} ({Best(r, 0).Score.ToString("0.00", fr)}) et {Best(r, 1).Name} ({Best(r, 1).Score.ToString("0.00", fr)})"),
            };
            if (fit.TryGetValue(r.Id, out var f)) signals.Add((f, $"loin du centre de son thème (proximité {r.Fit!.Value.ToString("0.00", fr)})"));
            if (tone.TryGetValue(r.Id, out var t) && r.ToneConfidence < LabelConfidence.ToneUncertainBelow)
                signals.Add((t, $"ton incertain : {FrenchLabels.Sentiment(r.Sentiment!)} à {(r.ToneConfidence!.Value * 100).ToString("0", fr)} % seulement"));
            if (heard.TryGetValue(r.Id, out var h)) signals.Add((h, $"reconnaissance peu sûre (confiance {r.Transcript!.Value.ToString("0.00", fr)})"));
            if (r.NeedsReview) signals.Add((-1, "transcription signalée à relire"));
            var worst = signals.MinBy(s => s.Share);
            return (r.Id, worst.Share, worst.Reason);
        }).OrderBy(x => x.Share).ThenBy(x => x.Id).Take(count);
        return ranked.Select(x => new QueuedPassage(x.Id, x.Reason)).ToList();
    }
}
