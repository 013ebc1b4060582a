using Synthesis.Tests;
using Synthesis.Ingest.Import;
using Synthesis.Ingest.Media;
using Synthesis.Ingest.Pipeline;

namespace Synthesis.Ingest.Tests.Media;

public class TranscriptionPipelineTests
{
    static readonly PipelineOptions Options = new() { Workers = 2, RetryDelay = TimeSpan.FromMilliseconds(10) };

    /// <summary>A data folder whose models folder will hold the generated model under the name settings point to.</summary>
    static (SynthesisStore Store, string ModelPath, MediaSettings Settings) Setup()
    {
        var store = TestData.NewStore();
        var modelPath = Path.Combine(store.DataDirectory, "models", "ggml-test.bin");
        var settings = new MediaSettings
        {
            WhisperModel = modelPath,
            Transcription = new TranscriptionOptions { Threads = 1, MaxTokensPerSegment = 6, Chunk = TimeSpan.FromSeconds(20) },
        };
        return (store, modelPath, settings);
    }

    static void WriteModel(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        TinyWhisperModel.Write(path, WhisperShape.Minimal);
    }

    [Fact]
    public async Task Recordings_in_every_container_become_timed_passages_and_bad_files_are_parked_with_a_reason()
    {
        var (store, modelPath, settings) = Setup();
        WriteModel(modelPath);
        var dir = TestData.TempDir();
        foreach (var ext in new[] { ".mp3", ".m4a", ".ogg", ".wav", ".webm", ".mp4", ".mov", ".mkv" }) MediaFixtures.Container(dir, ext);
        MediaFixtures.Ffmpeg("-f", "lavfi", "-i", "color=c=red:s=64x64:d=2", "-c:v", "mpeg4", Path.Combine(dir, "muet.mp4"));
        var garbage = new byte[10_000];
        new Random(5).NextBytes(garbage);
        File.WriteAllBytes(Path.Combine(dir, "cassé.m4a"), garbage);
        Assert.Equal(10, new Importer(store, new ImportOptions()).Import(dir).Imported);

        await TestPipeline.Default.Runner(store, Options, media: settings).RunUntilIdleAsync();

        using var c = store.Connect();
        Assert.Equal(8, c.ScalarLong("SELECT count(*) FROM jobs WHERE stage = 'transcribe' AND state = 'done'"));
        Assert.Equal(8, c.ScalarLong("SELECT count(DISTINCT contribution_id) FROM passages WHERE source = 'transcript'"));
        Assert.Equal(8, c.ScalarLong("SELECT count(*) FROM jobs WHERE stage = 'analyse' AND state = 'done'"));
        // The emitted token, with its place in the recording and the recogniser's confidence.
        Assert.Equal(0, c.ScalarLong("""
            SELECT count(*) FROM passages WHERE source = 'transcript'
            AND NOT (text LIKE '%' || $token || '%' AND start_ms >= 0 AND end_ms > start_ms AND confidence > 0.9 AND needs_review = 0)
            """, null, ("$token", TinyWhisperModel.TokenText(TinyWhisperModel.DefaultEmitToken).Trim())));
        Assert.Equal(8, c.ScalarLong("SELECT count(*) FROM transcripts WHERE source = 'transcript' AND engine = 'ggml-test.bin'"));

        var parked = ParkedReasons(c);
        Assert.Contains(parked, p => p.Name == "muet.mp4" && p.Reason.Contains("no audio track"));
        Assert.Contains(parked, p => p.Name == "cassé.m4a" && p.Reason.Contains("corrupt"));
        // Originals are kept whatever happened.
        Assert.Equal(10, c.ScalarLong("SELECT count(*) FROM contributions WHERE original_sha256 IS NOT NULL"));
        Assert.All(Directory.GetFiles(dir), f => Assert.True(store.Blobs.Contains(BlobStore.Sha256Of(f))));
    }

    static List<(string Name, string Reason)> ParkedReasons(System.Data.Common.DbConnection c)
    {
        var list = new List<(string, string)>();
        using var command = c.Command("SELECT co.original_name, j.last_error FROM jobs j JOIN contributions co ON co.id = j.subject WHERE j.state = 'parked'");
        using var reader = command.ExecuteReader();
        while (reader.Read()) list.Add((reader.GetString(0), reader.GetString(1)));
        return list;
    }

    [Fact]
    public async Task Without_a_model_recordings_wait_parked_and_resume_once_it_appears_while_text_goes_on()
    {
        var (store, modelPath, settings) = Setup();
        new Importer(store, new ImportOptions()).Import(TestData.EvalData("demo", "enregistrements"));
        new Importer(store, new ImportOptions()).Import(TestData.WriteFile("t.jsonl", "{\"text\":\"Il manque un lieu d'accueil le soir.\"}\n"));
        var runner = TestPipeline.Default.Runner(store, Options, media: settings);
        await runner.RunUntilIdleAsync();

        using var c = store.Connect();
        Assert.Equal(3, c.ScalarLong("SELECT count(*) FROM jobs WHERE stage = 'transcribe' AND state = 'parked' AND last_error LIKE '%synthesis models pull%'"));
        Assert.Equal(1, c.ScalarLong("SELECT count(*) FROM passages WHERE source = 'text'"));

        WriteModel(modelPath);
        await runner.RunUntilIdleAsync();
        Assert.Equal(3, c.ScalarLong("SELECT count(*) FROM jobs WHERE stage = 'transcribe' AND state = 'done'"));
        Assert.Equal(3, c.ScalarLong("SELECT count(DISTINCT contribution_id) FROM passages WHERE source = 'transcript'"));
    }

    [Fact]
    public async Task Transcribing_again_replaces_the_passages_rather_than_adding_to_them()
    {
        var (store, modelPath, settings) = Setup();
        WriteModel(modelPath);
        new Importer(store, new ImportOptions()).Import(MediaFixtures.Fleurs(9));
        await TestPipeline.Default.Runner(store, Options, media: settings).RunUntilIdleAsync();
        using var c = store.Connect();
        var first = c.ScalarLong("SELECT count(*) FROM passages");
        Assert.True(first > 0);

        var id = c.ScalarLong("SELECT id FROM contributions");
        using (var tx = c.BeginTransaction())
        {
            JobQueue.Enqueue(c, tx, Stages.Transcribe, id);
            tx.Commit();
        }
        await TestPipeline.Default.Runner(store, Options, media: settings).RunUntilIdleAsync();
        Assert.Equal(first, c.ScalarLong("SELECT count(*) FROM passages"));
        Assert.Equal(first, c.ScalarLong("SELECT count(DISTINCT ord) FROM passages"));
    }

    [Fact]
    public void A_model_with_f32_matrices_is_refused_before_it_can_abort_the_process()
    {
        var path = Path.Combine(TestData.TempDir(), "f32.bin");
        using (var w = new BinaryWriter(File.Create(path)))
        {
            w.Write(0x67676d6c);
            foreach (var v in new[] { 51865, 1500, 64, 1, 1, 448, 64, 1, 1, 80, 0 }) w.Write(v);
            w.Write(new byte[64]);
        }
        var e = Assert.Throws<MediaException>(() => WhisperTranscriber.CheckModelFile(path));
        Assert.Contains("F32", e.Message);
        File.WriteAllText(path, "not a model");
        Assert.Contains("not a ggml", Assert.Throws<MediaException>(() => WhisperTranscriber.CheckModelFile(path)).Message);
    }
}
