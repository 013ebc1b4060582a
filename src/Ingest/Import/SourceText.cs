using System.Text;

namespace Synthesis.Ingest.Import;

/// <summary>A problem with one input that the user can fix; the message says what and how.</summary>
public sealed class ImportException(string message) : Exception(message);

/// <summary>
/// Turns a text file's bytes into a string: UTF-8 with or without BOM, UTF-16 with BOM, and Windows-1252 for
/// files that are not valid UTF-8 (spreadsheet exports on French Windows). Binary files are refused.
/// </summary>
public static class SourceText
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static SourceText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static (string Text, string Encoding) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) throw new ImportException("the file is empty: export it again or remove it from the folder");
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) return (StrictUtf8.GetString(bytes[3..]), "utf-8-bom");
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE) return (Encoding.Unicode.GetString(bytes[2..]), "utf-16le");
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF) return (Encoding.BigEndianUnicode.GetString(bytes[2..]), "utf-16be");
        if (LooksBinary(bytes))
            throw new ImportException("the file is binary, not text: check that it is really a CSV/JSON/text export (not a spreadsheet or archive renamed)");
        try
        {
            return (StrictUtf8.GetString(bytes), "utf-8");
        }
        catch (DecoderFallbackException)
        {
            return (Encoding.GetEncoding(1252).GetString(bytes), "windows-1252");
        }
    }

    /// <summary>NUL bytes or many control characters in the first 8 KB mean the bytes are not text.</summary>
    static bool LooksBinary(ReadOnlySpan<byte> bytes)
    {
        var head = bytes[..Math.Min(bytes.Length, 8192)];
        var control = 0;
        foreach (var b in head)
        {
            if (b == 0) return true;
            if (b < 0x20 && b is not ((byte)'\n' or (byte)'\r' or (byte)'\t' or 0x0C)) control++;
        }
        return control > head.Length / 50 + 1;
    }
}
