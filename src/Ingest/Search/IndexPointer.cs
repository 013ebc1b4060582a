using System.Text.Json;
using System.Text.Json.Serialization;

namespace Synthesis.Ingest.Search;

/// <summary>
/// DATA/index/current.json: which generation folder (under DATA/index) search answers from, and the model it holds.
/// A rebuild fills a new folder while the current one keeps answering, then replaces this file in one atomic rename;
/// readers notice the change (its modification time, checked at most once a second) and move over.
/// </summary>
public sealed record IndexPointer(string Folder, string Model, string Version, int Dimensions, string VectorStore, DateTimeOffset PublishedAt)
{
    public const string FileName = "current.json";

    static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    [JsonIgnore]
    public IndexInfo Info => new(Model, Version, Dimensions);

    public static string Root(string dataDirectory) => Path.Combine(dataDirectory, "index");

    public string FullPath(string dataDirectory) => Path.Combine(Root(dataDirectory), Folder);

    /// <summary>The current pointer, or null when there is none or it cannot be read (then the index is rebuilt).</summary>
    public static IndexPointer? Read(string dataDirectory)
    {
        var path = Path.Combine(Root(dataDirectory), FileName);
        try
        {
            var pointer = File.Exists(path) ? JsonSerializer.Deserialize<IndexPointer>(File.ReadAllText(path), Json) : null;
            return pointer is { Folder.Length: > 0, Model: not null, Version: not null } && !pointer.Folder.Contains("..") ? pointer : null;
        }
        catch (Exception e) when (e is JsonException or IOException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>When the pointer file last changed (cheap: one stat), or null without one.</summary>
    public static DateTime? LastChanged(string dataDirectory)
    {
        var path = Path.Combine(Root(dataDirectory), FileName);
        return File.Exists(path) ? File.GetLastWriteTimeUtc(path) : null;
    }

    /// <summary>A new, unused generation folder name for a model.</summary>
    public static IndexPointer NewGeneration(IndexInfo info, string vectorStore)
    {
        var slug = new string($"{info.Model}-{info.Version}".Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_').ToArray());
        return new IndexPointer($"{slug}-{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Environment.ProcessId}", info.Model, info.Version, info.Dimensions,
            vectorStore, DateTimeOffset.UtcNow);
    }

    /// <summary>Makes this generation the current one: written to a temporary file, flushed, renamed over the old pointer.</summary>
    public void Publish(string dataDirectory)
    {
        var root = Root(dataDirectory);
        Directory.CreateDirectory(root);
        var tmp = Path.Combine(root, FileName + $".{Environment.ProcessId}.tmp");
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(fs, this with { PublishedAt = DateTimeOffset.UtcNow }, Json);
            fs.Flush(flushToDisk: true);
        }
        File.Move(tmp, Path.Combine(root, FileName), overwrite: true);
    }

    /// <summary>
    /// Deletes generation folders other than the current one and <paramref name="keep"/>, and the layout used before
    /// generations (index/vectors, index/lexical). A folder some process (this one included) has open is left for next
    /// time: each open generation holds a shared lock on its <see cref="InUseFile"/>, and a folder is deleted only
    /// under the exclusive one. Call it holding <see cref="LockGenerations"/>.
    /// </summary>
    public static void DeleteOldGenerations(string dataDirectory, params string[] keep)
    {
        var root = Root(dataDirectory);
        if (!Directory.Exists(root)) return;
        var current = Read(dataDirectory)?.Folder;
        foreach (var dir in Directory.EnumerateDirectories(root))
        {
            var name = Path.GetFileName(dir);
            if (name == current || keep.Contains(name)) continue;
            FileStream? unused = null;
            try
            {
                unused = new FileStream(Path.Combine(dir, InUseFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                Directory.Delete(dir, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
            finally { unused?.Dispose(); }
        }
        try { File.Delete(Path.Combine(root, "store-stamp.txt")); } catch (IOException) { }
    }

    /// <summary>The file of a generation folder its users hold a shared lock on (see <see cref="MarkInUse"/>).</summary>
    public const string InUseFile = "in-use.lock";

    /// <summary>Marks a generation folder as open by this holder until the returned stream is disposed (a shared flock).</summary>
    public static FileStream MarkInUse(string folder)
    {
        Directory.CreateDirectory(folder);
        return new FileStream(Path.Combine(folder, InUseFile), FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);
    }

    /// <summary>
    /// Holds the data folder's generation lock (an exclusive flock on index/generations.lock) until disposed: choosing,
    /// creating, publishing and deleting generations happen under it, so that two processes starting together agree on
    /// one generation and neither deletes a folder the other is filling. Waits for the holder (held for milliseconds).
    /// </summary>
    public static IDisposable LockGenerations(string dataDirectory, TimeSpan? wait = null)
    {
        var root = Root(dataDirectory);
        Directory.CreateDirectory(root);
        var path = Path.Combine(root, "generations.lock");
        var until = DateTime.UtcNow + (wait ?? TimeSpan.FromMinutes(1));
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (DateTime.UtcNow < until) { Thread.Sleep(Random.Shared.Next(5, 25)); }
            catch (IOException e) { throw new IOException($"the search indexes of {dataDirectory} stay locked by another process ({path})", e); }
        }
    }
}
