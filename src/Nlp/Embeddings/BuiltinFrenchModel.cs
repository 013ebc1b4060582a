using Synthesis.Nlp.French;
using System.Collections.Concurrent;
using System.IO.Compression;
using System.Numerics;
using System.Security.Cryptography;
using Microsoft.Extensions.AI;
using Synthesis.Nlp.Sentiment;

namespace Synthesis.Nlp.Embeddings;

/// <summary>
/// The project's own French passage-embedding model (offline, no download): shifted-PPMI + truncated-SVD word vectors
/// over folded, stemmed French words, combined into SIF-weighted passage vectors with the common component(s)
/// removed, optionally followed by a hashed lexical part. Unknown words get a vector from the character n-grams they
/// share with known stems. Vectors are L2-normalised (a text without any known word gives the zero vector).
/// Embedding is thread-safe and deterministic.
/// </summary>
public sealed class BuiltinFrenchModel : IEmbeddingGenerator<string, Embedding<float>>
{
    const string Magic = "SYNTHESIS-BUILTIN-FR-EMBEDDINGS";
    const int FormatVersion = 1;
    const int NgramMin = 3;
    const int NgramMax = 5;
    const int MaxNgramFanout = 2_000;
    const int MaxCachedWords = 400_000;
    const float OovWeightFactor = 0.5f;
    const double MinNgramSimilarity = 0.35;
    const int NgramNeighbours = 3;

    internal sealed record Header(int SemanticDimensions, int LexicalDimensions, float LexicalWeight, float OovIdf, string Description);

    internal sealed record QuantizedVectors(sbyte[] Data, float[] Scales);

    sealed class Term(float[]? vector, int offset, float weight, float idf, int bucket, float sign)
    {
        public readonly float[]? Vector = vector;
        public readonly int Offset = offset;
        public readonly float Weight = weight;
        public readonly float Idf = idf;
        public readonly int Bucket = bucket;
        public readonly float Sign = sign;
    }

    static readonly Term Dropped = new(null, 0, 0, 0, 0, 0);

    readonly Header _header;
    readonly FrenchTermAnalyzer _analyzer;
    readonly string[] _vocab;
    readonly float[] _weights;
    readonly float[] _idf;
    readonly float[] _vectors;
    readonly float[] _components;
    readonly Dictionary<string, int> _ids;
    readonly Term[] _terms;
    readonly ConcurrentDictionary<string, Term> _cache = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, Term>.AlternateLookup<ReadOnlySpan<char>> _cacheLookup;
    readonly Lazy<NgramIndex> _ngramIndex;
    readonly byte[] _payload;

    internal BuiltinFrenchModel(Header header, string[] stopWords, string[] vocab, float[] weights, float[] idf,
        QuantizedVectors quantized, float[] components)
    {
        _header = header;
        _analyzer = new FrenchTermAnalyzer(stopWords);
        _vocab = vocab;
        _weights = weights;
        _idf = idf;
        Quantized = quantized;
        _components = components;
        var d = header.SemanticDimensions;
        _vectors = new float[(long)vocab.Length * d];
        for (var i = 0; i < vocab.Length; i++)
            for (var j = 0; j < d; j++)
                _vectors[(long)i * d + j] = quantized.Data[(long)i * d + j] * quantized.Scales[i];
        _ids = new Dictionary<string, int>(vocab.Length, StringComparer.Ordinal);
        _terms = new Term[vocab.Length];
        for (var i = 0; i < vocab.Length; i++)
        {
            _ids[vocab[i]] = i;
            var (bucket, sign) = LexicalSlot(vocab[i]);
            _terms[i] = new Term(_vectors, i * d, weights[i], idf[i], bucket, sign);
        }
        _cacheLookup = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        _ngramIndex = new Lazy<NgramIndex>(BuildNgramIndex);
        _payload = Serialize();
        Version = "builtin-fr-" + Convert.ToHexStringLower(SHA256.HashData(_payload))[..16];
        Metadata = new EmbeddingGeneratorMetadata("synthesis-builtin-fr", null, Version, Dimensions);
    }

    internal QuantizedVectors Quantized { get; }

    /// <summary>Length of the vectors (semantic part plus lexical part).</summary>
    public int Dimensions => _header.SemanticDimensions + _header.LexicalDimensions;

    /// <summary>Length of the semantic part.</summary>
    public int SemanticDimensions => _header.SemanticDimensions;

    /// <summary>Number of stems with a trained vector.</summary>
    public int VocabularySize => _vocab.Length;

