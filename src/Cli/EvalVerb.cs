using System.CommandLine;
using System.Text.Json.Nodes;
using Synthesis.Ingest.Media;
using Synthesis.Nlp;

namespace Synthesis.Cli;

static class EvalVerb
{
    public static Command Command() => new("eval", "Measure quality on labelled data") { Wer() };

    static readonly HashSet<string> AudioExtensions = [".wav", ".ogg", ".opus", ".mp3", ".m4a", ".flac", ".webm", ".mp4", ".mkv", ".mov"];

    static Command Wer()
    {
        var model = new Option<string>("--model") { Description = "A ggml Whisper model file", Required = true };
        var input = new Option<string>("--input") { Description = "A folder of recordings, each with a reference NAME.txt beside it or listed in a TSV (file, ..., transcript)", Required = true };
        var language = new Option<string>("--language") { Description = "Language code, or auto", DefaultValueFactory = _ => "fr" };
        var threads = new Option<int>("--threads") { Description = "Whisper threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var maxTokens = new Option<int>("--max-tokens") { Description = "Cap tokens per segment (0: Whisper's default)" };
        var command = new Command("wer", "Word error rate of a Whisper model on recordings with reference transcripts") { model, input, language, threads, maxTokens };
        command.SetAction((result, ct) => Commands.Guard(async () =>
        {
            var dir = result.GetValue(input)!;
            if (!Directory.Exists(dir)) throw new UsageException($"no such folder: {dir}");
            var modelPath = result.GetValue(model)!;
            if (!File.Exists(modelPath)) throw new UsageException($"no such model file: {modelPath}");
            var references = References(dir);
            if (references.Count == 0) throw new UsageException($"no recording in {dir} has a reference transcript (NAME.txt beside it, or a TSV listing it)");
            using var transcriber = new WhisperTranscriber(modelPath, new TranscriptionOptions
            {
                Language = result.GetValue(language)!, Threads = result.GetValue(threads), MaxTokensPerSegment = result.GetValue(maxTokens),
            });
            var files = new JsonArray();
            int errors = 0, words = 0;
            foreach (var (audio, reference) in references.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                var hypothesis = new List<string>();
                await foreach (var segment in transcriber.TranscribeAsync(audio, ct)) hypothesis.Add(segment.Text);
                var wer = WordErrorRate.Compute(reference, string.Join(' ', hypothesis));
                errors += wer.Errors;
                words += wer.ReferenceWords;
                files.Add(new JsonObject { ["file"] = Path.GetFileName(audio), ["wer"] = Math.Round(wer.Rate, 4), ["words"] = wer.ReferenceWords });
                if (!result.GetValue(Commands.Json)) Console.WriteLine($"{Path.GetFileName(audio),-40} WER {wer.Rate:P1} ({wer.Errors}/{wer.ReferenceWords})");
            }
            var overall = words == 0 ? 0 : errors / (double)words;
            if (result.GetValue(Commands.Json))
                Console.WriteLine(new JsonObject { ["wer"] = Math.Round(overall, 4), ["files"] = files, ["model"] = Path.GetFileName(modelPath) }.ToJsonString());
            else Console.WriteLine($"overall WER {overall:P1} over {references.Count} recordings, {words} reference words");
            return 0;
        }));
        return command;
    }

    /// <summary>Recording path to reference text: NAME.txt beside NAME.ext, or rows of any TSV in the folder.</summary>
    static Dictionary<string, string> References(string dir)
    {
        var found = new Dictionary<string, string>();
        var audio = Directory.EnumerateFiles(dir).Where(f => AudioExtensions.Contains(Path.GetExtension(f).ToLowerInvariant())).ToList();
        foreach (var file in audio)
        {
            var txt = Path.ChangeExtension(file, ".txt");
            if (File.Exists(txt)) found[file] = File.ReadAllText(txt);
        }
        foreach (var tsv in Directory.EnumerateFiles(dir, "*.tsv"))
            foreach (var line in File.ReadLines(tsv).Skip(1))
            {
                var fields = line.Split('\t');
                var file = Path.Combine(dir, fields[0]);
                if (fields.Length >= 2 && File.Exists(file) && !found.ContainsKey(file)) found[file] = fields[^1];
            }
        return found;
    }
}
