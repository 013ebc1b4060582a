using System.Text;

namespace Synthesis.Ingest.Import;

/// <summary>One record of a source file, before mapping: field name to raw value.</summary>
/// <param name="Row">1-based record number among the data records (a CSV header is not counted).</param>
/// <param name="Line">1-based line where the record starts in the file (equals Row + 1 for simple CSV).</param>
public sealed record SourceRecord(int Row, int Line, IReadOnlyDictionary<string, string?> Fields);

/// <summary>Either a record or the reason a part of the file could not be read as one.</summary>
public readonly record struct RecordOrError(SourceRecord? Record, int Row, int Line, string? Error);

/// <summary>
/// RFC 4180 CSV with what real exports add: the delimiter sniffed from the header (comma, semicolon, tab,
/// pipe), quoted fields spanning lines, doubled quotes, CRLF or LF, and a blank last line.
/// </summary>
public static class CsvRecords
{
    public static char SniffDelimiter(string text)
    {
        // Count candidates on the header line, outside quotes.
        var counts = new Dictionary<char, int> { [','] = 0, [';'] = 0, ['\t'] = 0, ['|'] = 0 };
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && (c == '\n' || c == '\r')) break;
            else if (!quoted && counts.ContainsKey(c)) counts[c]++;
        }
        var best = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => ",;\t|".IndexOf(kv.Key)).First();
        return best.Value > 0 ? best.Key : ',';
    }

    public static IEnumerable<RecordOrError> Read(string text, char? delimiter = null)
    {
        var sep = delimiter ?? SniffDelimiter(text);
        using var rows = Rows(text, sep).GetEnumerator();
        if (!rows.MoveNext())
        {
            yield return new RecordOrError(null, 0, 1, "the file has no header line");
            yield break;
        }
        var header = rows.Current;
        if (header.Error is not null)
        {
            yield return new RecordOrError(null, 0, header.Line, header.Error);
            yield break;
        }
        var names = UniqueNames(header.Fields!);
        var row = 0;
        while (rows.MoveNext())
        {
            var r = rows.Current;
            row++;
            if (r.Error is not null)
            {
                yield return new RecordOrError(null, row, r.Line, r.Error);
                continue;
            }
            var fields = r.Fields!;
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                row--; // a blank line is not a record
                continue;
            }
            if (fields.Count > names.Length && fields.Skip(names.Length).Any(f => f.Length > 0))
            {
                yield return new RecordOrError(null, row, r.Line,
                    $"this record has {fields.Count} fields but the header has {names.Length}: check the delimiter ('{Show(sep)}') and that fields containing it are quoted");
                continue;
            }
            var map = new Dictionary<string, string?>(names.Length, StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < names.Length; i++) map[names[i]] = i < fields.Count ? fields[i] : null;
            yield return new RecordOrError(new SourceRecord(row, r.Line, map), row, r.Line, null);
        }
    }

    static string Show(char c) => c == '\t' ? "\\t" : c.ToString();

    static string[] UniqueNames(List<string> header)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new string[header.Count];
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            if (name.Length == 0) name = $"column{i + 1}";
            var unique = name;
            for (var n = 2; !seen.Add(unique); n++) unique = $"{name}_{n}";
            names[i] = unique;
        }
        return names;
    }

    readonly record struct RawRow(List<string>? Fields, int Line, string? Error);

    static IEnumerable<RawRow> Rows(string text, char sep)
    {
        var i = 0;
        var line = 1;
        var field = new StringBuilder();
        while (i < text.Length)
        {
            var startLine = line;
            var recordStart = i;
            var fields = new List<string>();
            string? error = null;
            while (true)
            {
                field.Clear();
                if (i < text.Length && text[i] == '"')
                {
                    var openedAt = line;
                    i++;
                    var closed = false;
                    while (i < text.Length)
                    {
                        var c = text[i];
                        if (c == '"')
                        {
                            if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                            i++;
                            closed = true;
                            break;
                        }
                        if (c == '\n') line++;
                        field.Append(c);
                        i++;
                    }
                    if (!closed)
                    {
                        error = $"a quoted field opened on line {openedAt} never closes: a double quote inside a field must be doubled (\"\")";
                        break;
                    }
                    // Tolerate text after the closing quote ("abc"def) by keeping it, as spreadsheets do.
                    while (i < text.Length && text[i] != sep && text[i] != '\n' && text[i] != '\r') field.Append(text[i++]);
                }
                else
                {
                    while (i < text.Length && text[i] != sep && text[i] != '\n' && text[i] != '\r') field.Append(text[i++]);
                }
                fields.Add(field.ToString());
                if (i >= text.Length) break;
                if (text[i] == sep) { i++; continue; }
                // End of record.
                if (text[i] == '\r') i++;
                if (i < text.Length && text[i] == '\n') i++;
                line++;
                break;
            }
            if (error is not null)
            {
                yield return new RawRow(null, startLine, error);
                // Resynchronise on the next physical line so that one stray quote costs one record, not the file.
                var next = text.IndexOf('\n', recordStart);
                if (next < 0) yield break;
                i = next + 1;
                line = startLine + 1;
                continue;
            }
            yield return new RawRow(fields, startLine, null);
        }
    }
}
