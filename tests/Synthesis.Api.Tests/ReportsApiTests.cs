using Microsoft.AspNetCore.Hosting;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using Synthesis.Api.Security;

namespace Synthesis.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class ReportsApiTests(ApiFactory factory)
{
    [Fact]
    public async Task The_markdown_report_has_each_question_and_theme_and_links_every_quote_to_its_contribution()
    {
        using var response = await factory.As(Roles.Analyst).GetAsync("/api/reports/markdown");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var md = await response.Content.ReadAsStringAsync();
        Assert.Contains("# Synthèse de la concertation", md);
        foreach (var heading in new[] { "Problèmes et nouveaux publics", "Nouvelles formes d'engagement", "Réponses et coopérations" })
            Assert.Contains(heading, md);
        var quotes = md.Split('\n').Where(l => l.StartsWith("> «")).ToList();
        Assert.NotEmpty(quotes);
        Assert.All(quotes, q => Assert.Matches(@"\[contribution \d+\]\(http://localhost/contributions/\d+\)", q));
        var map = await factory.As(Roles.Analyst).GetJson("/api/topics");
        Assert.All(map["themes"]!.AsArray(), t => Assert.Contains(((string)t!["label"]!).Split(' ')[0], md));
        // each theme opens with « En bref », every line of it citing a passage linked to its contribution
        Assert.Equal(map["themes"]!.AsArray().Count, md.Split('\n').Count(l => l == "**En bref**"));
        var brief = md.Split("**En bref**")[1].Split("**Synthèse**")[0].Split('\n').Where(l => l.StartsWith("- ")).ToList();
        Assert.NotEmpty(brief);
        Assert.All(brief, l => Assert.Matches(@"\[\[P\d+\]\]\(http://localhost/contributions/\d+\)", l));
        Assert.Matches(@"^- [\d  ]+ passages? de [\d  ]+ contributions?", brief[0]);

        // and so does its page in the web app, when no question is chosen
        var theme = (long)map["themes"]!.AsArray()[0]!["id"]!;
        var page = await factory.As(Roles.Analyst).GetStringAsync($"/themes/{theme}");
        Assert.Contains("<h2>En bref</h2>", page);
        Assert.DoesNotContain("<h2>En bref</h2>", await factory.As(Roles.Analyst).GetStringAsync($"/themes/{theme}?question=solution"));
    }

