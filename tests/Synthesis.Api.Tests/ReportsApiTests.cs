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
    public async Task The_csv_export_neutralises_formulas_and_has_one_row_per_passage_with_a_link()
    {
        // The fixture's "=HYPERLINK(...)" contribution, placed in a theme as the corpus stage would, so it is exported.
        using (var c = factory.Store.Connect())
            c.Execute("""
                UPDATE topic_assignments SET topic_id = (SELECT id FROM topics WHERE retired = 0 AND parent_id IS NULL ORDER BY id LIMIT 1)
                WHERE passage_id = (SELECT p.id FROM passages p JOIN contributions co ON co.id = p.contribution_id WHERE co.external_ref = 'N043' ORDER BY p.ord LIMIT 1)
                """);
        var csv = await factory.As(Roles.Analyst).GetStringAsync("/api/reports/csv");
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries).SelectMany(l => l.Split('\n')).Where(l => l.Length > 0).ToList();
        Assert.StartsWith("passage_id,contribution_id,lien", lines[0]);
        // No cell (quoted or not) may start with a character a spreadsheet runs as a formula.
        Assert.DoesNotMatch(@"(^|,)""?[=+\-@]", string.Join("\n", lines));
        Assert.Contains(lines, l => l.Contains(",'=HYPERLINK") || l.Contains(",\"'=HYPERLINK"));
        var map = await factory.As(Roles.Analyst).GetJson("/api/topics");
        Assert.True(lines.Count - 1 >= (long)map["passages"]! - (long)map["unassigned"]! - 5);
    }

    [Theory]
    [InlineData("=1+2", "'=1+2")]
    [InlineData("+33 6", "'+33 6")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("a, b", "\"a, b\"")]
    [InlineData("dit \"non\"", "\"dit \"\"non\"\"\"")]
    [InlineData("ligne\nsuivante", "\"ligne\nsuivante\"")]
    public void Csv_cells_are_quoted_and_formulas_neutralised(string value, string cell) =>
        Assert.Equal(cell, Reports.CsvReport.Cell(value));
}
