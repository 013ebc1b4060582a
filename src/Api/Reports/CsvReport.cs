using System.Text;
using Microsoft.Data.Sqlite;
using Synthesis.Api.Analysis;

namespace Synthesis.Api.Reports;

/// <summary>
/// One row per passage of the selected themes, with its analysis and a link to its contribution. Cells that a
/// spreadsheet would run as a formula (starting with = + - @, tab or carriage return) are prefixed with an apostrophe.
/// </summary>
public static class CsvReport
{
    static readonly string[] Header =
        ["passage_id", "contribution_id", "lien", "theme", "sous_theme", "question", "sentiment", "profil", "quartier", "canal", "source", "date", "debut_s", "texte"];

    public static string Write(SqliteConnection c, ReportContent r)
    {
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', Header));
        var question = r.Selection.Question is { } q ? DomainNames.Name(q) : null;
        foreach (var theme in r.Themes)
        {
            var labels = theme.Topic.Children.ToDictionary(ch => ch.Id, ch => ch.Label);
            var passages = ContributionQueries.PassagesOfTopic(c, theme.Topic.Id);
            var meta = ContributionRows.FacetsOf(c, passages.Select(p => p.ContributionId));
            foreach (var p in passages)
            {
                if (question is not null && (p.Question is not { } pq || DomainNames.Name(pq) != question)) continue;
                var m = meta[p.ContributionId];
                Row(csv, p.Id.ToString(), p.ContributionId.ToString(), r.Link(p.ContributionId), theme.Topic.Label,
                    p.TopicId is { } t && labels.TryGetValue(t, out var sub) ? sub : "", p.Question is { } pqq ? DomainNames.Name(pqq) : "",
                    p.Sentiment is { } s ? DomainNames.Name(s) : "", m.Profile, m.Neighbourhood ?? "", m.Channel, DomainNames.Name(p.Source),
                    m.Date ?? "", p.StartMs is { } ms ? (ms / 1000.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "", p.Text);
            }
        }
        return csv.ToString();
    }

    static void Row(StringBuilder csv, params string[] cells) => csv.AppendLine(string.Join(',', cells.Select(Cell)));

    public static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 || value.StartsWith(' ') ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