    [Fact]
    public async Task A_selection_keeps_only_the_chosen_topics_and_question()
    {
        var themes = (await factory.As(Roles.Analyst).GetJson("/api/topics"))["themes"]!.AsArray();
        var chosen = themes[0]!;
        var md = await factory.As(Roles.Analyst).GetStringAsync($"/api/reports/markdown?topics={(long)chosen["id"]!}&question=solution");
        Assert.Contains((string)chosen["label"]!, md);
        Assert.DoesNotContain("### " + (string)themes[1]!["label"]! + " (", md);
        Assert.DoesNotContain("Problèmes et nouveaux publics (", md);
        using var bad = await factory.As(Roles.Analyst).GetAsync("/api/reports/pdf");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task The_docx_report_opens_and_has_a_native_chart_headings_and_hyperlinks()
    {
        using var response = await factory.As(Roles.Analyst).GetAsync("/api/reports/docx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var doc = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var main = doc.MainDocumentPart!;
        var chart = Assert.Single(main.ChartParts);
        Assert.Contains("barChart", chart.ChartSpace.OuterXml);
        Assert.Contains("Problèmes", chart.ChartSpace.OuterXml);
        var text = main.Document.Body!.InnerText;
        Assert.Contains("Diagnostic par question", text);
        Assert.NotEmpty(main.HyperlinkRelationships);
        Assert.All(main.HyperlinkRelationships, h => Assert.Matches(@"/contributions/\d+$", h.Uri.ToString()));
        var errors = new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(doc).Take(5).Select(e => e.Description).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task The_csv_export_is_french_with_semicolons_neutralises_formulas_and_has_one_row_per_passage_with_a_link()
    {
        // The fixture's "=HYPERLINK(...)" contribution, placed in a theme as the corpus stage would, so it is exported.
        using (var c = factory.Store.Connect())
            c.Execute("""
                UPDATE topic_assignments SET topic_id = (SELECT id FROM topics WHERE retired = 0 AND parent_id IS NULL ORDER BY id LIMIT 1)
                WHERE passage_id = (SELECT p.id FROM passages p JOIN contributions co ON co.id = p.contribution_id WHERE co.external_ref = 'N043' ORDER BY p.ord LIMIT 1)
                """);
        var bytes = await factory.As(Roles.Analyst).GetByteArrayAsync("/api/reports/csv");
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]); // UTF-8 byte-order mark: French Excel reads the accents
        var csv = System.Text.Encoding.UTF8.GetString(bytes[3..]);
        using var reader = new CsvHelper.CsvReader(new StringReader(csv),
            new CsvHelper.Configuration.CsvConfiguration(System.Globalization.CultureInfo.GetCultureInfo("fr-FR")) { Delimiter = ";" });
        var rows = new List<string[]>();
        while (reader.Read()) rows.Add(Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i)!).ToArray());
        Assert.Equal(["passage", "contribution", "lien", "thème", "sous-thème", "question", "certitude question", "ton", "certitude ton",
            "profil", "quartier", "canal", "source", "date", "début dans l'enregistrement (secondes)", "texte"], rows[0]);
        var data = rows.Skip(1).ToList();
        Assert.All(data, r => Assert.Equal(16, r.Length));
        // values in French, as the web app shows them
        Assert.All(data, r => Assert.Contains(r[5], new[] { "", "problème", "engagement", "solution", "autre" }));
        Assert.All(data, r => Assert.Contains(r[7], new[] { "", "négatif", "neutre", "positif" }));
        // how sure the machine is, with a decimal comma (empty where a reviewer decided)
        Assert.All(data, r => Assert.Matches(@"^(0,\d\d|1,00|)$", r[6]));
        Assert.All(data, r => Assert.Matches(@"^(0,\d\d|1,00|)$", r[8]));
        Assert.Contains(data, r => r[8].Length > 0);
        Assert.Contains(data, r => r[11] == "plateforme en ligne");
        Assert.DoesNotContain(data, r => r[11] is "platform" || r[7] is "negative" || r[5] is "problem");
        // each link opens the contribution at the passage
        Assert.All(data, r => Assert.Equal($"http://localhost/contributions/{r[1]}#p{r[0]}", r[2]));
        // no cell may start with a character a spreadsheet runs as a formula
        Assert.DoesNotContain(data.SelectMany(r => r), cell => cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@');
        Assert.Contains(data, r => r[15].StartsWith("'=HYPERLINK", StringComparison.Ordinal));
        var map = await factory.As(Roles.Analyst).GetJson("/api/topics");
        Assert.True(data.Count >= (long)map["passages"]! - (long)map["unassigned"]! - 5);
    }

    [Theory]
    [InlineData("=1+2", "\"'=1+2\"")]
    [InlineData("+33 6", "\"'+33 6\"")]
    [InlineData("-2", "\"'-2\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("a; b", "\"a; b\"")]
    [InlineData("a, b", "a, b")]
    [InlineData("dit \"non\"", "\"dit \"\"non\"\"\"")]
    [InlineData("ligne\nsuivante", "\"ligne\nsuivante\"")]
    public void Csv_cells_are_quoted_for_semicolons_and_formulas_neutralised(string value, string cell) =>
        Assert.Equal(cell, Reports.CsvReport.Line(value));

    [Fact]
    public async Task Report_links_point_to_the_public_address_when_one_is_set()
    {
        using var configured = factory.WithWebHostBuilder(b => b.UseSetting("Synthesis:PublicUrl", "https://concertation.nantes.fr/synthese/"));
        var client = configured.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", factory.Keys[Roles.Analyst]);
        var md = await client.GetStringAsync("/api/reports/markdown");
        var links = System.Text.RegularExpressions.Regex.Matches(md, @"\]\((https?://[^)]+)\)").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, l => Assert.Matches(@"^https://concertation\.nantes\.fr/synthese/contributions/\d+$", l));
        Assert.DoesNotContain("localhost", md);
    }
}
