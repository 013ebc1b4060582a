using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Synthesis.Nlp.Embeddings;

/// <summary>The French texts of the repository's eval-data that the built-in model is trained on.</summary>
public static class FrenchTrainingCorpus
{
    /// <summary>Make.org proposals (CSV column "proposition").</summary>
    public const string MakeOrgCsv = "eval-data/makeorg/mondedapres_2020_05_28.noauthor.csv";

    /// <summary>Grand Débat answers (JSON field "reponse").</summary>
    public const string GrandDebatJson = "eval-data/granddebat/answers.dev.json";

    /// <summary>A sample of the French legal codes (2011), one article paragraph a line, gzip.</summary>
    public const string LegalCodesSample = "eval-data/legal-codes/codes-sample.txt.gz";

    /// <summary>Citizens' texts: the Make.org proposals, then the Grand Débat answers, in file order.</summary>
    public static List<string> LoadDomainTexts(string repoRoot)
    {
        var texts = new List<string>();
        texts.AddRange(ReadCsvColumn(Path.Combine(repoRoot, MakeOrgCsv), "proposition"));
        using (var json = File.OpenRead(Path.Combine(repoRoot, GrandDebatJson)))
        using (var doc = JsonDocument.Parse(json))
            foreach (var item in doc.RootElement.EnumerateArray())
                if (item.TryGetProperty("reponse", out var r) && r.ValueKind == JsonValueKind.String && r.GetString() is { Length: > 0 } s)
                    texts.Add(s);
        return texts;
    }

    /// <summary>General (formal) French: the legal-codes sample, or nothing when the file is absent.</summary>
    public static List<string> LoadBackgroundTexts(string repoRoot)
    {
        var path = Path.Combine(repoRoot, LegalCodesSample);
        var lines = new List<string>();
        if (!File.Exists(path)) return lines;
        using var file = File.OpenRead(path);
        using var gz = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gz, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) lines.Add(line);
        return lines;
    }

    /// <summary>One column of a comma-separated file with a header line (RFC 4180 quoting, multi-line fields).</summary>
    public static IEnumerable<string> ReadCsvColumn(string path, string column)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var header = ReadRecord(reader) ?? throw new InvalidDataException($"{path} is empty");
        var index = header.FindIndex(h => h.Trim().Trim('\uFEFF') == column);
        if (index < 0) throw new InvalidDataException($"{path} has no column {column}");
        while (ReadRecord(reader) is { } record)
            if (index < record.Count && record[index].Length > 0) yield return record[index];
    }

    static List<string>? ReadRecord(TextReader reader)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        var any = false;
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                if (!any) return null;
                fields.Add(sb.ToString());
                return fields;
            }
            any = true;
            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"') { reader.Read(); sb.Append('"'); }
                    else quoted = false;
                }
                else sb.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { fields.Add(sb.ToString()); sb.Clear(); }
            else if (ch == '\n')
            {
                fields.Add(sb.ToString());
                return fields;
            }
            else if (ch != '\r') sb.Append(ch);
        }
    }
}
