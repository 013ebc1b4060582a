using System.Diagnostics;
using System.Text.Json;
using Synthesis.Ingest.Media;
using Synthesis.Ingest.Tests.Media;

// End-to-end measurements that need a process of their own (peak memory is per process).
//   transcribe --shape minimal|tiny|base --threads N --audio FILE [--max-tokens N] [--chunk-minutes M]
//     one JSON line: audio seconds, wall seconds, real-time factor, peak resident memory.
//   embed --model minilm|builtin [--texts N] [--runs R]
//     passages per second embedding the first N Make.org proposals (all cores), median of R runs after a warm-up.
//   topics --corpus synthetic|makeorg [--passages N] [--dims D] [--runs R]
//     the topic model's fit alone: median seconds of R fits, themes, topics, unassigned passages (and NMI with planted themes).
var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--")).ToDictionary(p => p.a[2..], p => args[p.i + 1]);
if (args.Length > 0 && args[0] == "embed") return Synthesis.Bench.EmbedBench.Run(options);
if (args.Length > 0 && args[0] == "topics") return Synthesis.Bench.TopicsBench.Run(options);
if (args.Length == 0 || args[0] != "transcribe")
{
    Console.Error.WriteLine("usage: transcribe --shape minimal|tiny|base --threads N --audio FILE [--max-tokens N] [--chunk-minutes M]");
    Console.Error.WriteLine("       embed --model minilm|builtin [--texts N] [--runs R]");
    Console.Error.WriteLine("       topics --corpus synthetic|makeorg [--passages N] [--dims D] [--runs R]");
    return 2;
}
var shape = options.GetValueOrDefault("shape", "tiny") switch
{
    "minimal" => WhisperShape.Minimal,
    "tiny" => WhisperShape.Tiny,
    "base" => WhisperShape.Base,
    var s => throw new ArgumentException($"unknown shape {s}"),
};
var model = Path.Combine(Path.GetTempPath(), $"synthesis-bench-{options.GetValueOrDefault("shape", "tiny")}.bin");
if (!File.Exists(model)) TinyWhisperModel.Write(model, shape);
var audio = options["audio"];
var transcription = new TranscriptionOptions
{
    Threads = int.Parse(options.GetValueOrDefault("threads", "2")),
    MaxTokensPerSegment = int.Parse(options.GetValueOrDefault("max-tokens", "48")),
    Chunk = TimeSpan.FromMinutes(double.Parse(options.GetValueOrDefault("chunk-minutes", "5"), System.Globalization.CultureInfo.InvariantCulture)),
};
var duration = await AudioDecoder.ProbeAsync(audio);
using var transcriber = new WhisperTranscriber(model, transcription);
var clock = Stopwatch.StartNew();
var segments = 0;
await foreach (var _ in transcriber.TranscribeAsync(audio)) segments++;
clock.Stop();
var peakKb = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
Console.WriteLine(JsonSerializer.Serialize(new
{
    shape = options.GetValueOrDefault("shape", "tiny"),
    threads = transcription.Threads,
    audio_s = Math.Round(duration.TotalSeconds, 1),
    wall_s = Math.Round(clock.Elapsed.TotalSeconds, 2),
    rtf = Math.Round(clock.Elapsed.TotalSeconds / duration.TotalSeconds, 4),
    segments,
    peak_mb = long.Parse(peakKb) / 1024,
}));
return 0;
