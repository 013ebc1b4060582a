using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Tokenizers;

namespace Synthesis.Nlp.Embeddings;

/// <summary>Whether a text is a search query or a passage to be found (e5 models prefix them differently).</summary>
public enum EmbeddingInputKind
{
    /// <summary>A passage of the corpus (the default).</summary>
    Passage,
    /// <summary>A search query.</summary>
    Query,
}

/// <summary>How token vectors become one passage vector.</summary>
public enum OnnxPooling
{
    /// <summary>The model's <c>sentence_embedding</c> output when it has one, else <see cref="Mean"/>.</summary>
    Auto,
    /// <summary>Mean of the token vectors of the last hidden state, padding excluded (sentence-transformers default).</summary>
    Mean,
    /// <summary>The first token's vector ([CLS] / &lt;s&gt;).</summary>
    Cls,
}

/// <summary>Which tokenizer file a model folder has.</summary>
public enum OnnxTokenizerKind
{
    /// <summary>Decided from the files present (vocab.txt → WordPiece; sentencepiece.bpe.model / tokenizer.model → SentencePiece).</summary>
    Auto,
    /// <summary>BERT WordPiece <c>vocab.txt</c>.</summary>
    WordPiece,
    /// <summary>SentencePiece model (<c>sentencepiece.bpe.model</c>, <c>tokenizer.model</c>, <c>spiece.model</c>).</summary>
    SentencePiece,
}

/// <summary>Settings of <see cref="OnnxSentenceEmbedder"/>.</summary>
public sealed record OnnxEmbedderOptions
{
    /// <summary>Longest input in tokens, special tokens included; longer texts are truncated (256 or 512 usually).</summary>
    public int MaxTokens { get; init; } = 256;

    /// <summary>Texts per inference call.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Prefix added to queries, e.g. "query: " for e5 models; null for none.</summary>
    public string? QueryPrefix { get; init; }

    /// <summary>Prefix added to passages, e.g. "passage: " for e5 models; null for none.</summary>
    public string? PassagePrefix { get; init; }

    /// <summary>Pooling of the token vectors.</summary>
    public OnnxPooling Pooling { get; init; } = OnnxPooling.Auto;

    /// <summary>L2-normalise the vectors (on by default: cosine = dot product).</summary>
    public bool Normalize { get; init; } = true;

    /// <summary>Tokenizer file kind.</summary>
    public OnnxTokenizerKind Tokenizer { get; init; } = OnnxTokenizerKind.Auto;

    /// <summary>WordPiece: lower-case before tokenizing (uncased models); null to read tokenizer_config.json (default true).</summary>
    public bool? LowerCase { get; init; }

    /// <summary>
    /// SentencePiece: map ids the fairseq way used by XLM-RoBERTa models (multilingual-e5, paraphrase-multilingual-MiniLM):
    /// &lt;s&gt;=0, &lt;pad&gt;=1, &lt;/s&gt;=2, &lt;unk&gt;=3, pieces shifted by one. Null: on for sentencepiece.bpe.model or an
    /// XLMRobertaTokenizer in tokenizer_config.json.
    /// </summary>
    public bool? FairseqIds { get; init; }

    /// <summary>Threads of one inference; null for all cores.</summary>
    public int? IntraOpThreads { get; init; }

    /// <summary>
    /// Let ONNX Runtime's worker threads spin while waiting (a little faster on a dedicated machine, CPU wasted on a
    /// shared one). Off by default.
    /// </summary>
    public bool AllowSpinning { get; init; }

    /// <summary>Name reported as the model id; null for the folder name.</summary>
    public string? ModelId { get; init; }

    /// <summary>The e5 conventions: "query: " and "passage: " prefixes, mean pooling, 512 tokens.</summary>
    public static OnnxEmbedderOptions E5 { get; } = new() { QueryPrefix = "query: ", PassagePrefix = "passage: ", MaxTokens = 512 };
}

/// <summary>
/// Sentence embeddings from an exported sentence-transformers ONNX model (all-MiniLM-L6-v2, multilingual-e5-small,
/// paraphrase-multilingual-MiniLM-L12-v2...) with its tokenizer: WordPiece vocab.txt (Microsoft.ML.Tokenizers
/// BertTokenizer) or SentencePiece. Feeds input_ids, attention_mask and, when the model has it, token_type_ids;
/// pools the last hidden state by mean over real tokens (or uses sentence_embedding), then L2-normalises.
/// Thread-safe.
/// </summary>
public sealed class OnnxSentenceEmbedder : IEmbeddingGenerator<string, Embedding<float>>, IDisposable
{
    readonly InferenceSession _session;
    readonly OnnxEmbedderOptions _options;
    readonly Func<string, int, IReadOnlyList<int>> _encode;
    readonly int _startId, _endId, _padId;
    readonly bool _hasTokenTypes;
    readonly string _outputName;
    readonly bool _pooledOutput;
    readonly TensorElementType _inputType;