    /// <summary>
    /// "builtin-fr-" and the first 16 hex digits of the SHA-256 of the model's content (the uncompressed payload of
    /// the file): an index records it to know which model built it.
    /// </summary>
    public string Version { get; }

    /// <summary>How the model was trained (method, options, corpus sizes).</summary>
    public string Description => _header.Description;

    /// <summary>Metadata for Microsoft.Extensions.AI.</summary>
    public EmbeddingGeneratorMetadata Metadata { get; }

    /// <summary>
    /// Trains a model on <paramref name="texts"/> (the domain texts: citizens' contributions). Deterministic: the same
    /// texts (in the same order) and options give the same file, byte for byte.
    /// </summary>
    public static BuiltinFrenchModel Train(IEnumerable<string> texts, BuiltinTrainingOptions? options = null) =>
        BuiltinTrainer.Train(texts, options ?? new BuiltinTrainingOptions(), null);

    /// <summary>Same as <see cref="Train(IEnumerable{string}, BuiltinTrainingOptions?)"/>, reporting progress lines.</summary>
    public static BuiltinFrenchModel Train(IEnumerable<string> texts, BuiltinTrainingOptions? options, Action<string>? log) =>
        BuiltinTrainer.Train(texts, options ?? new BuiltinTrainingOptions(), log);

    /// <summary>Where the shipped model lives in a checkout.</summary>
    public static string DefaultPath(string repoRoot) => Path.Combine(repoRoot, "models", "builtin-fr", "builtin-fr.embeddings.gz");

    /// <summary>Embeds one text: an L2-normalised vector of <see cref="Dimensions"/> floats.</summary>
    public float[] Embed(string text)
    {
        var result = new float[Dimensions];
        EmbedInto(text, result, semanticOnly: false);
        return result;
    }

