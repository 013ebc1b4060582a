using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Synthesis.Ingest.Tests.Media;

namespace Synthesis.Cli.Tests;

public class MediaCommandTests
{
    static string Speech(params string[] parts) => Path.Combine([Cli.RepoRoot, "eval-data", "speech", .. parts]);

    static void Ffmpeg(params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo("ffmpeg", ["-v", "error", "-y", .. args]) { UseShellExecute = false })!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }

    static List<(long Ord, long Start, string Text)> Passages(string db)
    {
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var command = c.CreateCommand();
        command.CommandText = "SELECT ord, start_ms, text FROM passages WHERE source = 'transcript' ORDER BY ord";
        using var reader = command.ExecuteReader();
        var list = new List<(long, long, string)>();
        while (reader.Read()) list.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2)));
        return list;
    }

    static string JobState(string db)
    {
        using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var command = c.CreateCommand();
        command.CommandText = "SELECT state FROM jobs WHERE stage = 'transcribe'";
        return command.ExecuteScalar() as string ?? "";
    }

    static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    [Fact]
    public void A_transcription_killed_mid_recording_resumes_and_leaves_no_duplicate_passages()
    {
        var dir = Cli.TempDir();
        // A minute of real French speech (five FLEURS clips), and a model of Whisper tiny's size (real encoder cost): the
        // transcription runs for several seconds, and is killed one second after it starts.
        var list = Path.Combine(dir, "list.txt");
        File.WriteAllLines(list, Enumerable.Range(0, 5).Select(i => $"file '{Speech("fleurs", $"fleurs-fr-{i:000}.ogg")}'"));
        var recording = Path.Combine(dir, "atelier.ogg");
        Ffmpeg("-f", "concat", "-safe", "0", "-i", list, "-c:a", "libopus", recording);
        var model = Path.Combine(dir, "ggml-tiny-shape.bin");
        TinyWhisperModel.Write(model, WhisperShape.Tiny);
        var env = new Dictionary<string, string> { ["SYNTHESIS_WHISPER_MODEL"] = model, ["SYNTHESIS_WHISPER_MAX_TOKENS"] = "4" };

        var clean = Path.Combine(dir, "clean");
        Cli.Json(env, "import", recording, "--data", clean);
        Cli.Json(env, "analyse", "--data", clean);
        var expected = Passages(Path.Combine(clean, "synthesis.db"));
        Assert.True(expected.Count >= 3, $"{expected.Count} passages"); // several: a passage written twice would show

        var data = Path.Combine(dir, "crashed");
        var db = Path.Combine(data, "synthesis.db");
        Cli.Json(env, "import", recording, "--data", data);
        using (var run = Cli.Start(env, "analyse", "--data", data, "--json"))
        {
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (JobState(db) != "running" && DateTime.UtcNow < deadline) Thread.Sleep(20);
            Thread.Sleep(1000);
            Assert.False(run.HasExited, "the transcription finished before it could be killed");
            run.Kill(entireProcessTree: true);
            run.WaitForExit();
        }
        Assert.Equal("running", JobState(db));
        Assert.Empty(Passages(db));

        var resumed = Cli.Json(env, "analyse", "--data", data);
        Assert.Equal(0, (int)resumed["jobs"]!["parked"]! + (int)resumed["jobs"]!["failed"]!);
        Assert.Equal("done", JobState(db));
        Assert.Equal(expected, Passages(db));
    }

    [Fact]
    public void Without_ffmpeg_recordings_are_parked_with_the_command_that_installs_it_and_text_goes_on()
    {
        // the demo's three recordings beside its Make.org proposals (its Grand Débat answers would only add time)
        var demo = Cli.TempDir();
        CopyFolder(Path.Combine(Cli.RepoRoot, "eval-data", "demo", "enregistrements"), Path.Combine(demo, "enregistrements"));
        File.Copy(Path.Combine(Cli.RepoRoot, "eval-data", "demo", "makeorg-propositions-extrait.csv"), Path.Combine(demo, "makeorg-propositions-extrait.csv"));
        var data = Cli.TempDir();
        Cli.Json("import", demo, "--data", data);
        var noTools = new Dictionary<string, string> { ["PATH"] = Cli.TempDir() };
        var result = Cli.Json(noTools, "analyse", "--data", data);
        Assert.Equal(3, (int)result["jobs"]!["parked"]!);
        var reason = result["parked"]!.AsArray().Single()!;
        Assert.Equal("transcribe", (string)reason["stage"]!);
        Assert.Contains("ffmpeg is not installed: run scripts/setup.sh", (string)reason["reason"]!);
        Assert.True((int)result["passages"]! > 2_000, result.ToJsonString());
    }

    [Fact]
    public void Eval_wer_transcribes_each_recording_that_has_a_reference()
    {
        var model = Path.Combine(Cli.TempDir(), "ggml-minimal.bin");
        TinyWhisperModel.Write(model, WhisperShape.Minimal);

        var fleurs = Cli.Json("eval", "wer", "--model", model, "--input", Speech("fleurs"), "--max-tokens", "4");
        Assert.Equal(10, fleurs["files"]!.AsArray().Count);
        // The generated model says the same made-up word whatever it hears: nearly every word is an error.
        Assert.InRange((double)fleurs["wer"]!, 0.9, 1.0);

        var asterisk = Cli.Json("eval", "wer", "--model", model, "--input", Speech("asterisk"), "--max-tokens", "4");
        Assert.Equal(25, asterisk["files"]!.AsArray().Count);

        var (code, _, stderr) = Cli.Run("eval", "wer", "--model", model, "--input", Cli.TempDir());
        Assert.Equal(2, code);
        Assert.Contains("no recording", stderr);
    }
}
