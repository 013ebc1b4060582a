namespace Synthesis.Store;

/// <summary>The stage names, in pipeline order.</summary>
public static class Stages
{
    public const string Transcribe = "transcribe";
    public const string Ocr = "ocr";
    public const string Segment = "segment";
    public const string Analyse = "analyse";
    public const string Index = "index";
    public const string Corpus = JobQueue.CorpusStage;

    public static string FirstFor(MediaKind media) => media switch
    {
        MediaKind.Audio or MediaKind.Video => Transcribe,
        MediaKind.Image => Ocr,
        _ => Segment,
    };
}
