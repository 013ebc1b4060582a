using System.Text.RegularExpressions;
using Synthesis.Api.Security;

namespace Synthesis.Api.Tests;

/// <summary>Themes crossed with neighbourhoods, profiles and channels: an accessible SVG and its table, small cells suppressed.</summary>
[Collection(ApiCollection.Name)]
public sealed class CrossingPageTests(ApiFactory factory)
{
    [Theory]
    [InlineData("quartier", "co.neighbourhood")]
    [InlineData("profil", "co.profile")]
    [InlineData("canal", "co.channel")]
    [InlineData("mois", "substr(co.date, 1, 7)")]
    public async Task Each_cell_shows_its_contributions_and_small_ones_are_suppressed(string by, string field)
    {
        var html = await factory.As(Roles.Analyst).GetStringAsync($"/themes/croisements?par={by}");
        Assert.Contains("role=\"group\" aria-labelledby=\"heat-title heat-desc\"", html);
        Assert.Contains("<summary>Les chiffres en tableau</summary>", html);

        // the table's cells, theme by theme, against the store
        using var c = factory.Store.Connect();
        var table = Regex.Match(html, "<table class=\"list heat-table\">(.*?)</table>", RegexOptions.Singleline).Groups[1].Value;
        var rows = Regex.Matches(table, "<tr><th scope=\"row\"><a href=\"/themes/(\\d+)\">.*?</tr>", RegexOptions.Singleline);
        Assert.NotEmpty(rows);
        var suppressed = 0;
        var columns = new List<List<string>>();
        foreach (Match row in rows)
        {
            var theme = long.Parse(row.Groups[1].Value);
            var cells = Regex.Matches(row.Value, "<td class=\"n\">([^<]*)</td>").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
            columns.Add(cells);
            var total = c.ScalarLong($"""
                SELECT count(DISTINCT co.id) FROM reviewed_passages p JOIN topics t ON t.id = p.topic_id JOIN contributions co ON co.id = p.contribution_id
                WHERE coalesce(t.parent_id, t.id) = $t AND coalesce({field}, '') <> ''
                """, null, ("$t", theme));
            if (by == "mois")
            {
                // months in time order, as « janv. 2022 »
                var heads = Regex.Matches(table, "<th scope=\"col\">([^<]*)</th>").Skip(1).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
                var months = heads.Select(h => DateTime.ParseExact(h, "MMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"))).ToList();
                Assert.Equal(months.Order(), months);
            }
            foreach (var cell in cells)
            {
                if (cell == "< 5") { suppressed++; continue; }
                var n = long.Parse(cell.Replace("\u202f", "").Replace("\u00a0", "").Replace(" ", ""));
                Assert.True(n == 0 || n >= 5, $"theme {theme}: a cell shows {n}, under the threshold");
                Assert.InRange(n, 0, total);
            }
        }
        if (by == "quartier") Assert.True(suppressed > 0, "the Nantes neighbourhoods have small cells: none was suppressed");
        // no column of zeros: a value no theme holds (the street events, whose recordings wait for their transcription) is named under the picture
        for (var j = 0; j < columns[0].Count; j++) Assert.Contains(columns, cells => cells[j] != "0");
        // (the fixture has none such: the rule, on the demo's channels)
        var (shown, empty) = Synthesis.Api.Pages.CroisementsModel.Columns(["platform", "street_event", "workshop"], [1, 2],
            new Dictionary<(long, string), long> { [(1, "platform")] = 12, [(2, "workshop")] = 3, [(2, "street_event")] = 0 });
        Assert.Equal(["platform", "workshop"], shown);
        Assert.Equal(["street_event"], empty);
    }

    [Fact]
    public async Task An_unknown_crossing_goes_to_the_neighbourhoods()
    {
        using var response = await factory.As(Roles.Analyst).GetAsync("/themes/croisements?par=planete");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("par=quartier", response.Headers.Location!.OriginalString);
    }
}

