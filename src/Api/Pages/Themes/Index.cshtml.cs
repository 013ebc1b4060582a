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

    /// <summary>A theme's name on the map: where its lines go (the first line's baseline), and whether it sits in its disc.</summary>
    public sealed record MapLabel(double X, double Y, IReadOnlyList<string> Lines, bool Inside);

    /// <summary>How wide a character of the map's 12 px sans-serif is taken to be beside a disc (measured: 5.7 px on average; kept wider).</summary>
    const double CharWidth = 6.5;

    /// <summary>
    /// The name written inside a disc wide enough for it, on one line or two (cut at the space nearest the middle),
    /// at 5.9 px a character (the map's 12 px sans-serif measured 5.7 on average): each line no wider than the disc's
    /// chord 6 px (one line) or 10 px (two) from its centre, less 3 px each side; null when it does not fit. Two lines
    /// reach 12-14 px from the centre, where the chord of the smallest disc that takes them is about 2 px narrower a
    /// side: the spare pixels cover it. The largest themes, which crowd the map's middle, are named where nobody can
    /// take them for a neighbour's.
    /// </summary>
    public static IReadOnlyList<string>? InsideLines(string label, double radius)
    {
        const double inside = 5.9;
        double Room(double offset) => offset >= radius ? 0 : 2 * Math.Sqrt(radius * radius - offset * offset) - 6;
        if (label.Length * inside <= Room(6)) return [label];
        var spaces = Enumerable.Range(1, Math.Max(0, label.Length - 2)).Where(i => label[i] == ' ').ToList();
        if (spaces.Count == 0) return null;
        var cut = spaces.MinBy(i => Math.Abs(label.Length - 2 * i));
        string[] lines = [label[..cut], label[(cut + 1)..]];
        return lines.Max(l => l.Length) * inside <= Room(10) ? lines : null;
    }

    /// <summary>
    /// Where each label goes, given the discs' centres (<see cref="Discs"/>): inside its disc where it fits
    /// (<see cref="InsideLines"/>); else under its disc, over it, then a line further each way while it would overlap a
    /// label already placed or another theme's disc, or lie nearer another disc than its own, the largest themes first
    /// (a label is about 6.5 px a character, 14 px high), and kept inside the drawing's width.
    /// </summary>
    public Dictionary<long, MapLabel> LabelPlaces(IReadOnlyDictionary<long, (double X, double Y)> discs, double width)
    {
        var placed = new List<(double X0, double X1, double Y0, double Y1)>();
        var result = new Dictionary<long, MapLabel>();
        // how far a box is from a disc's edge (negative: on it)
        double Gap((double X, double Y) c, double r, double x0, double x1, double y0, double y1) =>
            Math.Sqrt(Math.Pow(Math.Clamp(c.X, x0, x1) - c.X, 2) + Math.Pow(Math.Clamp(c.Y, y0, y1) - c.Y, 2)) - r;
        var themes = Map.Themes.Where(t => discs.ContainsKey(t.Id)).OrderByDescending(t => t.Size).ToList();
        foreach (var t in themes)
        {
            var label = Synthesis.Api.Reports.FrenchLabels.Clip(t.Label, 30);
            if (InsideLines(label, Radius(t)) is { } lines)
            {
                var (cx, cy) = discs[t.Id];
                var first = lines.Count == 1 ? cy + 4 : cy - 3;
                var halfWidth = lines.Max(l => l.Length) * CharWidth / 2;
                // a name beside another disc must not be written over this one's
                placed.Add((cx - halfWidth, cx + halfWidth, first - 12, first + 14 * (lines.Count - 1) + 2));
                result[t.Id] = new MapLabel(cx, first, lines, Inside: true);
                continue;
            }
            var (x, y) = discs[t.Id];
            var half = label.Length * CharWidth / 2;
            x = Math.Clamp(x, half + 2, width - half - 2);
            var candidates = Enumerable.Range(0, 5).SelectMany(i => new[] { y + Radius(t) + 14 + 14 * i, y - Radius(t) - 6 - 14 * i }).ToList();
            bool Free(double line) => !placed.Any(p => x - half < p.X1 && x + half > p.X0 && line - 12 < p.Y1 && line + 2 > p.Y0);
            bool OffDiscs(double line) => themes.All(o => o.Id == t.Id || Gap(discs[o.Id], Radius(o), x - half, x + half, line - 12, line + 2) >= 0);
            bool NearestOwn(double line)
            {
                var own = Gap(discs[t.Id], Radius(t), x - half, x + half, line - 12, line + 2);
                return themes.All(o => o.Id == t.Id || Gap(discs[o.Id], Radius(o), x - half, x + half, line - 12, line + 2) > own);
            }
            // clear of labels and discs and nearest its own disc, else clear of labels and discs, else of labels at least
            var chosen = candidates.Where(c => Free(c) && OffDiscs(c) && NearestOwn(c)).Cast<double?>().FirstOrDefault()
                ?? candidates.Where(c => Free(c) && OffDiscs(c)).Cast<double?>().FirstOrDefault()
                ?? candidates.Where(Free).Cast<double?>().FirstOrDefault() ?? candidates[0];
            placed.Add((x - half, x + half, chosen - 12, chosen + 2));
            result[t.Id] = new MapLabel(x, chosen, [label], Inside: false);
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
