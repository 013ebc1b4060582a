using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Synthesis.Ingest.Models;

/// <summary>One entry of <c>models/manifest.json</c>.</summary>
public sealed record ModelEntry(
    string Name,
    string Kind,
    string File,
    string? Url,
    string? Sha256,
    long? Size,
    string Format,
    string Licence,
    string? Note = null);

/// <summary>
/// The models Synthesis knows (the manifest shipped with it) and the folder where they live
/// (<c>Synthesis:Models</c>, else <c>models/</c> in the data folder). Pulling downloads, verifies and resumes.
/// </summary>
public sealed class ModelCatalog(IReadOnlyList<ModelEntry> entries, string directory, string? source = null)
{
    static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true };

    public IReadOnlyList<ModelEntry> Entries { get; } = entries;
    public string Directory { get; } = directory;

    /// <param name="models">Where the model files are (<c>Synthesis:Models</c>); null: models/ in the data folder.</param>
    /// <param name="source">A mirror serving each file under its name (<c>Synthesis:ModelSource</c>); null: the manifest's addresses.</param>
    public static ModelCatalog Load(string dataDirectory, string? manifestPath = null, string? models = null, string? source = null)
    {
        manifestPath ??= Path.Combine(AppContext.BaseDirectory, "models", "manifest.json");
        var document = JsonSerializer.Deserialize<ManifestFile>(File.ReadAllText(manifestPath), Json)
            ?? throw new InvalidDataException($"{manifestPath} is empty");
        var dir = models is { Length: > 0 } ? models : Path.Combine(dataDirectory, "models");
        return new ModelCatalog(document.Models, Path.GetFullPath(dir), source);
    }

    /// <summary>The catalog as the settings place it: the models folder and the download mirror.</summary>
    public static ModelCatalog For(string dataDirectory, SynthesisOptions settings) =>
        Load(dataDirectory, models: settings.Models, source: settings.ModelSource);

    sealed record ManifestFile([property: JsonPropertyName("models")] List<ModelEntry> Models);

    public ModelEntry? Find(string name) => Entries.FirstOrDefault(e => e.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    public string PathOf(ModelEntry entry) => Path.Combine(Directory, entry.File);

    /// <summary>Where a model is downloaded from: the mirror when one is set, else its publisher's address.</summary>
    public string? UrlOf(ModelEntry entry) =>
        entry.Url is null ? null : source is { Length: > 0 } mirror ? $"{mirror.TrimEnd('/')}/{Uri.EscapeDataString(entry.File)}" : entry.Url;

    /// <summary>A model name from the manifest, or a path to a model file.</summary>
    public string Resolve(string nameOrPath) =>
        Find(nameOrPath) is { } entry ? PathOf(entry) : Path.GetFullPath(nameOrPath);

    public bool IsPresent(ModelEntry entry) => File.Exists(PathOf(entry));

    /// <summary>
    /// Downloads a model into the folder: into <c>FILE.part</c>, resuming from its length with an HTTP range
    /// request; the SHA-256 is checked before the file takes its final name, so a present file is a verified one.
    /// </summary>
    public async Task<string> PullAsync(string name, HttpClient http, IProgress<(long Done, long? Total)>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var entry = Find(name) ?? throw new ArgumentException(
            $"unknown model '{name}': known models are {string.Join(", ", Entries.Where(e => e.Url is not null).Select(e => e.Name))}");
        if (entry.Url is null) throw new ArgumentException($"{entry.Name} cannot be pulled automatically: {entry.Note}");
        var target = PathOf(entry);
        if (File.Exists(target)) return target;
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var part = target + ".part";
        var have = File.Exists(part) ? new FileInfo(part).Length : 0;

        var url = UrlOf(entry)!;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (have > 0) request.Headers.Range = new RangeHeaderValue(have, null);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new ModelDownloadException(
                $"cannot download {entry.Name} from {new Uri(url).Host} ({e.Message}): this machine looks offline. Copy {entry.File} into {Directory} by hand, or retry when online (the download resumes).");
        }
        using (response)
        {
            if (response.StatusCode == System.Net.HttpStatusCode.RequestedRangeNotSatisfiable) have = 0;
            else if (!response.IsSuccessStatusCode)
                throw new ModelDownloadException($"downloading {entry.Name} failed: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            var resumed = response.StatusCode == System.Net.HttpStatusCode.PartialContent;
            var total = response.Content.Headers.ContentLength is { } length ? length + (resumed ? have : 0) : entry.Size;
            await using (var output = new FileStream(part, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write))
            await using (var input = await response.Content.ReadAsStreamAsync(cancellationToken))
            {
                var done = resumed ? have : 0;
                var buffer = new byte[1 << 16];
                int read;
                while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    done += read;
                    progress?.Report((done, total));
                }
            }
        }
        await VerifyAsync(entry, part, cancellationToken);
        File.Move(part, target, overwrite: true);
        return target;
    }

    static async Task VerifyAsync(ModelEntry entry, string path, CancellationToken cancellationToken)
    {
        if (entry.Sha256 is null) return;
        await using var stream = File.OpenRead(path);
        var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
        if (!actual.Equals(entry.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            File.Delete(path);
            throw new ModelDownloadException($"{entry.Name}: SHA-256 {actual} does not match the manifest ({entry.Sha256}); the download was discarded, pull it again");
        }
    }
}

public sealed class ModelDownloadException(string message) : Exception(message);