    OnnxSentenceEmbedder(InferenceSession session, OnnxEmbedderOptions options, Func<string, int, IReadOnlyList<int>> encode,
        int startId, int endId, int padId, string modelId)
    {
        _session = session;
        _options = options;
        _encode = encode;
        _startId = startId;
        _endId = endId;
        _padId = padId;
        var inputs = session.InputMetadata;
        if (!inputs.ContainsKey("input_ids") || !inputs.ContainsKey("attention_mask"))
            throw new InvalidDataException("the ONNX model needs inputs input_ids and attention_mask; it has " + string.Join(", ", inputs.Keys));
        _hasTokenTypes = inputs.ContainsKey("token_type_ids");
        _inputType = inputs["input_ids"].ElementDataType;
        if (_inputType is not (TensorElementType.Int64 or TensorElementType.Int32))
            throw new InvalidDataException($"input_ids of type {_inputType} is not supported");
        var outputs = session.OutputMetadata;
        if (options.Pooling == OnnxPooling.Auto && outputs.ContainsKey("sentence_embedding"))
        {
            _outputName = "sentence_embedding";
            _pooledOutput = true;
        }
        else
        {
            _outputName = outputs.ContainsKey("last_hidden_state") ? "last_hidden_state"
                : outputs.ContainsKey("token_embeddings") ? "token_embeddings"
                : outputs.First(o => o.Value.Dimensions.Length == 3).Key;
        }
        var dims = outputs[_outputName].Dimensions;
        Dimensions = dims[^1] > 0 ? dims[^1] : ProbeDimensions();
        ModelId = modelId;
        Metadata = new EmbeddingGeneratorMetadata("onnx", null, modelId, Dimensions);
    }

    /// <summary>Length of the vectors.</summary>
    public int Dimensions { get; }

    /// <summary>The model's name (folder name unless set in the options).</summary>
    public string ModelId { get; }

    /// <summary>Metadata for Microsoft.Extensions.AI.</summary>
    public EmbeddingGeneratorMetadata Metadata { get; }

    /// <summary>
    /// Loads a model folder: model.onnx (or onnx/model.onnx, or the only .onnx file) and its tokenizer file
    /// (vocab.txt, sentencepiece.bpe.model, tokenizer.model or spiece.model); tokenizer_config.json is read when present.
    /// </summary>
    public static OnnxSentenceEmbedder Load(string modelDirectory, OnnxEmbedderOptions? options = null)
    {
        var o = options ?? new OnnxEmbedderOptions();
        var onnx = new[] { "model.onnx", Path.Combine("onnx", "model.onnx") }.Select(p => Path.Combine(modelDirectory, p)).FirstOrDefault(File.Exists)
            ?? Directory.EnumerateFiles(modelDirectory, "*.onnx", SearchOption.AllDirectories).Order(StringComparer.Ordinal).FirstOrDefault()
            ?? throw new FileNotFoundException($"no .onnx model in {modelDirectory}");
        string? Find(params string[] names) =>
            names.Select(n => Path.Combine(modelDirectory, n)).FirstOrDefault(File.Exists);
        var vocab = Find("vocab.txt");
        var spm = Find("sentencepiece.bpe.model", "tokenizer.model", "spiece.model", "sentencepiece.model");
        var kind = o.Tokenizer != OnnxTokenizerKind.Auto ? o.Tokenizer
            : spm is not null ? OnnxTokenizerKind.SentencePiece
            : vocab is not null ? OnnxTokenizerKind.WordPiece
            : throw new FileNotFoundException($"no vocab.txt or SentencePiece model in {modelDirectory}");
        var config = ReadTokenizerConfig(Find("tokenizer_config.json"));
        var modelId = o.ModelId ?? new DirectoryInfo(modelDirectory).Name;
        if (kind == OnnxTokenizerKind.WordPiece)
        {
            using var vocabStream = ModelFiles.Open(vocab ?? throw new FileNotFoundException($"no vocab.txt in {modelDirectory}"));
            var lower = o.LowerCase ?? config.LowerCase ?? true;
            return FromWordPiece(onnx, vocabStream, o with { LowerCase = lower }, modelId);
        }
        using var spmStream = ModelFiles.Open(spm ?? throw new FileNotFoundException($"no SentencePiece model in {modelDirectory}"));
        var fairseq = o.FairseqIds ?? (Path.GetFileName(spm) == "sentencepiece.bpe.model" || config.Class?.Contains("XLMRoberta", StringComparison.OrdinalIgnoreCase) == true);
        return FromSentencePiece(onnx, spmStream, o with { FairseqIds = fairseq }, modelId);
    }

