using System.IO.Compression;
using System.Text;

namespace Synthesis.Nlp;

/// <summary>
/// The one way Nlp reads a model file (lexicons, the Lefff table, the built-in model, an ONNX export's tokenizer and
/// configuration): plain or gzip (told by its first two bytes), or <c>NAME.gz</c> when only that is there. A missing
/// file is a <see cref="FileNotFoundException"/> naming it and saying what to do. Nlp writes no file: a model is saved
/// to the stream its caller gives.
/// </summary>
public static class ModelFiles
{
    /// <summary>Whether <paramref name="path"/> or <c>path.gz</c> exists.</summary>
    public static bool Exists(string path) => File.Exists(path) || File.Exists(path + ".gz");

    /// <summary>
    /// The file's content, decompressed when it is gzip. <paramref name="remedy"/> ends the message when the file is
    /// missing ("rebuild it with …").
    /// </summary>
    public static Stream Open(string path, string? remedy = null)
    {
        var actual = File.Exists(path) ? path : File.Exists(path + ".gz") ? path + ".gz"
            : throw new FileNotFoundException($"model file not found: {path}" + (remedy is null ? "" : $" ({remedy})"), path);
        var file = File.OpenRead(actual);
        var b1 = file.ReadByte();
        var b2 = file.ReadByte();
        file.Position = 0;
        return b1 == 0x1f && b2 == 0x8b ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    /// <summary>The file's lines (UTF-8).</summary>
    public static IEnumerable<string> ReadLines(string path, string? remedy = null)
    {
        using var reader = new StreamReader(Open(path, remedy), Encoding.UTF8);
        while (reader.ReadLine() is { } line) yield return line;
    }

    /// <summary>The file's text (UTF-8).</summary>
    public static string ReadAllText(string path, string? remedy = null)
    {
        using var reader = new StreamReader(Open(path, remedy), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The file's bytes, decompressed.</summary>
    public static byte[] ReadAllBytes(string path, string? remedy = null)
    {
        using var stream = Open(path, remedy);
        using var ms = new MemoryStream();
        stream.CopyTo(ms);
        return ms.ToArray();
    }
}
