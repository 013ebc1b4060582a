using System.IO.Compression;

namespace Synthesis.Nlp.Tests;

public class DeterministicZipTests
{
    static byte[] Zip(DateTimeOffset stamp, params (string Name, byte[] Content)[] entries)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, content) in entries)
            {
                var entry = zip.CreateEntry(name);
                entry.LastWriteTime = stamp;
                using var s = entry.Open();
                s.Write(content);
            }
        return ms.ToArray();
    }

    [Fact]
    public void The_same_content_saved_at_different_times_normalises_to_the_same_bytes_inner_zips_included()
    {
        var inner1 = Zip(new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero), ("weights", [1, 2, 3]));
        var inner2 = Zip(new DateTimeOffset(2026, 7, 9, 18, 30, 0, TimeSpan.Zero), ("weights", [1, 2, 3]));
        var a = Zip(new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero), ("header.json", "{}"u8.ToArray()), ("model.zip", inner1));
        var b = Zip(new DateTimeOffset(2026, 7, 9, 18, 30, 0, TimeSpan.Zero), ("header.json", "{}"u8.ToArray()), ("model.zip", inner2));
        Assert.NotEqual(a, b);
        Assert.Equal(DeterministicZip.Normalise(a), DeterministicZip.Normalise(b));
        // a change of content still shows
        var c = Zip(DateTimeOffset.Now, ("header.json", "{}"u8.ToArray()), ("model.zip", Zip(DateTimeOffset.Now, ("weights", [1, 2, 4]))));
        Assert.NotEqual(DeterministicZip.Normalise(a), DeterministicZip.Normalise(c));
        using var read = new ZipArchive(new MemoryStream(DeterministicZip.Normalise(a)));
        Assert.Equal(["header.json", "model.zip"], read.Entries.Select(e => e.FullName));
        Assert.All(read.Entries, e => Assert.Equal(DeterministicZip.Stamp.Year, e.LastWriteTime.Year));
    }
}
