using Microsoft.AspNetCore.Http;
using Synthesis.Ingest;
using Synthesis.Ingest.Import;

namespace Synthesis.Api.Apis;

/// <summary>
/// Files sent from a browser or an API client, imported as `synthesis import` would: the API's upload and the web
/// app's import page both go through here.
/// </summary>
public static class UploadImport
{
    /// <summary>
    /// Writes the files into a fresh folder inside the data folder, imports them file by file (the importer never
    /// takes a folder inside the data folder as new input) and removes the folder; the originals stay in the store by
    /// their hash. Two files of the same name in one upload are both kept.
    /// </summary>
    public static Task<ImportReport> ImportAsync(SynthesisStore store, IEnumerable<IFormFile> files, CancellationToken cancel) =>
        ImportAsync(store, async folder =>
        {
            foreach (var file in files)
            {
                var path = Path.Combine(folder, ContributionsApi.SafeName(file.FileName));
                if (File.Exists(path)) path = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(path)}-{Guid.NewGuid():N}{Path.GetExtension(path)}");
                await using var output = File.Create(path);
                await file.CopyToAsync(output, cancel);
            }
        });

    /// <summary>What <paramref name="write"/> puts in a fresh folder of the data folder, imported and then removed.</summary>
    public static async Task<ImportReport> ImportAsync(SynthesisStore store, Func<string, Task> write)
    {
        var folder = Path.Combine(store.DataDirectory, "uploads", $"{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            await write(folder);
            var importer = new Importer(store, new ImportOptions());
            var report = new ImportReport();
            foreach (var path in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
            {
                var one = importer.Import(path);
                report.Files += one.Files;
                report.Imported += one.Imported;
                report.Duplicates += one.Duplicates;
                report.Rejected += one.Rejected;
                report.Errors.AddRange(one.Errors);
                report.Warnings.AddRange(one.Warnings);
            }
            return report;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
