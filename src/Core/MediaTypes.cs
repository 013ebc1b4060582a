using System.Collections.Frozen;

namespace Synthesis;

/// <summary>
/// The one list of the recordings, videos and photos Synthesis takes: each file extension with its media kind and
/// the MIME type a browser needs to play or show it.
/// </summary>
public static class MediaTypes
{
    static readonly FrozenDictionary<string, (MediaKind Kind, string Mime)> ByExtension = new Dictionary<string, (MediaKind, string)>
    {
        [".mp3"] = (MediaKind.Audio, "audio/mpeg"), [".m4a"] = (MediaKind.Audio, "audio/mp4"), [".aac"] = (MediaKind.Audio, "audio/mp4"),
        [".ogg"] = (MediaKind.Audio, "audio/ogg"), [".oga"] = (MediaKind.Audio, "audio/ogg"), [".opus"] = (MediaKind.Audio, "audio/ogg"),
        [".wav"] = (MediaKind.Audio, "audio/wav"), [".flac"] = (MediaKind.Audio, "audio/flac"), [".wma"] = (MediaKind.Audio, "audio/x-ms-wma"),
        [".amr"] = (MediaKind.Audio, "audio/amr"), [".3ga"] = (MediaKind.Audio, "audio/3gpp"),
        [".mp4"] = (MediaKind.Video, "video/mp4"), [".m4v"] = (MediaKind.Video, "video/mp4"), [".mov"] = (MediaKind.Video, "video/quicktime"),
        [".mkv"] = (MediaKind.Video, "video/x-matroska"), [".webm"] = (MediaKind.Video, "video/webm"), [".avi"] = (MediaKind.Video, "video/x-msvideo"),
        [".3gp"] = (MediaKind.Video, "video/3gpp"), [".mpeg"] = (MediaKind.Video, "video/mpeg"), [".mpg"] = (MediaKind.Video, "video/mpeg"),
        [".wmv"] = (MediaKind.Video, "video/x-ms-wmv"),
        [".jpg"] = (MediaKind.Image, "image/jpeg"), [".jpeg"] = (MediaKind.Image, "image/jpeg"), [".png"] = (MediaKind.Image, "image/png"),
        [".tif"] = (MediaKind.Image, "image/tiff"), [".tiff"] = (MediaKind.Image, "image/tiff"), [".bmp"] = (MediaKind.Image, "image/bmp"),
        [".webp"] = (MediaKind.Image, "image/webp"), [".gif"] = (MediaKind.Image, "image/gif"), [".heic"] = (MediaKind.Image, "image/heic"),
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The media kind of a file by its extension; null for anything else (text, tables, unknown).</summary>
    public static MediaKind? KindOf(string path) => ByExtension.TryGetValue(Path.GetExtension(path), out var t) ? t.Kind : null;

    /// <summary>Whether the file is a recording with sound: audio, or a video.</summary>
    public static bool HasSound(string path) => KindOf(path) is MediaKind.Audio or MediaKind.Video;

    /// <summary>The MIME type to serve the file with (application/octet-stream when unknown).</summary>
    public static string MimeOf(string path) => ByExtension.TryGetValue(Path.GetExtension(path), out var t) ? t.Mime : "application/octet-stream";
}
