using System.IO.Compression;

namespace Synthesis.Nlp;

/// <summary>
/// Zip files whose bytes depend only on their content: entries in the order given, every entry stamped with one fixed
/// time, compressed at one level. ML.NET stamps its model zips with the time of saving; <see cref="Normalise"/> rewrites
/// such a zip (and the zips inside it) so that the same model gives the same file, byte for byte.
/// </summary>
public static class DeterministicZip
{
    /// <summary>The time every entry carries (the zip format's dates start in 1980).</summary>
    public static readonly DateTimeOffset Stamp = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A zip of the entries, in this order, stamped with <see cref="Stamp"/>.</summary>
    public static byte[] Write(IEnumerable<(string Name, byte[] Content)> entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in entries)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = Stamp;
                using var s = entry.Open();
                s.Write(content);
            }
        return ms.ToArray();
    }

    /// <summary>The same zip rewritten by <see cref="Write"/>; entries that are zips themselves are rewritten too.</summary>
    public static byte[] Normalise(byte[] zip)
    {
        using var input = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        var entries = new List<(string, byte[])>();
        foreach (var entry in input.Entries)
        {
            using var s = entry.Open();
            using var content = new MemoryStream();
            s.CopyTo(content);
            var bytes = content.ToArray();
            entries.Add((entry.FullName, IsZip(bytes) ? Normalise(bytes) : bytes));
        }
        return Write(entries);
    }

    /// <summary>The named entry's bytes, or null when the zip has none.</summary>
    public static byte[]? Read(ZipArchive zip, string name)
    {
        if (zip.GetEntry(name) is not { } entry) return null;
        using var s = entry.Open();
        using var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    static bool IsZip(byte[] bytes) => bytes.Length > 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;
}
