using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Synthesis.Ingest.Import;

/// <summary>A problem with one input that the user can fix; the message says what and how.</summary>
public sealed class ImportException(string message) : Exception(message);

/// <summary>
/// A damaged spot in a text file: an invalid UTF-8 sequence (decoded as U+FFFD) or a NUL byte, with its line (1-based)
/// and byte offset in the file, so that the importer can name the row it belongs to.
/// </summary>
public sealed record ByteProblem(int Line, long Offset, byte Value, bool Nul)
{
    public string Describe() => Nul
        ? $"a NUL byte at byte offset {Offset} (line {Line}): the export is damaged there; correct or remove this row and import the file again"
        : $"an invalid UTF-8 byte 0x{Value:X2} at byte offset {Offset} (line {Line}), kept as « \uFFFD »: correct the text here, or export the file again in UTF-8";
}

/// <summary>A file's text, the encoding it was read in, and its damaged spots (empty for a clean file).</summary>
public sealed record DecodedText(string Text, string Encoding, IReadOnlyList<ByteProblem> Problems);

/// <summary>
/// Turns a text file's bytes into a string. UTF-8 (with or without BOM) unless the file as a whole is not: then
/// Windows-1252 (spreadsheet exports on French Windows). UTF-16 with a BOM, or without one when every other byte
/// of an ASCII-heavy text is zero. In a UTF-8 file, an invalid sequence spoils only its own row: it is decoded as
/// U+FFFD and reported (<see cref="ByteProblem"/>); so is a NUL byte, which the importer rejects with its row.
/// Binary files (an archive or spreadsheet renamed .csv, random bytes) are refused as a whole.
/// </summary>
public static class SourceText
{
    static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    static SourceText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static DecodedText Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) throw new ImportException("the file is empty: export it again or remove it from the folder");
        if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) return Utf8(bytes[3..], 3, "utf-8-bom");
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE) return new(Encoding.Unicode.GetString(bytes[2..]), "utf-16le", []);
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF) return new(Encoding.BigEndianUnicode.GetString(bytes[2..]), "utf-16be", []);
        if (Utf16WithoutBom(bytes) is { } utf16) return new(utf16.GetString(bytes), utf16 == Encoding.Unicode ? "utf-16le" : "utf-16be", []);
        if (LooksBinary(bytes))
            throw new ImportException("the file is binary, not text: check that it is really a CSV/JSON/text export (not a spreadsheet or archive renamed)");
        // The common case, vectorised: valid UTF-8 without NUL bytes is decoded in one call.
        if (System.Text.Unicode.Utf8.IsValid(bytes) && !bytes.Contains((byte)0)) return new(Utf8NoBom.GetString(bytes), "utf-8", []);
        var (valid, invalid) = CountSequences(bytes);
        // Windows-1252 text has accented letters as single bytes, which UTF-8 reads as invalid; valid multi-byte
        // sequences in it are accidents. A file with more valid sequences than invalid ones is UTF-8 with a few damaged spots.
        if (invalid > 0 && valid < invalid)
            return new(Encoding.GetEncoding(1252).GetString(bytes), "windows-1252", Nuls(bytes, 0));
        return Utf8(bytes, 0, "utf-8");
    }

    /// <summary>Decodes UTF-8, replacing each invalid sequence by U+FFFD and noting it, and noting NUL bytes.</summary>
    static DecodedText Utf8(ReadOnlySpan<byte> bytes, int skipped, string name)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes) && !bytes.Contains((byte)0)) return new(Utf8NoBom.GetString(bytes), name, []);
        var problems = new List<ByteProblem>();
        var text = new StringBuilder(bytes.Length);
        var buffer = ArrayPool<char>.Shared.Rent(8192);
        var lines = new LineCounter(bytes);
        try
        {
            var at = 0;
            while (at < bytes.Length)
            {
                var status = System.Text.Unicode.Utf8.ToUtf16(bytes[at..], buffer, out var read, out var written, replaceInvalidSequences: false);
                text.Append(buffer, 0, written);
                at += read;
                if (status == OperationStatus.InvalidData)
                {
                    // the length of the invalid sequence, as the decoder's own replacement would count it
                    System.Text.Rune.DecodeFromUtf8(bytes[at..], out _, out var length);
                    problems.Add(new ByteProblem(lines.LineOf(at), at + skipped, bytes[at], Nul: false));
                    text.Append('\uFFFD');
                    at += Math.Max(1, length);
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
        problems.AddRange(Nuls(bytes, skipped));
        problems.Sort((a, b) => a.Offset.CompareTo(b.Offset));
        return new(text.ToString(), name, problems);
    }

    static List<ByteProblem> Nuls(ReadOnlySpan<byte> bytes, int skipped)
    {
        var found = new List<ByteProblem>();
        var lines = new LineCounter(bytes);
        for (var at = bytes.IndexOf((byte)0); at >= 0;)
        {
            found.Add(new ByteProblem(lines.LineOf(at), at + skipped, 0, Nul: true));
            var next = bytes[(at + 1)..].IndexOf((byte)0);
            at = next < 0 ? -1 : at + 1 + next;
        }
        return found;
    }

    /// <summary>Line numbers of increasing offsets, counting line feeds once.</summary>
    ref struct LineCounter(ReadOnlySpan<byte> bytes)
    {
        readonly ReadOnlySpan<byte> _bytes = bytes;
        int _at, _line = 1;

        public int LineOf(int offset)
        {
            if (offset < _at) { _at = 0; _line = 1; }
            _line += _bytes[_at..offset].Count((byte)'\n');
            _at = offset;
            return _line;
        }
    }

    /// <summary>Valid multi-byte UTF-8 sequences and invalid ones in the bytes.</summary>
    static (int Valid, int Invalid) CountSequences(ReadOnlySpan<byte> bytes)
    {
        int valid = 0, invalid = 0;
        for (var at = 0; at < bytes.Length;)
        {
            if (bytes[at] < 0x80) { at++; continue; }
            var status = System.Text.Rune.DecodeFromUtf8(bytes[at..], out _, out var length);
            if (status == OperationStatus.Done) valid++;
            else invalid++;
            at += Math.Max(1, length);
        }
        return (valid, invalid);
    }

    /// <summary>
    /// UTF-16 without a byte-order mark: in the first 4 KB, the high bytes of a Latin text are zero at odd offsets
    /// (little-endian) or even ones (big-endian), and almost never on the other side.
    /// </summary>
    static Encoding? Utf16WithoutBom(ReadOnlySpan<byte> bytes)
    {
        var head = bytes[..(Math.Min(bytes.Length, 4096) & ~1)];
        if (head.Length < 4) return null;
        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < head.Length; i += 2)
        {
            if (head[i] == 0) evenZeros++;
            if (head[i + 1] == 0) oddZeros++;
        }
        var pairs = head.Length / 2;
        if (oddZeros > pairs * 0.4 && evenZeros < pairs * 0.05) return Encoding.Unicode;
        if (evenZeros > pairs * 0.4 && oddZeros < pairs * 0.05) return Encoding.BigEndianUnicode;
        return null;
    }

    /// <summary>
    /// Many control characters (NUL included) in the first 8 KB mean the bytes are not text; so do the signatures of
    /// the archives and documents most often renamed by mistake (zip/xlsx/docx, xls, pdf, gzip). A stray NUL in a
    /// text is not a verdict on the file: its row is reported.
    /// </summary>
    static bool LooksBinary(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<byte> zip = [0x50, 0x4B, 0x03, 0x04], ole = [0xD0, 0xCF, 0x11, 0xE0], pdf = "%PDF"u8, gzip = [0x1F, 0x8B];
        if (bytes.StartsWith(zip) || bytes.StartsWith(ole) || bytes.StartsWith(pdf) || bytes.StartsWith(gzip)) return true;
        var head = bytes[..Math.Min(bytes.Length, 8192)];
        var control = 0;
        foreach (var b in head)
            if (b < 0x20 && b is not ((byte)'\n' or (byte)'\r' or (byte)'\t' or 0x0C)) control++;
        return control > head.Length / 50 + 1;
    }
}
