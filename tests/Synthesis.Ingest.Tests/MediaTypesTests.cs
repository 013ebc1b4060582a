namespace Synthesis.Ingest.Tests;

/// <summary>The one list of media files: the importer's kinds, the player's MIME types and the WER evaluation's recordings agree.</summary>
public class MediaTypesTests
{
    [Theory]
    [InlineData("entretien.M4A", MediaKind.Audio, "audio/mp4")]
    [InlineData("atelier.webm", MediaKind.Video, "video/webm")]
    [InlineData("panneau.HEIC", MediaKind.Image, "image/heic")]
    public void A_file_has_one_kind_and_one_mime_type(string name, MediaKind kind, string mime)
    {
        Assert.Equal(kind, MediaTypes.KindOf(name));
        Assert.Equal(mime, MediaTypes.MimeOf(name));
        Assert.True(Import.Importer.IsSupported(name));
    }

    [Theory]
    [InlineData("contributions.csv")]
    [InlineData("notes.txt")]
    [InlineData("archive.zip")]
    public void Text_tables_and_unknown_files_are_not_media(string name)
    {
        Assert.Null(MediaTypes.KindOf(name));
        Assert.False(MediaTypes.HasSound(name));
        Assert.Equal("application/octet-stream", MediaTypes.MimeOf(name));
    }
}
