using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using System.Data.Common;
using Synthesis.Api.Analysis;

namespace Synthesis.Api.Reports;

/// <summary>
/// One row per passage of the selected themes, with its analysis and a link to its contribution, as French spreadsheets
/// open it: columns and values in French, `;` between cells, decimal commas (the API adds the UTF-8 byte-order mark).
/// Written by CsvHelper; a cell a spreadsheet would run as a formula (starting with = + - @, tab or carriage return)
/// gets an apostrophe in front.
/// </summary>
public static class CsvReport
{
    /// <summary>Where a passage of a recording starts, in seconds.</summary>
    public const string StartHeader = "début dans l'enregistrement (secondes)";

    static readonly string[] Header =
        ["passage", "contribution", "lien", "thème", "sous-thème", "question", "certitude question", "ton", "certitude ton", "profil", "quartier", "canal", "source", "date", StartHeader, "texte"];

    /// <summary>How sure the machine is of a label, as a cell: « 0,92 »; empty for a reviewer's label or the lexicon's.</summary>
    public static string Certainty(double? confidence) => confidence is { } c ? c.ToString("0.00", French) : "";

    static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    internal static CsvConfiguration Configuration() => new(French)
    {
        Delimiter = ";",
        InjectionOptions = InjectionOptions.Escape,
        InjectionEscapeCharacter = '\'',
    };

    /// <summary>A stored date as the search export and French spreadsheets write it: « 24/01/2019 ».</summary>
    static string Day(string? stored) =>
        DateTimeOffset.TryParse(stored, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d.ToString("dd/MM/yyyy", French) : stored ?? "";

    /// <summary>A question type as one cell reads it: the web app's badge (« problèmes », « autres »), so that a filter on the
    /// spreadsheet finds what the pages show.</summary>
    public static string Question(QuestionType q) => FrenchLabels.QuestionShort(DomainNames.Name(q));

    public static string Write(DbConnection c, ReportContent r)
    {
        using var text = new StringWriter(French);
        using var csv = new CsvWriter(text, Configuration());
        foreach (var h in Header) csv.WriteField(h);
        csv.NextRecord();
        foreach (var theme in r.Themes)
        {
            var labels = theme.Topic.Children.ToDictionary(ch => ch.Id, ch => ch.Label);
            var passages = ContributionQueries.PassagesOfTopic(c, theme.Topic.Id);
            var meta = ContributionRows.FacetsOf(c, passages.Select(p => p.ContributionId));
            foreach (var p in passages)
            {
                if (r.Selection.Question is { } selected && p.Question != selected) continue;
                var m = meta[p.ContributionId];
                Row(csv, p.Id.ToString(French), p.ContributionId.ToString(French), r.Link(p.ContributionId, p.Id), theme.Topic.Label,
                    p.TopicId is { } t && labels.TryGetValue(t, out var sub) ? sub : "",
                    p.Question is { } q ? Question(q) : "", Certainty(p.QuestionConfidence),
                    p.Sentiment is { } s ? FrenchLabels.Sentiment(DomainNames.Name(s)) : "", Certainty(p.ToneConfidence),
                    FrenchLabels.Profile(m.Profile), m.Neighbourhood ?? "", FrenchLabels.Channel(m.Channel), FrenchLabels.Source(DomainNames.Name(p.Source)),
                    Day(m.Date), p.StartMs is { } ms ? (ms / 1000.0).ToString("0.0", French) : "", p.Text);
            }
        }
        csv.Flush();
        return text.ToString();
    }

    internal static void Row(CsvWriter csv, params string[] cells)
    {
        foreach (var cell in cells) csv.WriteField(cell);
        csv.NextRecord();
    }

    /// <summary>One line of cells as the report writes them (tests).</summary>
    public static string Line(params string[] cells)
    {
        using var text = new StringWriter(French);
        using (var csv = new CsvWriter(text, Configuration())) Row(csv, cells);
        return text.ToString().TrimEnd('\r', '\n');
    }
}
