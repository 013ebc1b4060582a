using System.Collections.Frozen;
using Microsoft.Data.Sqlite;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Ingest.Import;

public sealed record ImportOptions
{
    public string Consultation { get; init; } = "default";
    /// <summary>A preset name; null detects one from the fields, then falls back to conventional names.</summary>
    public string? Preset { get; init; }
    public IReadOnlyDictionary<Target, string> Fields { get; init; } = new Dictionary<Target, string>();
    public IReadOnlyDictionary<Target, string> Constants { get; init; } = new Dictionary<Target, string>();
    public int MaxTextChars { get; init; } = 1_000_000;
}

public sealed record ImportError(string Source, int? Row, string Reason);

public sealed class ImportReport
{
    public int Files { get; set; }
    public int Imported { get; set; }
    public int Duplicates { get; set; }
    public int Rejected { get; set; }
    public List<ImportError> Errors { get; } = [];
    public List<ImportError> Warnings { get; } = [];
}

/// <summary>
/// Imports a file or a folder into the store: every original file is kept, every record becomes a contribution
/// (or a reported rejection), and every new contribution gets its first pipeline job in the same transaction.
/// </summary>
public sealed class Importer(SynthesisStore store, ImportOptions options)
{
    static readonly FrozenSet<string> Tabular = FrozenSet.ToFrozenSet([".csv", ".tsv", ".json", ".jsonl", ".ndjson"], StringComparer.Ordinal);
    static readonly FrozenSet<string> Documents = FrozenSet.ToFrozenSet([".txt", ".md", ".markdown"], StringComparer.Ordinal);

    public static bool IsSupported(string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        return MediaTypes.KindOf(ext) is not null || Tabular.Contains(ext) || Documents.Contains(ext);
    }

