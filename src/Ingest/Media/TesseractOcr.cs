using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Synthesis.Ingest.Media;

/// <summary>Text read from an image, with each word's place in <see cref="Text"/> and its confidence (0..1).</summary>
public sealed record OcrResult(string Text, IReadOnlyList<OcrWord> Words)
{
    public bool HasText => Words.Count > 0;
    public double Confidence => Words.Count == 0 ? 0 : Words.Average(w => w.Confidence);

    /// <summary>Mean confidence of the words inside a character range of <see cref="Text"/>.</summary>
    public double ConfidenceOf(int start, int end)
    {
        var inside = Words.Where(w => w.Start >= start && w.Start < end).ToList();
        return inside.Count == 0 ? Confidence : inside.Average(w => w.Confidence);
    }
}

public readonly record struct OcrWord(int Start, int Length, double Confidence);

/// <summary>
/// Photos of poster boards and handwritten cards through Debian's Tesseract CLI (<c>tesseract-ocr-fra</c>):
/// words with confidences from its TSV output, lines and paragraphs kept.
/// </summary>
public static class TesseractOcr
{
    public static bool Available() => ExternalTools.Find("tesseract") is not null;

    public static async Task<OcrResult> ReadAsync(string imagePath, string languages = "fra", CancellationToken cancellationToken = default)
    {
        if (!Available())
            throw new MediaException("Tesseract is not installed: run scripts/setup.sh (apt-get install tesseract-ocr tesseract-ocr-fra)", permanent: false);
        var (code, tsv, error) = await RunAsync(imagePath, languages, cancellationToken);
        if (code != 0 && AudioDecoder.FfmpegAvailable())
        {
            // Formats Leptonica cannot read (HEIC, some WebP) go through ffmpeg to PNG first.
            var png = Path.Combine(Path.GetTempPath(), $"synthesis-ocr-{Guid.NewGuid():N}.png");
            try
            {
                using var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", ["-v", "error", "-y", "-i", imagePath, "-frames:v", "1", png])
                    { RedirectStandardError = true, UseShellExecute = false })!;
                await ffmpeg.WaitForExitAsync(cancellationToken);
                if (ffmpeg.ExitCode == 0) (code, tsv, error) = await RunAsync(png, languages, cancellationToken);
            }
            finally
            {
                if (File.Exists(png)) File.Delete(png);
            }
        }
        if (code != 0)
        {
            // Leptonica says "file not found" for a file it cannot decode; the file is there (the store checked it).
            var said = error.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.Contains("file not found", StringComparison.OrdinalIgnoreCase));
            throw new MediaException($"the image cannot be decoded: the file is corrupt or not a picture in a format the reader knows (JPEG, PNG, TIFF, WebP, HEIC){(said is null ? "" : $" ({said})")}; the original is kept");
        }
        return Parse(tsv);
    }

    static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string imagePath, string languages, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("tesseract", [imagePath, "stdout", "-l", languages, "--psm", "3", "tsv"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.Environment["OMP_THREAD_LIMIT"] = "1"; // parallelism comes from processing several photos at once
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Builds the text from Tesseract's TSV: words joined by spaces, lines by newlines, paragraphs by blank lines.</summary>
    public static OcrResult Parse(string tsv)
    {
        var text = new StringBuilder();
        var words = new List<OcrWord>();
        (int Block, int Par, int Line)? previous = null;
        foreach (var row in tsv.Split('\n').Skip(1))
        {
            var f = row.TrimEnd('\r').Split('\t');
            if (f.Length < 12 || f[0] != "5") continue; // level 5: a word
            var word = f[11].Trim();
            if (word.Length == 0 || !double.TryParse(f[10], CultureInfo.InvariantCulture, out var conf) || conf < 0) continue;
            var key = (int.Parse(f[2]), int.Parse(f[3]), int.Parse(f[4]));
            if (previous is { } p)
            {
                if (p.Block != key.Item1 || p.Par != key.Item2) text.Append("\n\n");
                else if (p.Line != key.Item3) text.Append('\n');
                else text.Append(' ');
            }
            previous = key;
            words.Add(new OcrWord(text.Length, word.Length, conf / 100.0));
            text.Append(word);
        }
        return new OcrResult(text.ToString(), words);
    }
}
