using Microsoft.AspNetCore.Mvc.RazorPages;
using Synthesis.Api.Analysis;

namespace Synthesis.Api.Pages;

public sealed class ThemesModel(SynthesisStore store, ThemePositionsCache positions) : PageModel
{
    public TopicMap Map { get; private set; } = new([], 0, 0);
    public long Largest => Map.Themes.Count == 0 ? 1 : Map.Themes.Max(t => t.Size);
    /// <summary>Each theme's place on the map of meanings (see <see cref="TopicQueries.ThemePositions"/>).</summary>
    public Dictionary<long, (double X, double Y)> Positions { get; private set; } = [];

    public void OnGet()
    {
        using var c = store.Connect();
        Map = TopicQueries.Map(c);
        if (Map.Themes.Count >= 2) Positions = positions.Get(c);
    }

    /// <summary>The question most of a theme's passages answer, which colours its disc.</summary>
    public static string Dominant(TopicNode t) =>
        t.Questions.Where(q => q.Key != "other").OrderByDescending(q => q.Value).Select(q => q.Key).FirstOrDefault() ?? "other";

    /// <summary>The disc's radius: its surface follows the theme's passages.</summary>
    public double Radius(TopicNode t) => 8 + 42 * Math.Sqrt((double)t.Size / Largest);

    /// <summary>
    /// Where each label goes: under its disc, moved further down (then up) while it would overlap a label already
    /// placed, the largest themes first (a label is about 6.5 px a character, 14 px high).
    /// </summary>
    public Dictionary<long, (double X, double Y)> LabelPlaces(double width, double height, double margin)
    {
        var placed = new List<(double X0, double X1, double Y0, double Y1)>();
        var result = new Dictionary<long, (double X, double Y)>();
        foreach (var t in Map.Themes.Where(t => Positions.ContainsKey(t.Id)).OrderByDescending(t => t.Size))
        {
            var (x, y) = Place(t.Id, width, height, margin);
            var half = Math.Min(t.Label.Length, 30) * 3.25;
            var candidates = Enumerable.Range(0, 6).Select(i => y + Radius(t) + 14 + 14 * i)
                .Concat(Enumerable.Range(0, 4).Select(i => y - Radius(t) - 6 - 14 * i));
            var chosen = y + Radius(t) + 14;
            foreach (var candidate in candidates)
                if (!placed.Any(p => x - half < p.X1 && x + half > p.X0 && candidate - 12 < p.Y1 && candidate + 2 > p.Y0))
                {
                    chosen = candidate;
                    break;
                }
            placed.Add((x - half, x + half, chosen - 12, chosen + 2));
            result[t.Id] = (x, chosen);
        }
        return result;
    }

    /// <summary>A position on the drawing (width x height, with a margin for the labels).</summary>
    public (double X, double Y) Place(long theme, double width, double height, double margin)
    {
        var (x, y) = Positions[theme];
        double minX = Positions.Values.Min(p => p.X), maxX = Positions.Values.Max(p => p.X);
        double minY = Positions.Values.Min(p => p.Y), maxY = Positions.Values.Max(p => p.Y);
        return (margin + (width - 2 * margin) * (maxX > minX ? (x - minX) / (maxX - minX) : 0.5),
            margin + (height - 2 * margin) * (maxY > minY ? (y - minY) / (maxY - minY) : 0.5));
    }
}
