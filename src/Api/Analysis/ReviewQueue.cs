using System.Globalization;
using Dapper;
using System.Data.Common;
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
    enum Signal { Question, Fit, Tone, Recognition, Flagged }

    public static List<QueuedPassage> Next(DbConnection c, int count = 50)
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
        // each signal's rank share among the candidates that have it (0 = the least sure of all; NaN: no such signal)
        double[] Share(Func<PassageRows.Unreviewed, double?> value)
        {
            var shares = new double[rows.Count];
            Array.Fill(shares, double.NaN);
            var present = Enumerable.Range(0, rows.Count).Where(i => value(rows[i]) is not null).ToArray();
            var keys = present.Select(i => (value(rows[i])!.Value, rows[i].Id)).ToArray();
            Array.Sort(keys, present);
            for (var rank = 0; rank < present.Length; rank++) shares[present[rank]] = present.Length == 1 ? 0 : (double)rank / (present.Length - 1);
            return shares;
        }
        var margin = Share(r => Margin(r));
        var fit = Share(r => r.Fit);
        var heard = Share(r => r.Transcript);
        var tone = Share(r => r.ToneConfidence);
        // each passage's most uncertain signal, by number only (signals in this order, the first lowest wins);
        // the French reason is written for the passages shown, not for every candidate
        var ranked = rows.Select((r, i) =>
        {
            var (share, signal) = (margin[i], Signal.Question);
            if (fit[i] < share) (share, signal) = (fit[i], Signal.Fit);
            if (r.ToneConfidence < LabelConfidence.ToneUncertainBelow && tone[i] < share) (share, signal) = (tone[i], Signal.Tone);
            if (heard[i] < share) (share, signal) = (heard[i], Signal.Recognition);
            if (r.NeedsReview) (share, signal) = (-1, Signal.Flagged);
            return (Row: r, Share: share, Signal: signal);
        }).OrderBy(x => x.Share).ThenBy(x => x.Row.Id).Take(count);
        return ranked.Select(x => new QueuedPassage(x.Row.Id, x.Signal switch
        {
            Signal.Fit => $"loin du centre de son thème (proximité {x.Row.Fit!.Value.ToString("0.00", fr)})",
            Signal.Tone => $"ton incertain : {FrenchLabels.Sentiment(x.Row.Sentiment!)} à {(x.Row.ToneConfidence!.Value * 100).ToString("0", fr)} % seulement",
            Signal.Recognition => $"reconnaissance peu sûre (confiance {x.Row.Transcript!.Value.ToString("0.00", fr)})",
            Signal.Flagged => "transcription signalée à relire",
            _ => "type de question incertain : " + Hesitation(Best(x.Row, 0), Best(x.Row, 1)),
        })).ToList();
    }

    /// <summary>
    /// Which two question types the machine hesitates between, with their probabilities as percentages: « hésite entre
    /// autres (52 %) et solutions (41 %) », or « hésite à égalité entre autres et solutions (46 % chacun) » when they round
    /// alike (the queue's first passages are those nearest a tie: two equal figures read as a mistake).
    /// </summary>
    public static string Hesitation((string Name, double Score) first, (string Name, double Score) second)
    {
        var fr = CultureInfo.GetCultureInfo("fr-FR");
        string Percent(double p) => (p * 100).ToString("0", fr) + " %";
        return Percent(first.Score) == Percent(second.Score)
            ? $"hésite à égalité entre {first.Name} et {second.Name} ({Percent(first.Score)} chacun)"
            : $"hésite entre {first.Name} ({Percent(first.Score)}) et {second.Name} ({Percent(second.Score)})";
    }
}
