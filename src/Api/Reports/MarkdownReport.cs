using System.Text;

namespace Synthesis.Api.Reports;

/// <summary>The report (<see cref="ReportDocument"/>) as Markdown; charts are left out, their figures being in the text.</summary>
public static class MarkdownReport
{
    public static string Write(ReportContent r)
    {
        var md = new StringBuilder();
        ReportBlock? previous = null;
        var blocks = ReportDocument.Build(r);
        foreach (var block in blocks)
        {
            switch (block)
            {
                case HeadingBlock { Level: 3 } h:
                    md.AppendLine().AppendLine($"**{Escape(h.Text)}**");
                    break;
                case HeadingBlock h:
                    md.AppendLine().AppendLine($"{new string('#', h.Level + 1)} {Escape(h.Text)}");
                    break;
                case ParagraphBlock p:
                    // a list's items follow each other; anything else is a paragraph of its own
                    if (!(p.Bullet && previous is ParagraphBlock { Bullet: true })) md.AppendLine();
                    md.AppendLine((p.Bullet ? "- " : "") + string.Concat(p.Runs.Select(Run)));
                    break;
                case QuoteBlock q:
                    md.AppendLine().AppendLine($"> « {Escape(q.Text)} » [{q.LinkText}]({q.Url})" + (q.Labels.Length > 0 ? $" — {Escape(q.Labels)}" : ""));
                    break;
                case TableBlock t:
                    md.AppendLine().AppendLine("| " + string.Join(" | ", t.Headers.Select(Escape)) + " |");
                    md.AppendLine("| --- |" + string.Concat(Enumerable.Repeat(" ---: |", t.Headers.Count - 1)));
                    foreach (var row in t.Rows) md.AppendLine("| " + string.Join(" | ", row.Select(Escape)) + " |");
                    break;
                case ContentsBlock:
                    md.AppendLine().AppendLine("**Sommaire**").AppendLine();
                    foreach (var part in blocks.OfType<HeadingBlock>().Where(h => h.Level == 1)) md.AppendLine($"- {Escape(part.Text)}");
                    break;
                case ChartBlock:
                    break;
            }
            previous = block;
        }
        return md.ToString().TrimStart('\n');
    }

    static string Run(ReportRun run) => run switch
    {
        { Url: { } url } => $"[{Escape(run.Text)}]({url})",
        { Bold: true } => $"**{Escape(run.Text.TrimEnd())}**" + (run.Text.EndsWith(' ') ? " " : ""),
        _ => Escape(run.Text),
    };

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
