using System.Globalization;
using CsvHelper;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Synthesis.Api.Apis;

namespace Synthesis.Api.Reports;

/// <summary>What a search found, with what was asked: the query, the filters in French, when, and how many of how many.</summary>
public sealed record SearchExportContent(string Query, IReadOnlyList<string> Filters, string Counts, DateTimeOffset At,
    IReadOnlyList<SearchResult> Results, string LinkBase)
{
    public string Link(long contributionId, long? passageId = null) => ReportContent.ContributionLink(LinkBase, contributionId, passageId);
}

/// <summary>
/// A search's results as a writer takes them away: a spreadsheet (French CSV: « ; », UTF-8 with a byte-order mark,
/// formula cells neutralised, the query and filters on the first lines) or a Word document listing each passage with
/// its source. Both state the selection, so that a quote can be traced to the search that found it, and how sure the
/// machine is of each label (the probability in the spreadsheet, « incertain » in the document, as on the web app).
/// </summary>
public static class SearchExport
{
    static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    static readonly string[] Header =
        ["rang", "passage", "contribution", "lien", "question", "certitude question", "ton", "certitude ton", "profil", "quartier", "canal", "source", "date", CsvReport.StartHeader, "titre", "texte"];

    public static byte[] Csv(SearchExportContent e)
    {
        using var text = new StringWriter(French);
        using (var csv = new CsvWriter(text, CsvReport.Configuration()))
        {
            CsvReport.Row(csv, "Recherche", $"« {e.Query} »");
            CsvReport.Row(csv, "Filtres", e.Filters.Count == 0 ? "aucun" : string.Join(" · ", e.Filters));
            CsvReport.Row(csv, "Résultats", e.Counts);
            CsvReport.Row(csv, "Exporté le", FrenchLabels.Moment(e.At));
            csv.NextRecord();
            CsvReport.Row(csv, Header);
            var rank = 0;
            foreach (var r in e.Results)
                CsvReport.Row(csv, (++rank).ToString(French), r.PassageId.ToString(French), r.ContributionId.ToString(French), e.Link(r.ContributionId, r.PassageId),
                    r.Question is { } q ? CsvReport.Question(q) : "", CsvReport.Certainty(r.QuestionConfidence),
                    r.Sentiment is { } s ? FrenchLabels.Sentiment(DomainNames.Name(s)) : "", CsvReport.Certainty(r.ToneConfidence),
                    FrenchLabels.Profile(DomainNames.Name(r.Profile)), r.Neighbourhood ?? "", FrenchLabels.Channel(DomainNames.Name(r.Channel)),
                    FrenchLabels.Source(DomainNames.Name(r.Source)), r.Date?.ToString("dd/MM/yyyy", French) ?? "",
                    r.StartMs is { } ms ? (ms / 1000.0).ToString("0.0", French) : "", r.Title ?? "", r.Text);
        }
        return [.. System.Text.Encoding.UTF8.GetPreamble(), .. System.Text.Encoding.UTF8.GetBytes(text.ToString())];
    }

    public static byte[] Docx(SearchExportContent e)
    {
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.Document = new Document(new Body());
            DocxReport.AddStyles(main);
            var body = main.Document.Body!;
            body.Append(DocxReport.Para("Title", $"Recherche : « {e.Query} »"));
            body.Append(DocxReport.Para(null, "Filtres : " + (e.Filters.Count == 0 ? "aucun" : string.Join(" · ", e.Filters)) + "."));
            body.Append(DocxReport.Para(null, $"{e.Counts}. Exporté le {FrenchLabels.Moment(e.At)}."));
            var rank = 0;
            foreach (var r in e.Results)
            {
                var facets = new List<string>();
                if (r.Question is { } q) facets.Add(FrenchLabels.QuestionShort(DomainNames.Name(q)) + (r.QuestionUncertain ? " (incertain)" : ""));
                if (r.Sentiment is { } s) facets.Add("ton " + FrenchLabels.Sentiment(DomainNames.Name(s)) + (r.ToneUncertain ? " (incertain)" : ""));
                facets.Add(FrenchLabels.Profile(DomainNames.Name(r.Profile)));
                facets.Add(FrenchLabels.Channel(DomainNames.Name(r.Channel)));
                if (r.Neighbourhood is { } n) facets.Add(n);
                if (r.Date is { } d) facets.Add(FrenchLabels.ShortDay(d));
                body.Append(DocxReport.Para("Heading3", $"{++rank}. " + (r.Title is { } title ? $"« {title} »" : $"Contribution {r.ContributionId}")));
                var quote = DocxReport.Para("Quote", $"« {r.Text} » ");
                var time = r.StartMs is { } ms ? $" à {TimeSpan.FromMilliseconds(ms):h\\:mm\\:ss}" : "";
                quote.Append(DocxReport.Link(main, e.Link(r.ContributionId, r.PassageId), $"contribution {r.ContributionId}{time}"));
                body.Append(quote);
                body.Append(DocxReport.Para(null, string.Join(" · ", facets)));
            }
            main.Document.Save();
        }
        return stream.ToArray();
    }
}