    /// <summary>Embeds many texts on all cores; the result is the same as calling <see cref="Embed"/> on each.</summary>
    public float[][] EmbedBatch(IReadOnlyList<string> texts) =>
        EmbedBatch(texts, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount });

    /// <summary>Embeds many texts with the given parallelism.</summary>
    public float[][] EmbedBatch(IReadOnlyList<string> texts, ParallelOptions parallelOptions)
    {
        var result = new float[texts.Count][];
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, texts.Count, 64), parallelOptions, range =>
        {
            for (var i = range.Item1; i < range.Item2; i++)
            {
                var v = new float[Dimensions];
                EmbedInto(texts[i] ?? "", v, semanticOnly: false);
                result[i] = v;
            }
        });
        return result;
    }

    internal float[][] EmbedSemanticBatch(IReadOnlyList<string> texts, ParallelOptions po)
    {
        var result = new float[texts.Count][];
        Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, texts.Count, 64), po, range =>
        {
            for (var i = range.Item1; i < range.Item2; i++)
            {
                var v = new float[Dimensions];
                EmbedInto(texts[i] ?? "", v, semanticOnly: true);
                result[i] = v[..SemanticDimensions];
            }
        });
        return result;
    }

    void EmbedInto(ReadOnlySpan<char> text, Span<float> output, bool semanticOnly)
    {
        output.Clear();
        var d = SemanticDimensions;
        var sem = output[..d];
        var lex = output[d..];
        var n = FrenchTermAnalyzer.Tokenize(text, out var buffer, out var tokens);
        for (var t = 0; t < n; t++)
        {
            if (tokens[t].Kind != TokenKind.Word) continue;
            var term = Lookup(buffer.AsSpan(tokens[t].Start, tokens[t].Length));
            if (ReferenceEquals(term, Dropped)) continue;
            if (term.Vector is not null && term.Weight != 0) Add(term.Weight, term.Vector.AsSpan(term.Offset, d), sem);
            if (lex.Length > 0 && !semanticOnly) lex[term.Bucket] += term.Sign * term.Idf;
        }

        var semNorm = Normalize(sem);
        if (semNorm > 0 && !semanticOnly) RemoveComponents(sem);
        if (lex.Length == 0 || semanticOnly) return;
        var lexNorm = Normalize(lex);
        var w = Math.Clamp(_header.LexicalWeight, 0f, 1f);
        if (semNorm > 0 && lexNorm > 0)
        {
            Scale(MathF.Sqrt(1 - w), sem);
            Scale(MathF.Sqrt(w), lex);
        }
    }

    /// <summary>Removes the common components from a unit semantic vector.</summary>
    void RemoveComponents(Span<float> sem)
    {
        var d = SemanticDimensions;
        if (_components.Length > 0)
        {
            for (var c = 0; c < _components.Length / d; c++)
            {
                var pc = _components.AsSpan(c * d, d);
                Add(-Dot(sem, pc), pc, sem);
            }
            Normalize(sem);
        }
    }

    Term Lookup(ReadOnlySpan<char> folded)
    {
        if (_cacheLookup.TryGetValue(folded, out var term)) return term;
        var word = folded.ToString();
        term = Resolve(word);
        if (_cache.Count < MaxCachedWords) _cache.TryAdd(word, term);
        return term;
    }

    Term Resolve(string folded)
    {
        if (_analyzer.IsDropped(folded)) return Dropped;
        var stem = FrenchTermAnalyzer.Stem(folded);
        if (_ids.TryGetValue(stem, out var id)) return _terms[id];
        // unknown stem (typo, rare inflection, new word): the vectors of the known stems that share the most of its
        // character n-grams (IDF-weighted Dice similarity), weighted by that similarity
        var d = SemanticDimensions;
        var (bucket, sign) = LexicalSlot(stem);
        float[]? vector = null;
        if (d > 0 && _vocab.Length > 0)
        {
            var index = _ngramIndex.Value;
            var shared = new Dictionary<int, double>();
            double own = 0;
            foreach (var h in Ngrams(stem).Distinct())
            {
                if (!index.Lists.TryGetValue(h, out var words))
                {
                    own += Math.Log(_vocab.Length + 1.0);
                    continue;
                }
                var idf = Math.Log((_vocab.Length + 1.0) / words.Length);
                own += idf;
                foreach (var w in words) shared[w] = shared.GetValueOrDefault(w) + idf;
            }
            var best = shared.Select(kv => (Word: kv.Key, Sim: 2 * kv.Value / (own + index.IdfSums[kv.Key])))
                .Where(x => x.Sim >= MinNgramSimilarity)
                .OrderByDescending(x => x.Sim).ThenBy(x => x.Word).Take(NgramNeighbours).ToArray();
            if (best.Length > 0)
            {
                var acc = new float[d];
                foreach (var (w, sim) in best) Add((float)sim, _vectors.AsSpan(w * d, d), acc);
                if (Normalize(acc) > 0) vector = acc;
            }
        }
        var maxWeight = _weights.Length > 0 ? _weights.Max() : 1f;
        return new Term(vector, 0, maxWeight * OovWeightFactor, _header.OovIdf, bucket, sign);
    }

    sealed record NgramIndex(Dictionary<ulong, int[]> Lists, double[] IdfSums);

    NgramIndex BuildNgramIndex()
    {
        var lists = new Dictionary<ulong, List<int>>();
        for (var i = 0; i < _vocab.Length; i++)
            foreach (var h in Ngrams(_vocab[i]).Distinct())
            {
                if (!lists.TryGetValue(h, out var list)) lists[h] = list = [];
                list.Add(i);
            }
        var idfSums = new double[_vocab.Length];
        foreach (var list in lists.Values)
        {
            var idf = Math.Log((_vocab.Length + 1.0) / list.Count);
            foreach (var w in list) idfSums[w] += idf;
        }
        return new NgramIndex(lists.Where(kv => kv.Value.Count <= MaxNgramFanout).ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()), idfSums);
    }

    static IEnumerable<ulong> Ngrams(string stem)
    {
        var s = "<" + stem + ">";
        for (var n = NgramMin; n <= NgramMax; n++)
            for (var i = 0; i + n <= s.Length; i++)
                yield return Fnv1a.Hash(s.AsSpan(i, n));
    }

    (int Bucket, float Sign) LexicalSlot(string stem)
    {
        if (_header.LexicalDimensions <= 0) return (0, 0);
        var h = Fnv1a.Hash(stem);
        return ((int)(h % (ulong)_header.LexicalDimensions), (h >> 63) == 0 ? 1f : -1f);
    }

    static void Add(float a, ReadOnlySpan<float> x, Span<float> dst)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var va = new Vector<float>(a);
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
                (new Vector<float>(dst[i..]) + va * new Vector<float>(x[i..])).CopyTo(dst[i..]);
        }
        for (; i < x.Length; i++) dst[i] += a * x[i];
    }

    // fixed-order scalar sums: the same result on every machine
    static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++) s += (double)a[i] * b[i];
        return (float)s;
    }

    static float Normalize(Span<float> v)
    {
        var norm = MathF.Sqrt(Dot(v, v));
        if (norm > 0) Scale(1 / norm, v);
        return norm;
    }

    static void Scale(float a, Span<float> v)
    {
        for (var i = 0; i < v.Length; i++) v[i] *= a;
    }

    internal static QuantizedVectors Quantize(float[] vectors, int rows, int d)
    {
        var data = new sbyte[(long)rows * d];
        var scales = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            var row = vectors.AsSpan(i * d, d);
            var max = 0f;
            foreach (var x in row) max = Math.Max(max, Math.Abs(x));
            var scale = max > 0 ? max / 127f : 0f;
            scales[i] = scale;
            if (scale == 0) continue;
            for (var j = 0; j < d; j++) data[(long)i * d + j] = (sbyte)Math.Clamp(MathF.Round(row[j] / scale), -127, 127);
        }
        return new QuantizedVectors(data, scales);
    }

    // ---- file format: gzip of [magic, version, header, stop words, vocabulary, int8 vectors, components] ----

    byte[] Serialize()
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(FormatVersion);
            w.Write(_header.SemanticDimensions);
            w.Write(_header.LexicalDimensions);
            w.Write(_header.LexicalWeight);
            w.Write(_header.OovIdf);
            w.Write(_header.Description);
            var stops = _analyzer.StopWords;
            w.Write(stops.Count);
            foreach (var s in stops) w.Write(s);
            w.Write(_vocab.Length);
            for (var i = 0; i < _vocab.Length; i++)
            {
                w.Write(_vocab[i]);
                w.Write(_weights[i]);
                w.Write(_idf[i]);
            }
            for (var i = 0; i < _vocab.Length; i++) w.Write(Quantized.Scales[i]);
            w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Quantized.Data.AsSpan()));
            w.Write(_components.Length);
            foreach (var c in _components) w.Write(c);

        }
        return ms.ToArray();
    }

    /// <summary>
    /// Writes the model to <paramref name="stream"/> (the caller's file: gzip-compressed binary, int8 vectors with one
    /// scale per word).
    /// </summary>
    public void Save(Stream stream)
    {
        using var gz = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        gz.Write(_payload);
    }

    /// <summary>Loads a model written by <see cref="Save"/>.</summary>
    public static BuiltinFrenchModel Load(string path)
    {
        using var gz = ModelFiles.Open(path, "make one with `synthesis models train`");
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        ms.Position = 0;
        using var r = new BinaryReader(ms, System.Text.Encoding.UTF8);
        if (r.ReadString() != Magic) throw new InvalidDataException($"{path} is not a Synthesis built-in French embedding model");
        var version = r.ReadInt32();
        if (version != FormatVersion) throw new InvalidDataException($"{path}: unsupported model format {version}");
        var header = new Header(r.ReadInt32(), r.ReadInt32(), r.ReadSingle(), r.ReadSingle(), r.ReadString());
        var stops = new string[r.ReadInt32()];
        for (var i = 0; i < stops.Length; i++) stops[i] = r.ReadString();
        var v = r.ReadInt32();
        var vocab = new string[v];
        var weights = new float[v];
        var idf = new float[v];
        for (var i = 0; i < v; i++)
        {
            vocab[i] = r.ReadString();
            weights[i] = r.ReadSingle();
            idf[i] = r.ReadSingle();
        }
        var scales = new float[v];
        for (var i = 0; i < v; i++) scales[i] = r.ReadSingle();
        var data = new sbyte[(long)v * header.SemanticDimensions];
        r.BaseStream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
        var components = ReadFloats(r);
        return new BuiltinFrenchModel(header, stops, vocab, weights, idf, new QuantizedVectors(data, scales), components);
    }

    static float[] ReadFloats(BinaryReader r)
    {
        var result = new float[r.ReadInt32()];
        for (var i = 0; i < result.Length; i++) result[i] = r.ReadSingle();
        return result;
    }

    /// <summary>The saved bytes' uncompressed content (what <see cref="Version"/> hashes).</summary>
    public ReadOnlyMemory<byte> Content => _payload;

    // ---- Microsoft.Extensions.AI ----

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var texts = values as IReadOnlyList<string> ?? values.ToList();
        var vectors = EmbedBatch(texts);
        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Length);
        foreach (var v in vectors) result.Add(new Embedding<float>(v) { ModelId = Version });
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? Metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    /// <summary>Nothing to release (the model is managed memory).</summary>
    public void Dispose() { }
}
