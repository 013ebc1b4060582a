using Microsoft.Data.Sqlite;
using Synthesis.Ingest.Store;
using Synthesis.Nlp.Embeddings;

namespace Synthesis.Ingest.Search;

/// <summary>A search result with what an analyst needs to read it and click through to the contribution.</summary>
public sealed record PassageResult(
    long PassageId, long ContributionId, string Text, double Score, IReadOnlyList<HighlightSpan> Highlights,
    PassagePayload Payload, string? Title, long? StartMs, long? EndMs, int? Bm25Rank, int? VectorRank);

/// <summary>
/// The search over a data folder: French BM25 and the built-in embedding model's vectors, fused. The store is the
/// truth: the indexes live in DATA/index, record the model they were built with, and are rebuilt from the store
/// when missing, stale (another model, or passages changed) or corrupt. A rebuild writes new files then swaps them.
/// </summary>
public sealed class PassageSearch : IDisposable
{
    readonly LexicalIndex _lexical;
    readonly EmbeddedVectorIndex _vectors;
    readonly BuiltinFrenchModel _model;
    readonly Dictionary<long, (string Text, string? Title, long? StartMs, long? EndMs, PassagePayload Payload)> _passages;
    public HybridSearch Hybrid { get; }
    public bool Rebuilt { get; }

    PassageSearch(LexicalIndex lexical, EmbeddedVectorIndex vectors, BuiltinFrenchModel model,
        Dictionary<long, (string Text, string? Title, long? StartMs, long? EndMs, PassagePayload Payload)> passages, bool rebuilt)
    {
        _lexical = lexical;
        _vectors = vectors;
        _model = model;
        _passages = passages;
        Rebuilt = rebuilt;
        Hybrid = new HybridSearch(lexical, vectors, (q, _) => Task.FromResult(model.Embed(q)));
    }

    public static PassageSearch Open(SynthesisStore store, BuiltinFrenchModel model)
    {
        using var c = store.Connect();
        var passages = ReadPassages(c);
        var stamp = $"{passages.Count}:{(passages.Count == 0 ? 0 : passages.Keys.Max())}:{c.ScalarLong("SELECT count(*) FROM topic_assignments")}";
        var folder = Path.Combine(store.DataDirectory, "index");
        var info = new IndexInfo("builtin-fr", model.Version, model.Dimensions);
        var stampFile = Path.Combine(folder, "store-stamp.txt");
        var vectors = EmbeddedVectorIndex.Open(Path.Combine(folder, "vectors"), info, out bool needsRebuild);
        var stale = needsRebuild || !File.Exists(stampFile) || File.ReadAllText(stampFile) != stamp;
        var lexical = LexicalIndex.Open(Path.Combine(folder, "lexical"));
        if (stale)
        {
            vectors.Dispose();
            vectors = EmbeddedVectorIndex.Create(Path.Combine(folder, "vectors"), info);
            lexical.Clear();
            var ids = passages.Keys.Order().ToList();
            for (var start = 0; start < ids.Count; start += 4096)
            {
                var batch = ids.Skip(start).Take(4096).ToList();
                var embedded = model.EmbedBatch(batch.Select(id => passages[id].Text).ToList());
                vectors.Upsert(batch.Select((id, i) => new VectorPoint(id, embedded[i], passages[id].Payload)).ToList());
                lexical.Add(batch.Select(id => new LexicalDocument(id, passages[id].Text, passages[id].Payload)));
            }
            vectors.Save();
            lexical.Commit();
            Directory.CreateDirectory(folder);
            File.WriteAllText(stampFile, stamp);
        }
        return new PassageSearch(lexical, vectors, model, passages, stale);
    }

    public async Task<IReadOnlyList<PassageResult>> SearchAsync(string query, int k, SearchFilter? filter, SearchMode mode, CancellationToken ct = default) =>
        Results(await Hybrid.SearchAsync(query, k, mode, filter, ct));

    public async Task<IReadOnlyList<PassageResult>> MoreLikeThisAsync(long passageId, int k, CancellationToken ct = default) =>
        Results(await Hybrid.MoreLikeThisAsync(passageId, k, cancellationToken: ct));

    IReadOnlyList<PassageResult> Results(IReadOnlyList<HybridHit> hits) => hits.Where(h => _passages.ContainsKey(h.PassageId)).Select(h =>
    {
        var p = _passages[h.PassageId];
        return new PassageResult(h.PassageId, p.Payload.ContributionId, p.Text, h.Score, h.Highlights, p.Payload, p.Title, p.StartMs, p.EndMs, h.Bm25Rank, h.VectorRank);
    }).ToList();

    static Dictionary<long, (string Text, string? Title, long? StartMs, long? EndMs, PassagePayload Payload)> ReadPassages(SqliteConnection c)
    {
        var result = new Dictionary<long, (string Text, string? Title, long? StartMs, long? EndMs, PassagePayload Payload)>();
        using var command = c.Command("""
            SELECT p.id, p.contribution_id, coalesce(o.text, p.text), co.title, p.start_ms, p.end_ms, p.source,
                   coalesce(o.question, a.question), ta.topic_id, coalesce(o.sentiment, a.sentiment),
                   co.profile, co.neighbourhood, co.channel, co.date
            FROM passages p JOIN contributions co ON co.id = p.contribution_id
            LEFT JOIN passage_analysis a ON a.passage_id = p.id
            LEFT JOIN passage_overrides o ON o.passage_id = p.id
            LEFT JOIN topic_assignments ta ON ta.passage_id = p.id
            """);
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            var payload = new PassagePayload(
                r.GetInt64(1),
                r.IsDBNull(7) ? null : DomainNames.Parse<QuestionType>(r.GetString(7)),
                r.GetInt64OrNull(8),
                r.IsDBNull(9) ? null : DomainNames.Parse<Sentiment>(r.GetString(9)),
                DomainNames.Parse<ParticipantProfile>(r.GetString(10)),
                r.GetStringOrNull(11),
                DomainNames.Parse<Channel>(r.GetString(12)),
                DomainNames.Parse<PassageSource>(r.GetString(6)),
                r.IsDBNull(13) ? null : DateTimeOffset.Parse(r.GetString(13), System.Globalization.CultureInfo.InvariantCulture));
            result[r.GetInt64(0)] = (r.GetString(2), r.GetStringOrNull(3), r.GetInt64OrNull(4), r.GetInt64OrNull(5), payload);
        }
        return result;
    }

    public void Dispose()
    {
        _lexical.Dispose();
        _vectors.Dispose();
    }
}