    public ImportReport Import(string path)
    {
        if (options.Preset is not null && ImportPresets.Find(options.Preset) is null)
            throw new ArgumentException($"unknown preset '{options.Preset}': use one of {string.Join(", ", ImportPresets.All.Select(p => p.Name))}");
        var report = new ImportReport();
        var full = Path.GetFullPath(path);
        IEnumerable<string> files;
        string root;
        if (File.Exists(full))
        {
            files = [full];
            root = Path.GetDirectoryName(full)!;
        }
        else if (Directory.Exists(full))
        {
            root = full;
            files = Directory.EnumerateFiles(full, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
                .Where(f => !Path.GetFileName(f).StartsWith('.') && !f.EndsWith(MediaSidecar.Suffix, StringComparison.OrdinalIgnoreCase)
                    && !f.StartsWith(store.DataDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal)) // never import our own store
                .Order(StringComparer.Ordinal);
        }
        else throw new FileNotFoundException($"no such file or folder: {path}");

        using var connection = store.Connect();
        var importId = ImportRows.Start(connection, full);
        foreach (var file in files)
        {
            report.Files++;
            var name = Path.GetRelativePath(root, file);
            var errorsBefore = report.Errors.Count;
            try
            {
                ImportFile(connection, file, name, report);
            }
            catch (Exception e) when (e is ImportException or IOException or UnauthorizedAccessException)
            {
                report.Rejected++;
                report.Errors.Add(new ImportError(name, null, e.Message));
            }
            ImportRows.SaveErrors(connection, importId, report.Errors.Skip(errorsBefore).Select(e => (e.Source, e.Row, e.Reason)));
        }
        ImportRows.Finish(connection, importId, report.Imported, report.Duplicates, report.Rejected);
        return report;
    }

    void ImportFile(SqliteConnection connection, string file, string name, ImportReport report)
    {
        var ext = Path.GetExtension(file).ToLowerInvariant();
        var media = MediaTypes.KindOf(ext);
        if (media is null && !Tabular.Contains(ext) && !Documents.Contains(ext))
            throw new ImportException($"unsupported file type '{ext}': import CSV, TSV, JSON, JSONL, TXT or MD text, or audio, video and image files");
        var info = new FileInfo(file);
        if (info.Length == 0) throw new ImportException("the file is empty: export it again or remove it from the folder");

        var (sha, size) = store.Blobs.Put(file);
        var original = new OriginalFile(sha, name, size);
        if (media is not null)
        {
            ImportMedia(connection, original, media.Value, MediaSidecar.Read(file), report);
            return;
        }
        var (text, _) = SourceText.Decode(File.ReadAllBytes(file));
        if (Documents.Contains(ext))
        {
            ImportDocument(connection, original, text, report);
            return;
        }
        var records = ext switch
        {
            ".json" => JsonRecords.ReadArray(text),
            ".jsonl" or ".ndjson" => JsonRecords.ReadLines(text),
            ".tsv" => CsvRecords.Read(text, '\t'),
            _ => CsvRecords.Read(text),
        };
        ImportRecords(connection, original, records, report);
    }

    void ImportRecords(SqliteConnection connection, OriginalFile original, IEnumerable<RecordOrError> records, ImportReport report)
    {
        ContributionMapper? mapper = null;
        using var tx = connection.BeginTransaction(deferred: false);
        ImportRows.RecordBlob(connection, tx, original, "text/plain");
        using var insert = new ContributionInsert(connection, tx);
        var any = false;
        foreach (var item in records)
        {
            any = true;
            if (item.Record is null)
            {
                report.Rejected++;
                report.Errors.Add(new ImportError(original.Name, item.Row == 0 ? null : item.Row, WithLine(item.Error!, item.Line)));
                continue;
            }
            mapper ??= MapperFor(item.Record, original.Name);
            var (contribution, error, warning) = mapper.Map(item.Record, original with { Row = item.Row });
            if (contribution is null)
            {
                report.Rejected++;
                report.Errors.Add(new ImportError(original.Name, item.Row, WithLine(error!, item.Line)));
                continue;
            }
            if (warning is not null) report.Warnings.Add(new ImportError(original.Name, item.Row, warning));
            if (insert.TryAdd(contribution)) report.Imported++;
            else report.Duplicates++;
        }
        if (!any)
        {
            report.Rejected++;
            report.Errors.Add(new ImportError(original.Name, null, "the file holds no records"));
        }
        tx.Commit();
    }

    static string WithLine(string reason, int line) =>
        line > 0 && !reason.Contains("line ", StringComparison.Ordinal) ? $"{reason} (line {line})" : reason;

    ContributionMapper MapperFor(SourceRecord first, string sourceName)
    {
        var fields = first.Fields.Keys.ToList();
        var preset = options.Preset is not null ? ImportPresets.Find(options.Preset) : ImportPresets.Detect(fields);
        var mapping = (preset?.Mapping ?? FieldMapping.Empty).With(options.Fields, options.Constants).ResolveFor(fields);
        return new ContributionMapper(mapping, options.Consultation, sourceName, options.MaxTextChars);
    }

    void ImportDocument(SqliteConnection connection, OriginalFile original, string text, ImportReport report)
    {
        // A Markdown heading on the first line is the title; otherwise the file name stands for it.
        var body = text.Replace("\r\n", "\n").Trim();
        string? title = Path.GetFileNameWithoutExtension(original.Name);
        if (body.StartsWith("# ", StringComparison.Ordinal))
        {
            var end = body.IndexOf('\n');
            title = (end < 0 ? body[2..] : body[2..end]).Trim();
            body = end < 0 ? "" : body[(end + 1)..].Trim();
        }
        var record = new SourceRecord(1, 1, new Dictionary<string, string?> { ["text"] = body, ["title"] = title, ["ref"] = original.Name });
        var mapper = new ContributionMapper(FieldMapping.Empty.With(options.Fields, options.Constants).ResolveFor(["text", "title", "ref"]),
            options.Consultation, original.Name, options.MaxTextChars);
        var (contribution, error, _) = mapper.Map(record, original);
        using var tx = connection.BeginTransaction(deferred: false);
        ImportRows.RecordBlob(connection, tx, original, "text/plain");
        if (contribution is null)
        {
            report.Rejected++;
            report.Errors.Add(new ImportError(original.Name, null, error!));
        }
        else
        {
            using var insert = new ContributionInsert(connection, tx);
            if (insert.TryAdd(contribution)) report.Imported++;
            else report.Duplicates++;
        }
        tx.Commit();
    }

    void ImportMedia(SqliteConnection connection, OriginalFile original, MediaKind media, IReadOnlyDictionary<string, string?> sidecar, ImportReport report)
    {
        // What a field team knows of a recording comes from --set, overridden by the file's own sidecar.
        string? Field(Target target, string name) => sidecar.GetValueOrDefault(name) ?? options.Constants.GetValueOrDefault(target);
        T Parse<T>(Target target, string name, T fallback) where T : struct, Enum
        {
            var raw = Field(target, name);
            if (raw is null) return fallback;
            if (DomainNames.TryParse<T>(raw, out var value)) return value;
            report.Warnings.Add(new ImportError(original.Name, null, $"'{raw}' is not a known {name} ({string.Join(", ", DomainNames.All<T>())}); kept as {DomainNames.Name(fallback)}"));
            return fallback;
        }
        DateTimeOffset? date = null;
        if (Field(Target.Date, "date") is { } rawDate)
        {
            if (ContributionMapper.TryParseDate(rawDate, out var parsed)) date = parsed;
            else report.Warnings.Add(new ImportError(original.Name, null, $"'{rawDate}' is not a date (expected e.g. 2022-03-14); kept without a date"));
        }
        var contribution = new Contribution(0, options.Consultation, original.Name,
            Parse(Target.Channel, "channel", Channel.Other), Parse(Target.AuthorKind, "author_kind", AuthorKind.Unknown),
            Parse(Target.Profile, "profile", ParticipantProfile.Unknown), Field(Target.Neighbourhood, "neighbourhood"), date,
            Field(Target.Title, "title") ?? Path.GetFileNameWithoutExtension(original.Name), "", Field(Target.Language, "language") ?? "fr",
            media, original, Field(Target.Publishable, "publishable")?.Trim().ToLowerInvariant() is "true" or "1" or "oui" or "yes",
            original.Sha256);
        using var tx = connection.BeginTransaction(deferred: false);
        ImportRows.RecordBlob(connection, tx, original, DomainNames.Name(media));
        using var insert = new ContributionInsert(connection, tx);
        if (insert.TryAdd(contribution)) report.Imported++;
        else report.Duplicates++;
        tx.Commit();
    }
}
