using System.Text.RegularExpressions;

namespace Synthesis.Ingest.Import;

/// <summary>
/// A neighbourhood reference table as a city keeps it, one place per row (CSV or TSV, delimiter sniffed, UTF-8 or
/// Windows-1252): a code column (`code`, `code_postal`, `postcode`, `cp`, `iris`, `code_iris`, `rue`, `voie`,
/// `street`) and a name column (`quartier`, `neighbourhood`, `nom`, `name`), with an optional `type` column
/// (`postcode`/`code postal`, `iris`, `street`/`rue`, `name`/`nom`). Without it the kind comes from the code column's
/// name, else from the code's shape (five digits: a postcode; nine: an IRIS code; otherwise a street or a name).
/// </summary>
public static partial class PlacesFile
{
    static readonly string[] CodeColumns = ["code", "code_postal", "postcode", "cp", "iris", "code_iris", "rue", "voie", "street"];
    static readonly string[] NameColumns = ["quartier", "neighbourhood", "nom", "name"];

    public static (List<Place> Places, List<ImportError> Errors) Read(string path)
    {
        var source = Path.GetFileName(path);
        var decoded = SourceText.Decode(File.ReadAllBytes(path));
        var places = new List<Place>();
        var errors = new List<ImportError>();
        string? codeColumn = null, nameColumn = null;
        foreach (var item in CsvRecords.Read(decoded.Text))
        {
            if (item.Record is null)
            {
                errors.Add(new ImportError(source, item.Row == 0 ? null : item.Row, item.Error!));
                continue;
            }
            var fields = item.Record.Fields;
            codeColumn ??= CodeColumns.FirstOrDefault(c => fields.ContainsKey(c))
                ?? throw new ImportException($"{source}: no code column: name one of {string.Join(", ", CodeColumns)} (columns: {string.Join(", ", fields.Keys)})");
            nameColumn ??= NameColumns.FirstOrDefault(c => fields.ContainsKey(c))
                ?? throw new ImportException($"{source}: no neighbourhood name column: name one of {string.Join(", ", NameColumns)} (columns: {string.Join(", ", fields.Keys)})");
            var code = fields.GetValueOrDefault(codeColumn)?.Trim();
            var name = fields.GetValueOrDefault(nameColumn)?.Trim();
            if (string.IsNullOrEmpty(code) || string.IsNullOrEmpty(name))
            {
                errors.Add(new ImportError(source, item.Row, $"the {(string.IsNullOrEmpty(code) ? $"code ('{codeColumn}')" : $"name ('{nameColumn}')")} is empty: fill it or remove the row"));
                continue;
            }
            var kind = Kind(fields.GetValueOrDefault("type"), codeColumn, code);
            if (kind is null)
            {
                errors.Add(new ImportError(source, item.Row, $"type '{fields["type"]}' is not postcode, iris, street or name"));
                continue;
            }
            places.Add(new Place(code, name, kind));
        }
        return (places, errors);
    }

    static string? Kind(string? type, string codeColumn, string code) => type?.Trim().ToLowerInvariant() switch
    {
        "postcode" or "code postal" or "code_postal" or "cp" => "postcode",
        "iris" => "iris",
        "street" or "rue" or "voie" => "street",
        "name" or "nom" or "quartier" => "name",
        null or "" => codeColumn switch
        {
            "code_postal" or "postcode" or "cp" => "postcode",
            "iris" or "code_iris" => "iris",
            "rue" or "voie" or "street" => "street",
            _ => Postcode().IsMatch(code) ? "postcode" : Iris().IsMatch(code) ? "iris" : "street",
        },
        _ => null,
    };

    [GeneratedRegex(@"^\d{5}$")]
    private static partial Regex Postcode();

    [GeneratedRegex(@"^\d{9}$|^2[AB]\d{7}$")]
    private static partial Regex Iris();
}
