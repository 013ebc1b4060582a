using Synthesis.Tests;
using Synthesis.Ingest.Import;
using Synthesis.Ingest.Media;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Ingest.Tests.Media;

public class OcrTests
{
    const string Font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    /// <summary>A poster photographed at a workshop: French text with accents, rendered by ffmpeg.</summary>
    static string Poster(string dir, string name, params string[] lines)
    {
        var textFile = Path.Combine(dir, name + ".txt");
        File.WriteAllText(textFile, string.Join("\n", lines));
        return MediaFixtures.Ffmpeg("-f", "lavfi", "-i", "color=c=white:s=1400x400", "-frames:v", "1",
            "-vf", $"drawtext=fontfile={Font}:textfile={textFile}:fontsize=44:fontcolor=black:x=40:y=60:line_spacing=24",
            Path.Combine(dir, name + ".png"));
    }

    [SkippableFact]
    public async Task Garbage_named_jpg_is_said_to_be_undecodable_not_missing()
    {
        Skip.IfNot(TesseractOcr.Available(), "Tesseract is not installed");
        var image = Path.Combine(TestData.TempDir(), "photo.jpg");
        var bytes = new byte[3000];
        new Random(3).NextBytes(bytes);
        File.WriteAllBytes(image, bytes);
        var error = await Assert.ThrowsAsync<MediaException>(() => TesseractOcr.ReadAsync(image));
        Assert.Contains("cannot be decoded", error.Message);
        Assert.DoesNotContain("not found", error.Message);
    }

    [SkippableFact]
    public async Task Reads_french_text_with_accents_from_an_image()
    {
        Skip.IfNot(File.Exists(Font), "DejaVu fonts are not installed");
        var image = Poster(TestData.TempDir(), "affiche", "Les aînés du quartier sont très isolés.", "Il faut créer un café solidaire à Bellevue.");
        var result = await TesseractOcr.ReadAsync(image);

        Assert.Contains("aînés", result.Text);
        Assert.Contains("isolés", result.Text);
        Assert.Contains("créer", result.Text);
        Assert.Contains("solidaire", result.Text);
        Assert.InRange(result.Confidence, 0.6, 1.0);
    }

    [SkippableFact]
    public async Task Photos_become_ocr_passages_and_an_image_without_text_is_recorded_as_such()
    {
        Skip.IfNot(File.Exists(Font), "DejaVu fonts are not installed");
        var dir = TestData.TempDir();
        Poster(dir, "tableau", "On manque de bénévoles le samedi.", "Je propose un repas partagé chaque mois.");
        MediaFixtures.Ffmpeg("-f", "lavfi", "-i", "color=c=gray:s=400x300", "-frames:v", "1", Path.Combine(dir, "vide.jpg"));
        foreach (var f in Directory.GetFiles(dir, "*.txt")) File.Delete(f);
        var store = TestData.NewStore();
        Assert.Equal(2, new Importer(store, new ImportOptions()).Import(dir).Imported);

        await TestPipeline.Default.Runner(store, new PipelineOptions { Workers = 2 }).RunUntilIdleAsync();

        using var c = store.Connect();
        Assert.Equal(2, c.ScalarLong("SELECT count(*) FROM jobs WHERE stage = 'ocr' AND state = 'done'"));
        var passages = c.ScalarLong("SELECT count(*) FROM passages p JOIN contributions co ON co.id = p.contribution_id WHERE co.original_name = 'tableau.png' AND p.source = 'ocr' AND p.confidence > 0.5");
        Assert.Equal(2, passages);
        Assert.Equal(0, c.ScalarLong("SELECT count(*) FROM passages p JOIN contributions co ON co.id = p.contribution_id WHERE co.original_name = 'vide.jpg'"));
        Assert.Equal("", c.Scalar("SELECT t.text FROM transcripts t JOIN contributions co ON co.id = t.contribution_id WHERE co.original_name = 'vide.jpg' AND t.source = 'ocr'"));
    }
}
