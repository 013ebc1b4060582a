using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Synthesis.Ingest.Import;
using Synthesis.Nlp.Embeddings;

namespace Synthesis.Ingest.Models;

/// <summary>
/// The French texts of the repository's eval-data that the built-in embedding model is trained on, read with the
/// importer's own CSV reader (<see cref="CsvRecords"/>), and the training that <c>synthesis models train</c> runs. Nlp
/// trains from the texts it is given and reads no corpus file itself.
/// </summary>
public static class TrainingCorpus
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

    /// <summary>The non-empty values of one column of a comma-separated file with a header line, in file order.</summary>
    public static IEnumerable<string> ReadCsvColumn(string path, string column)
    {
        foreach (var r in CsvRecords.Read(File.ReadAllText(path, Encoding.UTF8), ','))
        {
            if (r.Error is not null) throw new InvalidDataException($"{path}, line {r.Line}: {r.Error}");
            if (!r.Record!.Fields.TryGetValue(column, out var value)) throw new InvalidDataException($"{path} has no column {column}");
            if (value is { Length: > 0 }) yield return value;
        }
    }

    /// <summary>
    /// Trains the built-in model from the repository's eval-data: Make.org proposals and Grand Débat answers as domain
    /// texts (plus <paramref name="extraTexts"/>, e.g. a consultation's own contributions), the legal-codes sample as
    /// background French. models/builtin-fr/README.md has the command.
    /// </summary>
    public static BuiltinFrenchModel TrainBuiltin(string repoRoot, IEnumerable<string>? extraTexts = null,
        BuiltinTrainingOptions? options = null, Action<string>? log = null)
    {
        var domain = LoadDomainTexts(repoRoot);
        if (extraTexts is not null) domain = [.. domain, .. extraTexts];
        var o = (options ?? new BuiltinTrainingOptions()) with { BackgroundTexts = LoadBackgroundTexts(repoRoot) };
        return BuiltinFrenchModel.Train(domain, o, log);
    }
}
