using System.Buffers.Binary;
using System.Text;

namespace Synthesis.Ingest.Tests.Media;

/// <summary>Widths, head counts and depths of a Whisper model's encoder (audio) and decoder (text).</summary>
public sealed record WhisperShape(int AudioState, int AudioHeads, int AudioLayers, int TextState, int TextHeads, int TextLayers)
{
    /// <summary>One layer each of width 64: an ~8 MB file that loads and runs in well under a second.</summary>
    public static WhisperShape Minimal { get; } = new(64, 1, 1, 64, 1, 1);

    /// <summary>The shape of OpenAI's "tiny" model (~75 MB at F16): costs what the real tiny model costs to run.</summary>
    public static WhisperShape Tiny { get; } = new(384, 6, 4, 384, 6, 4);

    /// <summary>The shape of OpenAI's "base" model (~145 MB at F16): costs what the real base model costs to run.</summary>
    public static WhisperShape Base { get; } = new(512, 8, 6, 512, 8, 6);
}

/// <summary>Storage type of a ggml tensor, as numbered in the ggml file format.</summary>
public enum GgmlType
{
    F32 = 0,
    F16 = 1,
}

/// <summary>
/// Writes a small but valid ggml Whisper model (the legacy "ggml" format read by whisper.cpp and so by Whisper.net):
/// multilingual vocabulary size, real tensor names and shapes, deterministic small random weights. Its decoder is
/// wired so that the model emits one chosen text token at every step, whatever the audio: the native encoder and
/// decoder really run (at the real cost for <see cref="WhisperShape.Tiny"/>/<see cref="WhisperShape.Base"/>) and the
/// transcript is known in advance. No weights are downloaded.
/// </summary>
/// <remarks>
/// How the transcript is forced: the decoder's final layer norm has weight 0 and bias the unit vector e0, so its
/// output is e0 for every position; the logits are the token embedding matrix times that output, i.e. column 0 of
/// each token's embedding. The emitted token's embedding is <see cref="EmitLogit"/>·e0, the first timestamp token's
/// is a quarter of that (so it is the likeliest timestamp, making segments start at 0), every other token's column 0
/// is a small random value. Decoding never ends on its own (no end-of-text), so callers must cap the tokens per
/// segment (Whisper.net: <c>WithMaxTokensPerSegment</c>).
/// </remarks>
public static class TinyWhisperModel
{
    public const uint Magic = 0x67676d6c; // "ggml"
    public const int VocabularySize = 51865; // n_vocab of the multilingual models: language tokens (fr, ...) exist
    public const int TextTokenCount = 50257; // tokens written in the file; the special ones follow implicitly
    public const int AudioContext = 1500;
    public const int TextContext = 448;
    public const int MelBins = 80;
    public const int FftBins = 201;

    public const int EndOfText = 50257;
    public const int StartOfTranscript = 50258;
    public const int NoTimestamps = 50363;
    public const int FirstTimestamp = 50364;

    /// <summary>An ordinary word token, decoding to " tok2000".</summary>
    public const int DefaultEmitToken = 2000;

    /// <summary>The emitted token's logit (all other text tokens stay within ±0.02): probability 1 to float precision.</summary>
    public const float EmitLogit = 40f;

