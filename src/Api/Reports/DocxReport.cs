using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Synthesis.Api.Analysis;

namespace Synthesis.Api.Reports;

/// <summary>
/// The report (<see cref="ReportDocument"/>) as a Word document: a table of contents (Word fills in the page numbers
/// when the file is opened), native tables and bar charts, cited summaries, quotes linked to their passages.
/// </summary>
public static class DocxReport
{
    public static byte[] Write(ReportContent r)
    {
        var blocks = ReportDocument.Build(r);
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.Document = new Document(new Body());
            AddStyles(main);
            // Word rebuilds the table of contents (page numbers) on opening; LibreOffice shows the entries written here
            main.AddNewPart<DocumentSettingsPart>().Settings = new Settings(new UpdateFieldsOnOpen { Val = true });
            var body = main.Document.Body!;
            foreach (var block in blocks)
            {
                switch (block)
                {
                    case HeadingBlock h:
                        body.Append(Para(h.Level == 0 ? "Title" : $"Heading{h.Level}", h.Text));
                        break;
                    case ParagraphBlock p:
                        var para = Para(p.Bullet ? "ListParagraph" : null, p.Bullet ? "• " : "");
                        foreach (var run in p.Runs) para.Append(run.Url is { } url ? Link(main, url, run.Text) : TextRun(run.Text, run.Bold));
                        // a bold line alone titles the table or quotes below it: kept on their page
                        if (p.Runs.All(run => run.Bold)) (para.ParagraphProperties ??= new ParagraphProperties()).KeepNext = new KeepNext();
                        body.Append(para);
                        break;
                    case QuoteBlock q:
                        var quote = Para("Quote", $"« {q.Text} » ");
                        quote.Append(Link(main, q.Url, q.LinkText));
                        if (q.Labels.Length > 0) quote.Append(TextRun(" — " + q.Labels, false));
                        body.Append(quote);
                        break;
                    case TableBlock t:
                        body.Append(Table(t), new Paragraph());
                        break;
                    case ChartBlock c:
                        // the line before a chart (a theme's figures) stays on the chart's page
                        if (body.LastChild is Paragraph before)
                            (before.ParagraphProperties ??= new ParagraphProperties()).KeepNext = new KeepNext();
                        body.Append(DocxChart.Bars(main, c.Title, c.Categories, c.Series));
                        break;
                    case ContentsBlock:
                        body.Append(Para("TOCHeading", "Sommaire"));
                        body.Append(Contents(blocks.OfType<HeadingBlock>().Where(h => h.Level is 1 or 2).ToList()));
                        break;
                }
            }
            body.Append(new SectionProperties(new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 1134, Bottom = 1134, Left = 1134, Right = 1134, Header = 708, Footer = 708, Gutter = 0 }));
            main.Document.Save();
        }
        return stream.ToArray();
    }

    /// <summary>A TOC field over headings 1-2, its result already written (the headings, without page numbers).</summary>
    static IEnumerable<Paragraph> Contents(IReadOnlyList<HeadingBlock> headings)
    {
        var paragraphs = headings.Select(h => Para($"TOC{h.Level}", h.Text)).ToList();
        if (paragraphs.Count == 0) paragraphs.Add(new Paragraph());
        paragraphs[0].InsertAt(new Run(new FieldChar { FieldCharType = FieldCharValues.Separate }), paragraphs[0].ParagraphProperties is null ? 0 : 1);
        paragraphs[0].InsertAt(new Run(new FieldCode(@" TOC \o ""1-2"" \h \z \u ") { Space = SpaceProcessingModeValues.Preserve }), paragraphs[0].ParagraphProperties is null ? 0 : 1);
        paragraphs[0].InsertAt(new Run(new FieldChar { FieldCharType = FieldCharValues.Begin, Dirty = true }), paragraphs[0].ParagraphProperties is null ? 0 : 1);
        paragraphs[^1].Append(new Run(new FieldChar { FieldCharType = FieldCharValues.End }));
        return paragraphs;
    }

    static Table Table(TableBlock t)
    {
        var border = () => new OpenXmlElement[]
        {
            new TopBorder { Val = BorderValues.Single, Size = 4, Color = "A6A6A6" }, new BottomBorder { Val = BorderValues.Single, Size = 4, Color = "A6A6A6" },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4, Color = "D9D9D9" },
        };
        var table = new Table(
            new TableProperties(new TableWidth { Width = "0", Type = TableWidthUnitValues.Auto }, new TableBorders(border())),
            new TableGrid(t.Headers.Select((_, i) => new GridColumn { Width = i == 0 ? "5200" : "2000" })));
        TableCell Cell(string text, int column, bool header)
        {
            var p = new Paragraph(new ParagraphProperties(new SpacingBetweenLines { Before = "40", After = "40" },
                new Justification { Val = column == 0 ? JustificationValues.Left : JustificationValues.Right }));
            p.Append(TextRun(text, header));
            return new TableCell(new TableCellProperties(header ? new Shading { Val = ShadingPatternValues.Clear, Color = "auto", Fill = "DEEAF6" } : new Shading { Val = ShadingPatternValues.Nil }), p);
        }
        table.Append(new TableRow([new TableRowProperties(new TableHeader()), .. t.Headers.Select((h, i) => Cell(h, i, true))]));
        foreach (var row in t.Rows) table.Append(new TableRow(row.Select((cell, i) => (OpenXmlElement)Cell(cell, i, false))));
        return table;
    }

    static Run TextRun(string text, bool bold = false)
    {
        var run = new Run();
        if (bold) run.Append(new RunProperties(new Bold()));
        run.Append(new Text(Clean(text)) { Space = SpaceProcessingModeValues.Preserve });
        return run;
    }

    // Text comes from citizens: XML escaping is the SDK's; control characters are not valid XML and are dropped.
    static string Clean(string text) => new(text.Where(ch => !char.IsControl(ch)).ToArray());

    internal static Paragraph Para(string? style, string text)
    {
        var p = new Paragraph();
        if (style is not null) p.Append(new ParagraphProperties(new ParagraphStyleId { Val = style }));
        if (text.Length > 0) p.Append(TextRun(text));
        return p;
    }

    internal static Hyperlink Link(MainDocumentPart main, string url, string text)
    {
        var rel = main.AddHyperlinkRelationship(new Uri(url, UriKind.Absolute), true);
        return new Hyperlink(new Run(new RunProperties(new Color { Val = "0563C1" }, new Underline { Val = UnderlineValues.Single }), new Text(Clean(text)))) { Id = rel.Id };
    }

    internal static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        // headings carry their outline level, which the table of contents and Word's navigation pane read
        Style S(string id, string name, int halfPoints, bool bold, string? colour = null, bool italic = false, int before = 0, int? outline = null, int indent = 0) => new(
            new StyleName { Val = name }, new BasedOn { Val = "Normal" }, new PrimaryStyle(),
            new StyleParagraphProperties(new OpenXmlElement?[]
            {
                outline is null ? null : new KeepNext(),
                new SpacingBetweenLines { Before = before.ToString(), After = "120" },
                indent == 0 ? null : new Indentation { Left = indent.ToString() },
                outline is { } level ? new OutlineLevel { Val = level } : null,
            }.OfType<OpenXmlElement>()),
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
            S("Heading1", "heading 1", 32, true, "1F3864", before: 360, outline: 0),
            S("Heading2", "heading 2", 26, true, "2E74B5", before: 240, outline: 1),
            S("Heading3", "heading 3", 22, true, "2E74B5", before: 160, outline: 2),
            S("TOCHeading", "TOC Heading", 32, true, "1F3864", before: 360),
            S("TOC1", "toc 1", 22, true),
            S("TOC2", "toc 2", 22, false, indent: 440),
            S("Quote", "Quote", 22, false, "404040", italic: true),
            S("ListParagraph", "List Paragraph", 22, false));
    }
}
