using System.Collections.Frozen;
using System.Data.Common;
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
            files = FilesOnce(full, report)
                .Where(f => !Path.GetFileName(f).StartsWith('.') && !f.EndsWith(MediaSidecar.Suffix, StringComparison.OrdinalIgnoreCase)
                    && !f.StartsWith(store.DataDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal)) // never import our own store
                .Order(StringComparer.Ordinal).ToList();
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

    /// <summary>
    /// The files under a folder, each real directory walked once: a link to a folder is followed to where it really
    /// leads, and a folder reached a second time (a loop such as <c>self -> ..</c>, or two links to one place) is
    /// reported once as a warning and not walked again. Hidden folders are skipped.
    /// </summary>
    static IEnumerable<string> FilesOnce(string root, ImportReport report)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<(string Path, string Real)>();
        pending.Push((root, RealPath(new DirectoryInfo(root))));
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = 0 };
        var files = new List<string>();
        while (pending.Count > 0)
        {
            var (path, real) = pending.Pop();
            if (!seen.Add(real))
            {
                var within = Path.GetRelativePath(root, real);
                var where = within.StartsWith("..", StringComparison.Ordinal) ? real : within == "." ? "the imported folder itself" : within;
                report.Warnings.Add(new ImportError(Path.GetRelativePath(root, path), null, $"a link to a folder already imported ({where}): not followed again"));
                continue;
            }
            files.AddRange(Directory.EnumerateFiles(path, "*", options));
            // pushed in reverse name order, walked in name order: which of two links to one folder is followed is stable
            foreach (var dir in new DirectoryInfo(path).EnumerateDirectories("*", options).OrderByDescending(d => d.Name, StringComparer.Ordinal))
            {
                if (dir.Name.StartsWith('.')) continue;
                pending.Push((dir.FullName, dir.LinkTarget is null ? Path.Combine(real, dir.Name) : RealPath(dir)));
            }
        }
        return files;
    }

    /// <summary>Where a folder really is, every link on its path resolved (the folder itself when a link is broken).</summary>
    static string RealPath(DirectoryInfo dir)
    {
        if (!OperatingSystem.IsWindows())
        {
            var resolved = RealPathNative(dir.FullName, IntPtr.Zero);
            if (resolved != IntPtr.Zero)
            {
                try { return System.Runtime.InteropServices.Marshal.PtrToStringUTF8(resolved)!; }
                finally { System.Runtime.InteropServices.Marshal.FreeHGlobal(resolved); }
            }
        }
        try
        {
            if (dir.LinkTarget is null) return dir.FullName.TrimEnd(Path.DirectorySeparatorChar);
            var target = dir.ResolveLinkTarget(returnFinalTarget: true);
            return target is null ? dir.FullName : RealPath(new DirectoryInfo(target.FullName));
        }
        catch (IOException)
        {
            return dir.FullName; // a link loop the system refuses to resolve: seen once, like any folder
        }
    }

    /// <summary>POSIX realpath(3): the canonical path, allocated with malloc (freed with free, which FreeHGlobal is on Unix).</summary>
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "realpath", CharSet = System.Runtime.InteropServices.CharSet.Ansi)]
    static extern IntPtr RealPathNative(string path, IntPtr resolved);

    void ImportFile(DbConnection connection, string file, string name, ImportReport report)
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
        var decoded = SourceText.Decode(File.ReadAllBytes(file));
        var text = decoded.Text;
        if (Documents.Contains(ext))
        {
            if (decoded.Problems.FirstOrDefault(p => p.Nul) is { } nul) throw new ImportException(nul.Describe());
            report.Warnings.AddRange(decoded.Problems.Select(p => new ImportError(name, null, p.Describe())));
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
        ImportRecords(connection, original, decoded.Problems.Count == 0 ? records : WithProblems(records, decoded.Problems, name, report), report);
    }

    /// <summary>
    /// Gives each record the damaged spots of its lines (from its first line to the line before the next record's):
    /// a NUL byte rejects the record, an invalid UTF-8 sequence (kept as U+FFFD) is a warning with its row. Spots the
    /// records cannot be told from (a JSON array read as one) are warnings on the file.
    /// </summary>
    static IEnumerable<RecordOrError> WithProblems(IEnumerable<RecordOrError> records, IReadOnlyList<ByteProblem> problems, string name, ImportReport report)
    {
        var next = 0;
        RecordOrError? pending = null;
        IEnumerable<RecordOrError> Flush(RecordOrError item, int endLine)
        {
            var mine = new List<ByteProblem>();
            while (next < problems.Count && problems[next].Line <= endLine)
            {
                if (problems[next].Line >= item.Line) mine.Add(problems[next]);
                else report.Warnings.Add(new ImportError(name, null, problems[next].Describe()));
                next++;
            }
            if (mine.FirstOrDefault(p => p.Nul) is { } nul && item.Record is not null)
                yield return new RecordOrError(null, item.Row, item.Line, nul.Describe());
            else
            {
                foreach (var p in mine) report.Warnings.Add(new ImportError(name, item.Row == 0 ? null : item.Row, p.Describe()));
                yield return item;
            }
        }
        foreach (var item in records)
        {
            if (item.Line <= 0)
            {
                yield return item;
                continue;
            }
            if (pending is { } previous)
                foreach (var r in Flush(previous, item.Line - 1)) yield return r;
            pending = item;
        }
        if (pending is { } last)
            foreach (var r in Flush(last, int.MaxValue)) yield return r;
        for (; next < problems.Count; next++) report.Warnings.Add(new ImportError(name, null, problems[next].Describe()));
    }

    void ImportRecords(DbConnection connection, OriginalFile original, IEnumerable<RecordOrError> records, ImportReport report)
    {
        ContributionMapper? mapper = null;
        using var tx = connection.BeginWrite();
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
                report.Errors.Add(new ImportError(original.Name, item.Row, WithLine((IsCsv(original.Name) ? DelimiterHint(item.Record) : null) ?? error!, item.Line)));
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

    /// <summary>
    /// Why a row read as one field when the header has several, when that is the likely cause of its rejection: the
    /// row uses another delimiter than the header ("field 'texte' is empty" would hide it).
    /// </summary>
    static bool IsCsv(string name) => Path.GetExtension(name).ToLowerInvariant() is ".csv" or ".tsv";

    static string? DelimiterHint(SourceRecord record)
    {
        if (record.Fields.Count < 2 || record.Fields.Values.Skip(1).Any(v => v is not null) || record.Fields.Values.First() is not { } only) return null;
        var other = ",;\t|".FirstOrDefault(only.Contains);
        return other == default ? null
            : $"this row has 1 field where the header has {record.Fields.Count}: it seems separated by '{(other == '\t' ? "\\t" : other)}', unlike the header; use one delimiter throughout the file";
    }

    static string WithLine(string reason, int line) =>
        line > 0 && !reason.Contains("line ", StringComparison.Ordinal) ? $"{reason} (line {line})" : reason;

    ContributionMapper MapperFor(SourceRecord first, string sourceName)
    {
        var fields = first.Fields.Keys.ToList();
        // a --map naming a column the file lacks is one error for the file, not one per row
        foreach (var (target, column) in options.Fields)
            if (!fields.Contains(column, StringComparer.OrdinalIgnoreCase))
                throw new ImportException($"--map {target.ToString().ToLowerInvariant()}={column}: the file has no column '{column}' (its columns: {string.Join(", ", fields)}); map one of them");
        var preset = options.Preset is not null ? ImportPresets.Find(options.Preset) : ImportPresets.Detect(fields);
        var mapping = (preset?.Mapping ?? FieldMapping.Empty).With(options.Fields, options.Constants).ResolveFor(fields);
        return new ContributionMapper(mapping, options.Consultation, sourceName, options.MaxTextChars);
    }

    void ImportDocument(DbConnection connection, OriginalFile original, string text, ImportReport report)
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
        using var tx = connection.BeginWrite();
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

    void ImportMedia(DbConnection connection, OriginalFile original, MediaKind media, IReadOnlyDictionary<string, string?> sidecar, ImportReport report)
    {
        // What a field team knows of a recording comes from --set, overridden by the file's own sidecar.
        string? Field(Target target, string name) => sidecar.GetValueOrDefault(name) ?? options.Constants.GetValueOrDefault(target);
        T Parse<T>(Target target, string name, T fallback) where T : struct, Enum
        {
            var raw = Field(target, name);
            if (raw is null) return fallback;
            if (FrenchValues.TryParse<T>(raw, out var value)) return value;
            report.Warnings.Add(new ImportError(original.Name, null, FrenchValues.Unknown(raw, name, fallback)));
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
        using var tx = connection.BeginWrite();
        ImportRows.RecordBlob(connection, tx, original, DomainNames.Name(media));
        using var insert = new ContributionInsert(connection, tx);
        if (insert.TryAdd(contribution)) report.Imported++;
        else report.Duplicates++;
        tx.Commit();
    }
}
