using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Synthesis.Api.Analysis;

namespace Synthesis.Api.Reports;

/// <summary>The report as a Word document: headings, charts of the question mix, cited summaries, linked quotes.</summary>
public static class DocxReport
{
    static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static byte[] Write(ReportContent r)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.Document = new Document(new Body());
            AddStyles(main);
            var body = main.Document.Body!;
            body.Append(Para("Title", "Synthèse de la concertation"));
            body.Append(Para(null, string.Create(French, $"Rapport généré le {r.GeneratedAt:d MMMM yyyy à HH:mm} à partir de {r.Contributions:N0} contributions ({r.Passages:N0} passages).")));

            body.Append(Para("Heading1", "Diagnostic par question"));
            if (r.Themes.Count > 0)
            {
                var top = r.Themes.Take(10).ToList();
                body.Append(DocxChart.Bars(main, "Passages par thème et par question", top.Select(t => Truncate(t.Topic.Label, 40)).ToList(),
                [
                    ("Problèmes", "C0504D", top.Select(t => t.Topic.Questions.GetValueOrDefault("problem")).ToList()),
                    ("Engagement", "4F81BD", top.Select(t => t.Topic.Questions.GetValueOrDefault("engagement")).ToList()),
                    ("Solutions", "9BBB59", top.Select(t => t.Topic.Questions.GetValueOrDefault("solution")).ToList()),
                ]));
            }
            foreach (var q in r.Questions)
            {
                body.Append(Para("Heading2", string.Create(French, $"{FrenchLabels.Question(q.Question)} ({q.Count:N0} passages)")));
                foreach (var t in q.LeadingTopics) body.Append(Para("ListParagraph", string.Create(French, $"• {t.Label} : {t.Count:N0} passages")));
                foreach (var p in q.Quotes) body.Append(Quote(main, r, p));
            }

            body.Append(Para("Heading1", "Thèmes"));
            foreach (var theme in r.Themes)
            {
                var t = theme.Topic;
                body.Append(Para("Heading2", string.Create(French, $"{t.Label} ({t.Size:N0} passages)")));
                body.Append(Para(null, string.Create(French,
                    $"Problèmes {t.Questions.GetValueOrDefault("problem"):N0} · engagement {t.Questions.GetValueOrDefault("engagement"):N0} · solutions {t.Questions.GetValueOrDefault("solution"):N0}. " +
                    $"Ton : négatif {t.Sentiments.GetValueOrDefault("negative"):N0}, neutre {t.Sentiments.GetValueOrDefault("neutral"):N0}, positif {t.Sentiments.GetValueOrDefault("positive"):N0}.")));
                if (t.Children.Count > 0)
                    body.Append(Para(null, "Sous-thèmes : " + string.Join(" ; ", t.Children.Select(ch => string.Create(French, $"{ch.Label} ({ch.Size:N0})"))) + "."));
                foreach (var (title, view) in new[] { ("En bref", theme.Overview), ("Synthèse", theme.Summary) })
                {
                    if (view is not { Sentences.Count: > 0 }) continue;
                    body.Append(Para("Heading3", title));
                    foreach (var s in view.Sentences.Where(s => s.Supported))
                    {
                        var p = Para("ListParagraph", "• " + s.Text + " ");
                        foreach (var cited in s.Citations) p.Append(Link(main, r.Link(cited.ContributionId), $"[P{cited.Id}]"), new Run(new Text(" ") { Space = SpaceProcessingModeValues.Preserve }));
                        body.Append(p);
                    }
                }
                if (theme.Quotes.Count > 0)
                {
                    body.Append(Para("Heading3", "Citations"));
                    foreach (var p in theme.Quotes) body.Append(Quote(main, r, p));
                }
            }
            if (r.Reliability is { } reliability)
            {
                body.Append(Para("Heading1", "Fiabilité de l'analyse automatique"));
                foreach (var line in reliability.Paragraphs()) body.Append(Para(null, line));
            }
            body.Append(new SectionProperties(new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 1134, Bottom = 1134, Left = 1134, Right = 1134, Header = 708, Footer = 708, Gutter = 0 }));
            main.Document.Save();
        }
        return stream.ToArray();
    }

    static string Truncate(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";

    static Paragraph Quote(MainDocumentPart main, ReportContent r, PassageView p)
    {
        var para = Para("Quote", $"« {p.Text} » ");
        para.Append(Link(main, r.Link(p.ContributionId), $"contribution {p.ContributionId}{MarkdownReport.Time(p)}"));
        return para;
    }

    internal static Paragraph Para(string? style, string text)
    {
        var p = new Paragraph();
        if (style is not null) p.Append(new ParagraphProperties(new ParagraphStyleId { Val = style }));
        // Text comes from citizens: XML escaping is the SDK's; control characters are not valid XML and are dropped.
        p.Append(new Run(new Text(new string(text.Where(ch => !char.IsControl(ch)).ToArray())) { Space = SpaceProcessingModeValues.Preserve }));
        return p;
    }

    internal static Hyperlink Link(MainDocumentPart main, string url, string text)
    {
        var rel = main.AddHyperlinkRelationship(new Uri(url, UriKind.Absolute), true);
        return new Hyperlink(new Run(new RunProperties(new Color { Val = "0563C1" }, new Underline { Val = UnderlineValues.Single }), new Text(text))) { Id = rel.Id };
    }

    internal static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        Style S(string id, string name, int halfPoints, bool bold, string? colour = null, bool italic = false, int before = 0) => new(
            new StyleName { Val = name }, new BasedOn { Val = "Normal" }, new PrimaryStyle(),
            new StyleParagraphProperties(new SpacingBetweenLines { Before = before.ToString(), After = "120" }),
            new StyleRunProperties(new OpenXmlElement?[]
            {
                bold ? new Bold() : null, italic ? new Italic() : null, colour is null ? null : new Color { Val = colour },
                new FontSize { Val = halfPoints.ToString() },
            }.OfType<OpenXmlElement>()))
            { Type = StyleValues.Paragraph, StyleId = id };
        styles.Styles = new Styles(
            new DocDefaults(new RunPropertiesDefault(new RunPropertiesBaseStyle(new RunFonts { Ascii = "Calibri", HighAnsi = "Calibri" }, new FontSize { Val = "22" }, new Languages { Val = "fr-FR" }))),
            new Style(new StyleName { Val = "Normal" }, new PrimaryStyle()) { Type = StyleValues.Paragraph, StyleId = "Normal", Default = true },
            S("Title", "Title", 48, true, "1F3864"),
            S("Heading1", "heading 1", 32, true, "1F3864", before: 360),
            S("Heading2", "heading 2", 26, true, "2E74B5", before: 240),
            S("Heading3", "heading 3", 22, true, "2E74B5", before: 160),
            S("Quote", "Quote", 22, false, "404040", italic: true),
            S("ListParagraph", "List Paragraph", 22, false));
    }
}