/// <summary>The map of themes by meaning on /themes: a disc per theme, placed by its passages' vectors.</summary>
[Collection(ApiCollection.Name)]
public sealed class ThemeMapTests(ApiFactory factory)
{
    [Fact]
    public async Task Each_theme_is_a_disc_and_themes_close_on_the_map_are_close_in_meaning()
    {
        var html = await factory.As(Roles.Analyst).GetStringAsync("/themes");
        Assert.Contains("aria-labelledby=\"map-title map-desc\"", html);
        // repeated texts are counted as the theme page counts them, in groups (the map said « 96 doublons »)
        TopicMap map;
        using (var mc = factory.Store.Connect()) map = TopicQueries.Map(mc);
        var repeated = map.Themes.First(t => t.DuplicateGroups > 1);
        Assert.Contains($"{repeated.DuplicateGroups} groupes de textes répétés", System.Net.WebUtility.HtmlDecode(html).Replace("\u202f", " "));
        Assert.DoesNotContain("doublons", html);
        var discs = Regex.Matches(html, "<a href=\"/themes/(\\d+)\">\\s*<circle cx=\"([\\d.]+)\" cy=\"([\\d.]+)\" r=\"([\\d.]+)\"")
            .ToDictionary(m => long.Parse(m.Groups[1].Value), m => (X: double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
                Y: double.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture), R: double.Parse(m.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture)));
        using var c = factory.Store.Connect();
        var themes = TopicQueries.Themes(c).Select(t => t.Id).ToList();
        Assert.Equal(themes.Order(), discs.Keys.Order());
        Assert.All(discs.Values, d => Assert.True(d.X - d.R >= 0 && d.X + d.R <= 960 && d.Y - d.R >= 0 && d.Y + d.R <= 540, $"{d} outside the drawing"));
        // no disc hides another
        foreach (var (a, b) in themes.SelectMany(a => themes.Where(b => b > a).Select(b => (a, b))))
            Assert.True(Math.Sqrt(Math.Pow(discs[a].X - discs[b].X, 2) + Math.Pow(discs[a].Y - discs[b].Y, 2)) >= discs[a].R + discs[b].R, $"themes {a} and {b} overlap");
        // a name written in its disc stays within it; the others are written beside theirs
        var names = Regex.Matches(html, "<a href=\"/themes/(\\d+)\">\\s*<circle[^>]*>.*?</circle>\\s*<text x=\"([\\d.]+)\" y=\"([\\d.]+)\"[^>]*class=\"(inside|beside)\">(.*?)</text>", RegexOptions.Singleline)
            .ToDictionary(m => long.Parse(m.Groups[1].Value), m => (X: double.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
                Y: double.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture), Inside: m.Groups[4].Value == "inside",
                Lines: Regex.Matches(m.Groups[5].Value, "<tspan[^>]*>([^<]*)</tspan>").Select(l => System.Net.WebUtility.HtmlDecode(l.Groups[1].Value)).ToList()));
        Assert.Equal(themes.Order(), names.Keys.Order());
        foreach (var (id, name) in names.Where(n => n.Value.Inside))
        {
            // centred on the disc, each line (5.7 px a character, as measured in Chromium; from 9 px over its baseline to
            // 3 px under) within the disc's chord at its top and at its bottom
            Assert.Equal(discs[id].X, name.X, 1);
            for (var i = 0; i < name.Lines.Count; i++)
                foreach (var edge in new[] { name.Y + 14 * i - 9, name.Y + 14 * i + 3 })
                {
                    var offset = Math.Abs(edge - discs[id].Y);
                    Assert.True(offset < discs[id].R && name.Lines[i].Length * 5.7 <= 2 * Math.Sqrt(discs[id].R * discs[id].R - offset * offset),
                        $"« {name.Lines[i]} » overflows theme {id}'s disc");
                }
        }
        Assert.All(names.Values, n => Assert.NotEmpty(n.Lines));
        Assert.True(names[map.Themes.MaxBy(t => t.Size)!.Id].Inside, "the largest disc holds its name");
        // inside exactly where the name fits its disc, on the lines InsideLines cut
        foreach (var t in map.Themes)
        {
            var fits = Synthesis.Api.Pages.ThemesModel.InsideLines(Reports.FrenchLabels.Clip(t.Label, 30), discs[t.Id].R);
            Assert.Equal(fits is not null, names[t.Id].Inside);
            Assert.Equal(fits ?? [Reports.FrenchLabels.Clip(t.Label, 30)], names[t.Id].Lines);
        }

        // each theme's mean vector, from the store
        var sums = new Dictionary<long, (double[] Sum, int N)>();
        foreach (var (theme, blob) in Dapper.SqlMapper.Query<(long, byte[])>(c, """
            SELECT coalesce(t.parent_id, t.id), pv.vector FROM reviewed_passages p JOIN topics t ON t.id = p.topic_id
            JOIN passage_vectors pv ON pv.passage_id = p.id WHERE t.retired = 0
            """))
        {
            var v = SearchRows.FromBlob(blob);
            if (!sums.TryGetValue(theme, out var acc)) acc = (new double[v.Length], 0);
            for (var i = 0; i < v.Length; i++) acc.Sum[i] += v[i];
            sums[theme] = (acc.Sum, acc.N + 1);
        }
        double Cosine(long a, long b)
        {
            var (x, y) = (sums[a].Sum, sums[b].Sum);
            double dot = 0, nx = 0, ny = 0;
            for (var i = 0; i < x.Length; i++) { dot += x[i] * y[i]; nx += x[i] * x[i]; ny += y[i] * y[i]; }
            return dot / Math.Sqrt(nx * ny);
        }
        var pairs = themes.SelectMany(a => themes.Where(b => b > a).Select(b => (a, b,
            Distance: Math.Sqrt(Math.Pow(discs[a].X - discs[b].X, 2) + Math.Pow(discs[a].Y - discs[b].Y, 2))))).OrderBy(p => p.Distance).ToList();
        Assert.True(pairs.Count >= 3);
        var closest = pairs[0];
        var farthest = pairs[^1];
        Assert.True(Cosine(closest.a, closest.b) > Cosine(farthest.a, farthest.b),
            $"the closest pair on the map ({closest.a}, {closest.b}) is not closer in meaning than the farthest ({farthest.a}, {farthest.b})");
    }

    [Theory]
    [InlineData("Impôts", 50, "Impôts")]
    [InlineData("Aides sociales et retraite", 46, "Aides sociales|et retraite")] // the demo's: written over its neighbour's disc before
    [InlineData("Politique et citoyens", 46, "Politique|et citoyens")]
    [InlineData("Élevage intensif et animaux", 23, null)] // a small disc: its name goes beside it
    [InlineData("Environnement", 20, null)]
    [InlineData("Environnement", 50, "Environnement")]
    public void A_name_is_written_inside_its_disc_only_where_it_fits(string label, double radius, string? expected) =>
        Assert.Equal(expected?.Split('|'), Synthesis.Api.Pages.ThemesModel.InsideLines(label, radius));

    [Fact]
    public void Discs_that_would_overlap_are_moved_apart_and_the_others_stay()
    {
        // the demo's three largest themes (Grand Débat answers) nearly on one spot, and two themes far from them
        (long, double, double, double)[] given = [(1, 480, 300, 50), (2, 490, 290, 48), (3, 485, 310, 45), (4, 100, 100, 10), (5, 900, 120, 12)];
        var placed = Synthesis.Api.Pages.ThemesModel.Separate(given, 960, 540);
        foreach (var (a, ax, ay, ar) in given)
        {
            Assert.InRange(placed[a].X, ar, 960 - ar);
            Assert.InRange(placed[a].Y, ar, 540 - ar);
            foreach (var (b, _, _, br) in given.Where(g => g.Item1 > a))
                Assert.True(Math.Sqrt(Math.Pow(placed[a].X - placed[b].X, 2) + Math.Pow(placed[a].Y - placed[b].Y, 2)) >= ar + br + 4 - 1e-6, $"{a} and {b} overlap");
        }
        Assert.Equal((100.0, 100.0), placed[4]); // nothing near: not moved
        Assert.Equal((900.0, 120.0), placed[5]);
        // the three stay together, around where they were
        Assert.All(new long[] { 1, 2, 3 }, t => Assert.True(Math.Abs(placed[t].X - 485) < 120 && Math.Abs(placed[t].Y - 300) < 120, $"{t} at {placed[t]}"));
        Assert.Equal(placed, Synthesis.Api.Pages.ThemesModel.Separate(given, 960, 540)); // the same discs, the same places
    }

    [Fact]
    public async Task A_theme_page_names_no_neighbourhood_or_profile_fewer_than_the_threshold_of_contributions_share()
    {
        using var c = factory.Store.Connect();
        Dictionary<string, long> People(long theme, string field) => Dapper.SqlMapper.Query<(string Value, long Count)>(c, $"""
            SELECT {field}, count(DISTINCT co.id) FROM reviewed_passages p JOIN contributions co ON co.id = p.contribution_id
            WHERE p.topic_id IN (SELECT id FROM topics WHERE id = @theme OR parent_id = @theme) GROUP BY 1
            """, new { theme }).ToDictionary(r => r.Value, r => r.Count);
        var dims = new[] { ("Par quartier", "coalesce(co.neighbourhood, '')"), ("Par profil", "co.profile") };
        // a theme where some neighbourhood and some profile are shared by fewer than 5 contributions (the Nantes ones)
        var theme = Dapper.SqlMapper.Query<long>(c, "SELECT id FROM topics WHERE retired = 0 AND parent_id IS NULL ORDER BY size DESC")
            .First(t => dims.All(d => People(t, d.Item2).Values.Any(n => n < 5)));
        var html = await factory.As(Roles.Analyst).GetStringAsync($"/themes/{theme}");
        foreach (var (title, field) in dims)
        {
            var figure = Regex.Match(html, $"<figcaption>{title}</figcaption>(.*?)</figure>", RegexOptions.Singleline).Groups[1].Value;
            var labels = Regex.Matches(figure, "class=\"bar-label\">([^<]*)</text>").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
            Assert.NotEmpty(labels);
            var people = People(theme, field);
            // the values shared by fewer than 5 contributions are gathered in one bar that names none of them
            var few = people.Where(p => p.Value < 5).ToList();
            Assert.True(few.Count > 0, $"{title}: the fixture has no small value to hide");
            Assert.Contains(few.Count == 1 ? "1 autre (< 5 contrib.)" : $"{few.Count} autres (< 5 contrib.)", labels);
            foreach (var (value, _) in few.Where(f => f.Key.Length > 0))
                Assert.DoesNotContain(field == "co.profile" ? Reports.FrenchLabels.Profile(value) : value, labels);
        }
    }
}
