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
    /// Where each label goes, given the discs' centres (<see cref="Discs"/>): under its disc, else over it, a line
    /// further each way while it would overlap a label already placed or another theme's disc, the largest themes first
    /// (a label is about 6.5 px a character, 14 px high), and kept inside the drawing's width.
    /// </summary>
    public Dictionary<long, (double X, double Y)> LabelPlaces(IReadOnlyDictionary<long, (double X, double Y)> discs, double width)
    {
        var placed = new List<(double X0, double X1, double Y0, double Y1)>();
        var result = new Dictionary<long, (double X, double Y)>();
        bool OnADisc(long own, double x0, double x1, double y0, double y1) => Map.Themes.Any(o => o.Id != own && discs.TryGetValue(o.Id, out var c)
            && Math.Pow(Math.Clamp(c.X, x0, x1) - c.X, 2) + Math.Pow(Math.Clamp(c.Y, y0, y1) - c.Y, 2) < Radius(o) * Radius(o));
        foreach (var t in Map.Themes.Where(t => discs.ContainsKey(t.Id)).OrderByDescending(t => t.Size))
        {
            var (x, y) = discs[t.Id];
            var half = Math.Min(t.Label.Length, 30) * 3.25;
            x = Math.Clamp(x, half + 2, width - half - 2);
            // under the disc, else over it, then a line further each way: a label stays by its disc
            var candidates = Enumerable.Range(0, 5).SelectMany(i => new[] { y + Radius(t) + 14 + 14 * i, y - Radius(t) - 6 - 14 * i }).ToList();
            bool Free(double line, bool clearOfDiscs) => !placed.Any(p => x - half < p.X1 && x + half > p.X0 && line - 12 < p.Y1 && line + 2 > p.Y0)
                && (!clearOfDiscs || !OnADisc(t.Id, x - half, x + half, line - 12, line + 2));
            // clear of labels and discs, else of labels at least
            var chosen = candidates.Where(c => Free(c, clearOfDiscs: true)).Cast<double?>().FirstOrDefault()
                ?? candidates.Where(c => Free(c, clearOfDiscs: false)).Cast<double?>().FirstOrDefault() ?? candidates[0];
            placed.Add((x - half, x + half, chosen - 12, chosen + 2));
            result[t.Id] = (x, chosen);
        }
        return result;
    }

    /// <summary>
    /// Each theme's disc centre on the drawing: its place on the map of meanings (<see cref="Place"/>), then pushed
    /// apart from the discs it would overlap (<see cref="Separate"/>). Neighbours stay neighbours; two themes whose
    /// passages mean nearly the same no longer hide each other.
    /// </summary>
    public Dictionary<long, (double X, double Y)> Discs(double width, double height, double margin) =>
        Separate(Map.Themes.Where(t => Positions.ContainsKey(t.Id)).OrderByDescending(t => t.Size).ThenBy(t => t.Id)
            .Select(t => { var (x, y) = Place(t.Id, width, height, margin); return (t.Id, x, y, Radius(t)); }).ToList(), width, height);

    /// <summary>
    /// Discs moved apart until none overlaps another (<paramref name="gap"/> pixels between them), each pair's overlap
    /// shared so that the smaller disc moves more, every disc kept inside the drawing (with room for a label under it);
    /// the same discs in the same order give the same places.
    /// </summary>
    public static Dictionary<long, (double X, double Y)> Separate(IReadOnlyList<(long Id, double X, double Y, double R)> discs, double width, double height, double gap = 4)
    {
        var x = discs.Select(d => d.X).ToArray();
        var y = discs.Select(d => d.Y).ToArray();
        void Inside(int i)
        {
            var r = discs[i].R;
            x[i] = Math.Clamp(x[i], r + 2, Math.Max(r + 2, width - r - 2));
            y[i] = Math.Clamp(y[i], r + 2, Math.Max(r + 2, height - r - 16));
        }
        for (var i = 0; i < discs.Count; i++) Inside(i);
        for (var round = 0; round < 500; round++)
        {
            var moved = false;
            for (var i = 0; i < discs.Count; i++)
                for (var j = i + 1; j < discs.Count; j++)
                {
                    double dx = x[j] - x[i], dy = y[j] - y[i];
                    var d = Math.Sqrt(dx * dx + dy * dy);
                    var need = discs[i].R + discs[j].R + gap;
                    if (d >= need - 1e-6) continue;
                    if (d < 1e-6) (dx, dy, d) = (Math.Cos(j), Math.Sin(j), 1e-6); // the same place: a direction of its own
                    // a little past touching, so that pushing one pair apart settles rather than creeps
                    var push = need - d + 0.5;
                    var share = discs[j].R / (discs[i].R + discs[j].R); // the smaller disc moves more
                    x[i] -= dx / d * push * share;
                    y[i] -= dy / d * push * share;
                    x[j] += dx / d * push * (1 - share);
                    y[j] += dy / d * push * (1 - share);
                    Inside(i);
                    Inside(j);
                    moved = true;
                }
            if (!moved) break;
        }
        return discs.Select((d, i) => (d.Id, X: x[i], Y: y[i])).ToDictionary(p => p.Id, p => (p.X, p.Y));
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