    /// <summary>
    /// The bytes token <paramref name="id"/> decodes to in the written vocabulary: printable ASCII for ids 32..126
    /// (id 32 is " ", which whisper.cpp looks up), "&lt;0xNN&gt;" for the other byte ids, " tok{id}" for ids 256..50256.
    /// </summary>
    public static string TokenText(int id)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(id);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(id, TextTokenCount);
        if (id < 256) return id is >= 32 and <= 126 ? ((char)id).ToString() : $"<0x{id:X2}>";
        return $" tok{id}";
    }

    /// <summary>
    /// Writes the model to <paramref name="path"/> (through a temporary file then a rename, so a concurrent reader never
    /// sees half a model). Streams: memory use does not depend on the shape.
    /// </summary>
    /// <param name="emitToken">The text token (0..50256, not 32 " ") the model emits at every step.</param>
    /// <param name="seed">Seeds every weight; same seed and shape give the same bytes.</param>
    /// <param name="matrixType">Only <see cref="GgmlType.F16"/>: Whisper.net 1.9.1 aborts the whole process on a model
    /// with F32 matrices (ftype 0), so this writer refuses to produce one.</param>
    public static void Write(string path, WhisperShape shape, int emitToken = DefaultEmitToken, int seed = 1,
        GgmlType matrixType = GgmlType.F16)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(shape);
        if (matrixType != GgmlType.F16)
            throw new NotSupportedException(
                $"Only F16 matrices (ftype 1) are written: with {matrixType} matrices the native Whisper.net 1.9.1 runtime aborts the process.");
        Validate(shape);
        if (emitToken is < 0 or >= TextTokenCount || emitToken == 32)
            throw new ArgumentOutOfRangeException(nameof(emitToken), emitToken,
                $"The emitted token must be an ordinary text token in 0..{TextTokenCount - 1}, not 32 (\" \" is suppressed at the first step).");

        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = $"{full}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: false))
            {
                new ModelWriter(writer, shape, emitToken, seed).WriteAll();
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { }
            throw;
        }
    }

    static void Validate(WhisperShape s)
    {
        static void Positive(int value, string name)
        {
            if (value <= 0) throw new ArgumentOutOfRangeException(name, value, "must be positive");
        }
        Positive(s.AudioState, nameof(s.AudioState));
        Positive(s.AudioHeads, nameof(s.AudioHeads));
        Positive(s.AudioLayers, nameof(s.AudioLayers));
        Positive(s.TextState, nameof(s.TextState));
        Positive(s.TextHeads, nameof(s.TextHeads));
        Positive(s.TextLayers, nameof(s.TextLayers));
        if (s.AudioState % s.AudioHeads != 0 || s.TextState % s.TextHeads != 0)
            throw new ArgumentException("The widths must be multiples of the head counts.", nameof(s));
        if (s.AudioState != s.TextState)
            throw new ArgumentException("whisper.cpp requires the encoder and decoder widths to be equal.", nameof(s));
    }

    /// <summary>One write of one model: hparams, mel filters, vocabulary, then the tensors in PyTorch state_dict order.</summary>
    sealed class ModelWriter(BinaryWriter w, WhisperShape shape, int emitToken, int seed)
    {
        readonly byte[] _buffer = new byte[1 << 16];

        public void WriteAll()
        {
            WriteHeader();
            WriteMelFilters();
            WriteVocabulary();
            WriteEncoder();
            WriteDecoder();
        }

        void WriteHeader()
        {
            w.Write(Magic);
            w.Write(VocabularySize);
            w.Write(AudioContext);
            w.Write(shape.AudioState);
            w.Write(shape.AudioHeads);
            w.Write(shape.AudioLayers);
            w.Write(TextContext);
            w.Write(shape.TextState);
            w.Write(shape.TextHeads);
            w.Write(shape.TextLayers);
            w.Write(MelBins);
            w.Write((int)GgmlType.F16); // ftype: "mostly F16"
        }

        /// <summary>Triangular filters evenly spaced on the mel scale over 0..8 kHz, area-normalised (Slaney-style).</summary>
        void WriteMelFilters()
        {
            w.Write(MelBins);
            w.Write(FftBins);
            static double Mel(double hz) => 2595 * Math.Log10(1 + hz / 700);
            static double Hz(double mel) => 700 * (Math.Pow(10, mel / 2595) - 1);
            var edges = new double[MelBins + 2];
            for (var i = 0; i < edges.Length; i++) edges[i] = Hz(Mel(8000) * i / (MelBins + 1));
            for (var m = 0; m < MelBins; m++)
            {
                double lo = edges[m], mid = edges[m + 1], hi = edges[m + 2], norm = 2 / (hi - lo);
                for (var k = 0; k < FftBins; k++)
                {
                    var f = k * 8000.0 / (FftBins - 1);
                    var v = f <= lo || f >= hi ? 0 : f <= mid ? (f - lo) / (mid - lo) : (hi - f) / (hi - mid);
                    w.Write((float)(v * norm));
                }
            }
        }

        void WriteVocabulary()
        {
            w.Write(TextTokenCount);
            for (var id = 0; id < TextTokenCount; id++)
            {
                var bytes = Encoding.UTF8.GetBytes(TokenText(id));
                w.Write((uint)bytes.Length);
                w.Write(bytes);
            }
        }

        void WriteEncoder()
        {
            int n = shape.AudioState;
            // sinusoidal positions, as in Whisper's encoder
            Tensor("encoder.positional_embedding", GgmlType.F32, [n, AudioContext], _ => i =>
            {
                long pos = i / n, c = i % n, half = n / 2;
                var ch = c < half ? c : c - half;
                var t = pos * Math.Exp(-Math.Log(10000) * ch / Math.Max(1, half - 1));
                return (float)(c < half ? Math.Sin(t) : Math.Cos(t));
            });
            Random("encoder.conv1.weight", GgmlType.F16, [3, MelBins, n], Scale(3 * MelBins));
            Random("encoder.conv1.bias", GgmlType.F32, [1, n], 0.02f);
            Random("encoder.conv2.weight", GgmlType.F16, [3, n, n], Scale(3 * n));
            Random("encoder.conv2.bias", GgmlType.F32, [1, n], 0.02f);
            for (var l = 0; l < shape.AudioLayers; l++)
            {
                var p = $"encoder.blocks.{l}.";
                Attention(p + "attn", n);
                LayerNorm(p + "attn_ln", n);
                Mlp(p, n);
            }
            LayerNorm("encoder.ln_post", n);
        }

        void WriteDecoder()
        {
            int n = shape.TextState;
            Tensor("decoder.token_embedding.weight", GgmlType.F16, [n, VocabularySize], rng => i =>
            {
                long token = i / n, c = i % n;
                if (token == emitToken) return c == 0 ? EmitLogit : 0f;
                if (token == FirstTimestamp) return c == 0 ? EmitLogit / 4 : 0f;
                return 0.02f * rng.NextSigned();
            });
            Random("decoder.positional_embedding", GgmlType.F32, [n, TextContext], 0.02f);
            for (var l = 0; l < shape.TextLayers; l++)
            {
                var p = $"decoder.blocks.{l}.";
                Attention(p + "attn", n);
                LayerNorm(p + "attn_ln", n);
                Attention(p + "cross_attn", n);
                LayerNorm(p + "cross_attn_ln", n);
                Mlp(p, n);
            }
            // the final norm ignores its input: its output is the unit vector e0 at every position (see the remarks)
            Tensor("decoder.ln.weight", GgmlType.F32, [n], _ => _ => 0f);
            Tensor("decoder.ln.bias", GgmlType.F32, [n], _ => i => i == 0 ? 1f : 0f);
        }

        void Attention(string prefix, int n)
        {
            Random(prefix + ".query.weight", GgmlType.F16, [n, n], Scale(n));
            Random(prefix + ".query.bias", GgmlType.F32, [n], 0.02f);
            Random(prefix + ".key.weight", GgmlType.F16, [n, n], Scale(n)); // no key bias in Whisper
            Random(prefix + ".value.weight", GgmlType.F16, [n, n], Scale(n));
            Random(prefix + ".value.bias", GgmlType.F32, [n], 0.02f);
            Random(prefix + ".out.weight", GgmlType.F16, [n, n], Scale(n));
            Random(prefix + ".out.bias", GgmlType.F32, [n], 0.02f);
        }

        void Mlp(string prefix, int n)
        {
            Random(prefix + "mlp.0.weight", GgmlType.F16, [n, 4 * n], Scale(n));
            Random(prefix + "mlp.0.bias", GgmlType.F32, [4 * n], 0.02f);
            Random(prefix + "mlp.2.weight", GgmlType.F16, [4 * n, n], Scale(4 * n));
            Random(prefix + "mlp.2.bias", GgmlType.F32, [n], 0.02f);
            LayerNorm(prefix + "mlp_ln", n);
        }

        void LayerNorm(string prefix, int n)
        {
            Tensor(prefix + ".weight", GgmlType.F32, [n], _ => _ => 1f);
            Tensor(prefix + ".bias", GgmlType.F32, [n], _ => _ => 0f);
        }

        /// <summary>Uniform bound giving a standard deviation of 1/sqrt(fan_in): activations stay of order 1.</summary>
        static float Scale(int fanIn) => (float)Math.Sqrt(3.0 / fanIn);

        void Random(string name, GgmlType type, int[] ne, float bound) =>
            Tensor(name, type, ne, rng => _ => bound * rng.NextSigned());

        /// <summary>
        /// One tensor: n_dims, name length, type, the dims fastest-varying first (ggml's ne), the name, then the data
        /// in that order, generated chunk by chunk. Each tensor has its own generator, seeded from the model seed and
        /// the tensor's name, so a tensor's values do not depend on the tensors written before it.
        /// </summary>
        void Tensor(string name, GgmlType type, int[] ne, Func<SplitMix64, Func<long, float>> values)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            w.Write(ne.Length);
            w.Write(nameBytes.Length);
            w.Write((int)type);
            foreach (var d in ne) w.Write(d);
            w.Write(nameBytes);

            long count = 1;
            foreach (var d in ne) count *= d;
            var valueAt = values(new SplitMix64(Hash(seed, name)));
            var size = type == GgmlType.F16 ? 2 : 4;
            var perChunk = _buffer.Length / size;
            for (long start = 0; start < count; start += perChunk)
            {
                var n = (int)Math.Min(perChunk, count - start);
                var span = _buffer.AsSpan(0, n * size);
                for (var k = 0; k < n; k++)
                {
                    var v = valueAt(start + k);
                    if (type == GgmlType.F16) BinaryPrimitives.WriteHalfLittleEndian(span[(2 * k)..], (Half)v);
                    else BinaryPrimitives.WriteSingleLittleEndian(span[(4 * k)..], v);
                }
                w.Write(span);
            }
        }

        /// <summary>FNV-1a of the name mixed with the seed: stable across runs and .NET versions (unlike string.GetHashCode).</summary>
        static ulong Hash(int seed, string name)
        {
            var h = 14695981039346656037UL ^ (ulong)(uint)seed;
            foreach (var c in name)
            {
                h ^= c;
                h *= 1099511628211UL;
            }
            return h;
        }
    }

    /// <summary>SplitMix64: a tiny, fully specified generator, so the weights are the same on every platform.</summary>
    sealed class SplitMix64(ulong state)
    {
        ulong _state = state;

        public ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>Uniform in [-1, 1).</summary>
        public float NextSigned() => (float)((Next() >> 40) * (1.0 / (1UL << 23)) - 1.0);
    }
}