    /// <summary>A BERT-style model with a WordPiece vocabulary (vocab.txt).</summary>
    public static OnnxSentenceEmbedder FromWordPiece(string onnxPath, Stream vocabTxt, OnnxEmbedderOptions? options = null, string? modelId = null)
    {
        var o = options ?? new OnnxEmbedderOptions();
        var lower = o.LowerCase ?? true;
        var bert = BertTokenizer.Create(vocabTxt, new BertOptions { LowerCaseBeforeTokenization = lower, RemoveNonSpacingMarks = lower });
        IReadOnlyList<int> Encode(string text, int max) =>
            bert.EncodeToIds(text, max, addSpecialTokens: false, out _, out _);
        return new OnnxSentenceEmbedder(CreateSession(onnxPath, o), o, Encode, bert.ClassificationTokenId, bert.SeparatorTokenId,
            bert.PaddingTokenId, modelId ?? o.ModelId ?? Path.GetFileNameWithoutExtension(onnxPath));
    }

    /// <summary>A model with a SentencePiece tokenizer (XLM-RoBERTa family when <see cref="OnnxEmbedderOptions.FairseqIds"/>).</summary>
    public static OnnxSentenceEmbedder FromSentencePiece(string onnxPath, Stream sentencePieceModel, OnnxEmbedderOptions? options = null, string? modelId = null)
    {
        var o = options ?? new OnnxEmbedderOptions();
        var sp = SentencePieceTokenizer.Create(sentencePieceModel, addBeginningOfSentence: false, addEndOfSentence: false);
        var fairseq = o.FairseqIds ?? false;
        var unk = sp.UnknownId;
        IReadOnlyList<int> Encode(string text, int max)
        {
            var ids = sp.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false, maxTokenCount: max, out _, out _);
            if (!fairseq) return ids;
            var mapped = new int[ids.Count];
            for (var i = 0; i < mapped.Length; i++) mapped[i] = ids[i] == unk ? 3 : ids[i] + 1;
            return mapped;
        }
        var (start, end, pad) = fairseq ? (0, 2, 1) : (sp.BeginningOfSentenceId, sp.EndOfSentenceId, Math.Max(0, sp.UnknownId));
        return new OnnxSentenceEmbedder(CreateSession(onnxPath, o), o, Encode, start, end, pad,
            modelId ?? o.ModelId ?? Path.GetFileNameWithoutExtension(onnxPath));
    }

    static InferenceSession CreateSession(string onnxPath, OnnxEmbedderOptions o)
    {
        using var so = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = o.IntraOpThreads ?? Environment.ProcessorCount,
            InterOpNumThreads = 1,
        };
        so.AddSessionConfigEntry("session.intra_op.allow_spinning", o.AllowSpinning ? "1" : "0");
        return new InferenceSession(onnxPath, so);
    }

    sealed record TokenizerConfig(bool? LowerCase, string? Class);

    static TokenizerConfig ReadTokenizerConfig(string? path)
    {
        if (path is null) return new TokenizerConfig(null, null);
        using var doc = JsonDocument.Parse(ModelFiles.ReadAllText(path));
        var root = doc.RootElement;
        bool? lower = root.TryGetProperty("do_lower_case", out var l) && l.ValueKind is JsonValueKind.True or JsonValueKind.False ? l.GetBoolean() : null;
        var cls = root.TryGetProperty("tokenizer_class", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        return new TokenizerConfig(lower, cls);
    }

    int ProbeDimensions() => Run(["x"]).GetLength(1);

    /// <summary>Token ids of a text as the model sees it (special tokens included, truncated to MaxTokens).</summary>
    public IReadOnlyList<int> Tokenize(string text, EmbeddingInputKind kind = EmbeddingInputKind.Passage)
    {
        var prefix = kind == EmbeddingInputKind.Query ? _options.QueryPrefix : _options.PassagePrefix;
        var body = _encode(prefix + (text ?? ""), Math.Max(1, _options.MaxTokens - 2));
        var ids = new int[body.Count + 2];
        ids[0] = _startId;
        for (var i = 0; i < body.Count; i++) ids[i + 1] = body[i];
        ids[^1] = _endId;
        return ids;
    }

    /// <summary>Embeds one text.</summary>
    public float[] Embed(string text, EmbeddingInputKind kind = EmbeddingInputKind.Passage) => EmbedBatch([text], kind)[0];

    /// <summary>
    /// Embeds texts in batches of similar length (less padding); results are in input order and equal, up to float
    /// rounding, to embedding each text alone.
    /// </summary>
    public float[][] EmbedBatch(IReadOnlyList<string> texts, EmbeddingInputKind kind = EmbeddingInputKind.Passage)
    {
        var tokens = new IReadOnlyList<int>[texts.Count];
        Parallel.For(0, texts.Count, i => tokens[i] = Tokenize(texts[i], kind));
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => tokens[i].Count).ThenBy(i => i).ToArray();
        var result = new float[texts.Count][];
        var batch = Math.Max(1, _options.BatchSize);
        for (var start = 0; start < order.Length; start += batch)
        {
            var members = order.Skip(start).Take(batch).ToArray();
            var vectors = Run(members.Select(i => tokens[i]).ToArray());
            for (var b = 0; b < members.Length; b++)
            {
                var v = new float[vectors.GetLength(1)];
                for (var j = 0; j < v.Length; j++) v[j] = vectors[b, j];
                result[members[b]] = v;
            }
        }
        return result;
    }

    float[,] Run(string[] texts) => Run(texts.Select(t => Tokenize(t)).ToArray());

    float[,] Run(IReadOnlyList<int>[] batch)
    {
        var n = batch.Length;
        var len = batch.Max(t => t.Count);
        var ids = new long[n * len];
        var mask = new long[n * len];
        for (var b = 0; b < n; b++)
            for (var t = 0; t < len; t++)
            {
                var real = t < batch[b].Count;
                ids[b * len + t] = real ? batch[b][t] : _padId;
                mask[b * len + t] = real ? 1 : 0;
            }
        long[] shape = [n, len];
        var names = new List<string> { "input_ids", "attention_mask" };
        var values = new List<OrtValue> { Tensor(ids, shape), Tensor(mask, shape) };
        if (_hasTokenTypes)
        {
            names.Add("token_type_ids");
            values.Add(Tensor(new long[n * len], shape));
        }
        try
        {
            using var run = new RunOptions();
            using var outputs = _session.Run(run, names, values, [_outputName]);
            var output = outputs[0];
            var outShape = output.GetTensorTypeAndShape().Shape;
            var data = output.GetTensorDataAsSpan<float>();
            var dim = (int)outShape[^1];
            var result = new float[n, dim];
            var pooled = new double[dim];
            for (var b = 0; b < n; b++)
            {
                Array.Clear(pooled);
                if (_pooledOutput)
                {
                    for (var j = 0; j < dim; j++) pooled[j] = data[b * dim + j];
                }
                else if (_options.Pooling == OnnxPooling.Cls)
                {
                    for (var j = 0; j < dim; j++) pooled[j] = data[b * len * dim + j];
                }
                else
                {
                    var count = batch[b].Count;
                    for (var t = 0; t < count; t++)
                    {
                        var offset = (b * len + t) * dim;
                        for (var j = 0; j < dim; j++) pooled[j] += data[offset + j];
                    }
                    for (var j = 0; j < dim; j++) pooled[j] /= Math.Max(1, count);
                }
                var norm = 1.0;
                if (_options.Normalize)
                {
                    norm = Math.Sqrt(pooled.Sum(x => x * x));
                    if (norm == 0) norm = 1;
                }
                for (var j = 0; j < dim; j++) result[b, j] = (float)(pooled[j] / norm);
            }
            return result;
        }
        finally
        {
            foreach (var v in values) v.Dispose();
        }
    }

    OrtValue Tensor(long[] data, long[] shape) =>
        _inputType == TensorElementType.Int32
            ? OrtValue.CreateTensorValueFromMemory(data.Select(x => (int)x).ToArray(), shape)
            : OrtValue.CreateTensorValueFromMemory(data, shape);

    // ---- Microsoft.Extensions.AI ----

    /// <summary>
    /// Embeds <paramref name="values"/> as passages, or as queries when the options' AdditionalProperties has
    /// "input_type" = "query" (e5 prefixes).
    /// </summary>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var kind = options?.AdditionalProperties?.TryGetValue("input_type", out var t) == true && string.Equals(t?.ToString(), "query", StringComparison.OrdinalIgnoreCase)
            ? EmbeddingInputKind.Query : EmbeddingInputKind.Passage;
        var texts = values as IReadOnlyList<string> ?? values.ToList();
        var vectors = EmbedBatch(texts, kind);
        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Length);
        foreach (var v in vectors) result.Add(new Embedding<float>(v) { ModelId = ModelId });
        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? Metadata
        : serviceType == typeof(InferenceSession) ? _session
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    /// <summary>Releases the ONNX session.</summary>
    public void Dispose() => _session.Dispose();
}
