using System.Xml.Linq;
using DocumentFormat.OpenXml.Packaging;
using A = DocumentFormat.OpenXml.Drawing;
using C = DocumentFormat.OpenXml.Drawing.Charts;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Synthesis.Api.Reports;

/// <summary>
/// A native Word bar chart (DrawingML), so that readers can restyle it in Word or LibreOffice; its figures are
/// literal values in the chart itself, no embedded workbook needed to display them.
/// </summary>
static class DocxChart
{
    static readonly XNamespace Cns = "http://schemas.openxmlformats.org/drawingml/2006/chart";
    static readonly XNamespace Ans = "http://schemas.openxmlformats.org/drawingml/2006/main";

    public static W.Paragraph Bars(MainDocumentPart main, string title, IReadOnlyList<string> categories,
        IReadOnlyList<(string Name, string Colour, IReadOnlyList<long> Values)> series)
    {
        var part = main.AddNewPart<ChartPart>();
        part.ChartSpace = new C.ChartSpace(ChartXml(title, categories, series).ToString(SaveOptions.DisableFormatting));
        var height = 914400L * Math.Clamp(1 + categories.Count * series.Count / 4, 3, 9) * 2 / 3;
        // unique in the document: the charts are its only drawings
        var id = (uint)main.ChartParts.Count();
        var inline = new DW.Inline(
            new DW.Extent { Cx = 5760000L, Cy = height },
            new DW.EffectExtent { LeftEdge = 0, TopEdge = 0, RightEdge = 0, BottomEdge = 0 },
            new DW.DocProperties { Id = id, Name = $"Graphique {id}", Description = title },
            new DW.NonVisualGraphicFrameDrawingProperties(),
            new A.Graphic(new A.GraphicData(new C.ChartReference { Id = main.GetIdOfPart(part) })
                { Uri = "http://schemas.openxmlformats.org/drawingml/2006/chart" }))
            { DistanceFromTop = 0, DistanceFromBottom = 0, DistanceFromLeft = 0, DistanceFromRight = 0 };
        return new W.Paragraph(new W.Run(new W.Drawing(inline)));
    }

    static XElement ChartXml(string title, IReadOnlyList<string> categories, IReadOnlyList<(string Name, string Colour, IReadOnlyList<long> Values)> series)
    {
        XElement Val(string name, object value) => new(Cns + name, new XAttribute("val", value));
        XElement Literal(string kind, IEnumerable<string> values)
        {
            var list = values.ToList();
            var lit = new XElement(Cns + kind);
            if (kind == "numLit") lit.Add(new XElement(Cns + "formatCode", "General"));
            lit.Add(Val("ptCount", list.Count));
            lit.Add(list.Select((v, i) => new XElement(Cns + "pt", new XAttribute("idx", i), new XElement(Cns + "v", v))));
            return lit;
        }
        var bar = new XElement(Cns + "barChart", Val("barDir", "bar"), Val("grouping", "clustered"), Val("varyColors", 0));
        for (var s = 0; s < series.Count; s++)
            bar.Add(new XElement(Cns + "ser", Val("idx", s), Val("order", s),
                new XElement(Cns + "tx", new XElement(Cns + "v", series[s].Name)),
                new XElement(Cns + "spPr", new XElement(Ans + "solidFill", new XElement(Ans + "srgbClr", new XAttribute("val", series[s].Colour)))),
                Val("invertIfNegative", 0),
                new XElement(Cns + "cat", Literal("strLit", categories)),
                new XElement(Cns + "val", Literal("numLit", series[s].Values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))))));
        bar.Add(Val("gapWidth", 60), Val("axId", 1001), Val("axId", 1002));
        return new XElement(Cns + "chartSpace", new XAttribute(XNamespace.Xmlns + "c", Cns), new XAttribute(XNamespace.Xmlns + "a", Ans),
            new XElement(Cns + "chart",
                new XElement(Cns + "title", new XElement(Cns + "tx", new XElement(Cns + "rich", new XElement(Ans + "bodyPr"),
                    new XElement(Ans + "p", new XElement(Ans + "r", new XElement(Ans + "rPr", new XAttribute("sz", 1200), new XAttribute("b", 1)), new XElement(Ans + "t", title))))), Val("overlay", 0)),
                Val("autoTitleDeleted", 0),
                new XElement(Cns + "plotArea", new XElement(Cns + "layout"), bar,
                    new XElement(Cns + "catAx", Val("axId", 1001), new XElement(Cns + "scaling", Val("orientation", "maxMin")), Val("delete", 0),
                        Val("axPos", "l"), Val("tickLblPos", "nextTo"), Val("crossAx", 1002), Val("crosses", "autoZero"), Val("auto", 1), Val("lblAlgn", "ctr"), Val("lblOffset", 100)),
                    new XElement(Cns + "valAx", Val("axId", 1002), new XElement(Cns + "scaling", Val("orientation", "minMax")), Val("delete", 0),
                        Val("axPos", "b"), new XElement(Cns + "majorGridlines"), Val("tickLblPos", "nextTo"), Val("crossAx", 1001), Val("crosses", "autoZero"), Val("crossBetween", "between"))),
                new XElement(Cns + "legend", Val("legendPos", "b"), Val("overlay", 0)),
                Val("plotVisOnly", 1)));
    }
}
