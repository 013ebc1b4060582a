using System.Globalization;
using System.Text;
using Synthesis.Api.Analysis;

namespace Synthesis.Api.Reports;

/// <summary>The report as Markdown: diagnosis by question, then each theme with its cited summary and quotes.</summary>
public static class MarkdownReport
{
    static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static string Write(ReportContent r)
    {
        var md = new StringBuilder();
        md.AppendLine("# Synthèse de la concertation").AppendLine();
        md.AppendLine(string.Create(French, $"Rapport généré le {r.GeneratedAt:d MMMM yyyy à HH:mm} à partir de {r.Contributions:N0} contributions ({r.Passages:N0} passages)."));
        if (r.Selection.Question is { } q) md.AppendLine().AppendLine($"Sélection : question « {FrenchLabels.Question(DomainNames.Name(q))} ».");
        md.AppendLine().AppendLine("## Qui a contribué").AppendLine();
        md.AppendLine("| Canal | Contributions |").AppendLine("| --- | ---: |");
        foreach (var (channel, n) in r.Channels) md.AppendLine(string.Create(French, $"| {FrenchLabels.Channel(channel)} | {n:N0} |"));
        md.AppendLine().AppendLine("| Profil | Contributions |").AppendLine("| --- | ---: |");
        foreach (var (profile, n) in r.Profiles) md.AppendLine(string.Create(French, $"| {FrenchLabels.Profile(profile)} | {n:N0} |"));

        md.AppendLine().AppendLine("## Diagnostic par question");
        foreach (var question in r.Questions)
        {
            md.AppendLine().AppendLine(string.Create(French, $"### {FrenchLabels.Question(question.Question)} ({question.Count:N0} passages)")).AppendLine();
            foreach (var t in question.LeadingTopics) md.AppendLine(string.Create(French, $"- {Escape(t.Label)} : {t.Count:N0} passages"));
            foreach (var p in question.Quotes) md.AppendLine().Append(Quote(r, p));
        }

        md.AppendLine().AppendLine("## Thèmes");
        foreach (var theme in r.Themes)
        {
            var t = theme.Topic;
            md.AppendLine().AppendLine(string.Create(French, $"### {Escape(t.Label)} ({t.Size:N0} passages)")).AppendLine();
            md.AppendLine(string.Create(French,
                $"Problèmes {t.Questions.GetValueOrDefault("problem"):N0} · engagement {t.Questions.GetValueOrDefault("engagement"):N0} · solutions {t.Questions.GetValueOrDefault("solution"):N0} · " +
                $"ton négatif {t.Sentiments.GetValueOrDefault("negative"):N0}, neutre {t.Sentiments.GetValueOrDefault("neutral"):N0}, positif {t.Sentiments.GetValueOrDefault("positive"):N0}"));
            if (t.Children.Count > 0)
                md.AppendLine().AppendLine("Sous-thèmes : " + string.Join(" ; ", t.Children.Select(ch => string.Create(French, $"{Escape(ch.Label)} ({ch.Size:N0})"))) + ".");
            if (theme.Overview is { Sentences.Count: > 0 } overview)
            {
                md.AppendLine().AppendLine("**En bref**").AppendLine();
                foreach (var s in overview.Sentences.Where(s => s.Supported))
                    md.AppendLine($"- {Escape(s.Text)} {string.Join(" ", s.Citations.Select(p => $"[[P{p.Id}]]({r.Link(p.ContributionId)})"))}");
            }
            if (theme.Summary is { } summary)
            {
                md.AppendLine().AppendLine("**Synthèse**").AppendLine();
                foreach (var s in summary.Sentences.Where(s => s.Supported))
                    md.AppendLine($"- {Escape(s.Text)} {string.Join(" ", s.Citations.Select(p => $"[[P{p.Id}]]({r.Link(p.ContributionId)})"))}");
            }
            if (theme.Quotes.Count > 0)
            {
                md.AppendLine().AppendLine("**Citations**");
                foreach (var p in theme.Quotes) md.AppendLine().Append(Quote(r, p));
            }
        }
        if (r.Reliability is { } reliability)
        {
            md.AppendLine().AppendLine("## Fiabilité de l'analyse automatique");
            foreach (var line in reliability.Paragraphs()) md.AppendLine().AppendLine(Escape(line));
        }
        return md.ToString();
    }

    static string Quote(ReportContent r, PassageView p) =>
        $"> « {Escape(p.Text)} » [contribution {p.ContributionId}]({r.Link(p.ContributionId)}){Time(p)}\n";

    public static string Time(PassageView p) => p.StartMs is { } ms ? $" à {TimeSpan.FromMilliseconds(ms):h\\:mm\\:ss}" : "";

    /// <summary>Citizens' words are text, never markup: Markdown and HTML characters are escaped.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (var ch in text.ReplaceLineEndings(" "))
        {
            if (ch is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '|' or '!') sb.Append('\\');
            sb.Append(ch);
        }
        return sb.ToString();
    }
}
