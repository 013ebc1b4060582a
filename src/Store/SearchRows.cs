using System.Globalization;
using System.Runtime.InteropServices;
using System.Data.Common;
using Dapper;

namespace Synthesis.Store;

/// <summary>What search filters on, copied from the store next to each passage vector.</summary>
public sealed record PassagePayload(
    long ContributionId,
    QuestionType? Question,
    long? TopicId,
    Sentiment? Sentiment,
    ParticipantProfile Profile,
    string? Neighbourhood,
    Channel Channel,
    PassageSource Source,
    DateTimeOffset? Date);

/// <summary>
/// A passage as search sees it in the store now: its effective text and payload (reviewers' overrides applied, its
/// current topic) and its stored vector. <see cref="Exists"/> is false for a passage that was deleted.
/// </summary>
public sealed record PassageState(long Seq, long PassageId, bool Exists, string Text, PassagePayload? Payload, string? VectorModel, float[]? Vector);

/// <summary>What a result shows beside its passage id, read from the store for the k results only.</summary>
public sealed record PassageDetails(string Text, string? Title, long? StartMs, long? EndMs, PassagePayload Payload);

/// <summary>
/// How far a search index has read the store's change log: <see cref="Seq"/>, the highest change number it applied, and
/// <see cref="Floor"/>, a number at or below which every change is applied. On SQLite the two are the same (writers
/// commit one at a time, in number order). On PostgreSQL a change's number is given when its row is written, not when
/// its transaction commits, so a transaction still running can commit a number below one already read: the floor stays
/// below every number such a transaction may hold (<see cref="ReadPoint"/>), and the next read starts from it (a change
/// applied twice changes nothing).
/// </summary>
public readonly record struct ChangeMark(long Seq, long Floor)
{
    /// <summary>The earlier of two marks (each part the lower): reading from it misses neither's changes.</summary>
    public static ChangeMark Min(ChangeMark a, ChangeMark b) => new(Math.Min(a.Seq, b.Seq), Math.Min(a.Floor, b.Floor));
}

/// <summary>
/// What PostgreSQL says when an index reads the change log: the highest change number given so far (<see cref="Last"/>,
/// read first), then the oldest transaction still writing (<see cref="Oldest"/>) and a transaction ID given to the read
/// itself (<see cref="Mine"/>): a transaction whose ID is above <see cref="Mine"/> got it afterwards, so its change
/// numbers are above <see cref="Last"/>. (A snapshot's xmax would not do: a transaction can hold an ID above it.)
/// </summary>
public readonly record struct ReadPoint(long Last, long Oldest, long Mine);

/// <summary>
/// The store's side of search: the change log (table <c>search_changes</c>, filled by triggers) that indexes catch up
/// from, the stored vectors (<c>passage_vectors</c>, one per passage, tagged with the model key) and result details.
/// </summary>
public static class SearchRows
{
    const string PayloadColumns = """
        p.source, p.contribution_id, p.question, p.topic_id, p.sentiment,
        co.profile, co.neighbourhood, co.channel, co.date
        """;

    /// <summary>The passages as reviewers left them (<c>reviewed_passages</c>), with their contribution's facets.</summary>
    const string PayloadJoins = """
        LEFT JOIN contributions co ON co.id = p.contribution_id
        """;

    /// <summary>The highest change number committed (0 when nothing ever changed): one index lookup.</summary>
    public static long LatestChange(DbConnection c) => c.ScalarLong("SELECT coalesce(max(seq), 0) FROM search_changes");

    /// <summary>On PostgreSQL, the change numbers and transactions as an index starts reading (see <see cref="ChangeMark"/>); null on SQLite.</summary>
    public static ReadPoint? Point(DbConnection c)
    {
        if (!c.IsPostgres()) return null;
        // the last number first, then the running transactions and an ID of its own (one transaction ID a read)
        var last = c.ScalarLong("SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM search_changes_seq");
        var (oldest, mine) = c.QuerySingle<(long, long)>("""
            SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint, pg_current_xact_id()::text::bigint
            """);
        return new ReadPoint(last, oldest, mine);
    }

    /// <summary>Whether the log holds a change above an index's floor (one index lookup).</summary>
    public static bool ChangedAfter(DbConnection c, ChangeMark mark) => LatestChange(c) > mark.Floor;

    /// <summary>
    /// A page of the change log: the changes to apply, the numbers of the changes handled (those applied and those left
    /// to the pipeline), and the last change number read (null: none left).
    /// </summary>
    public sealed record ChangePage(List<PassageState> Changes, List<long> Handled, long? Last);

    /// <summary>
    /// The changes after an index's <see cref="ChangeMark.Floor"/>, in number order, at most <paramref name="limit"/>,
    /// after <paramref name="cursor"/> (the last number of the previous page; null for the first page), but those
    /// <paramref name="applied"/> says were applied, and those of passages without a vector of <paramref name="model"/>
    /// whose contribution is still in the pipeline: the index stage's vector comes back through the log, so indexing
    /// them now would only be redone. The passages of the others are read.
    /// </summary>
    public static ChangePage ChangesSince(DbConnection c, ChangeMark mark, long? cursor, int limit, Func<long, bool>? applied, (string Key, int Dimensions) model)
    {
        var rows = new List<PassageState>();
        var read = c.Query<(long Seq, long Passage, long? Contribution, long Usable)>("""
            SELECT ch.seq, ch.passage_id, p.contribution_id,
                   CASE WHEN v.model = @key AND length(v.vector) = @bytes THEN 1 ELSE 0 END
            FROM search_changes ch LEFT JOIN passages p ON p.id = ch.passage_id LEFT JOIN passage_vectors v ON v.passage_id = ch.passage_id
            WHERE ch.seq > @after ORDER BY ch.seq LIMIT @limit
            """, new { after = Math.Max(cursor ?? mark.Floor, mark.Floor), limit, key = model.Key, bytes = model.Dimensions * sizeof(float) }).ToList();
        if (read.Count == 0) return new(rows, [], null);
        var fresh = applied is null ? read : read.Where(r => !applied(r.Seq)).ToList();
        var waiting = JobQueue.InPipeline(c, fresh.Where(r => r.Contribution is not null && r.Usable == 0).Select(r => r.Contribution!.Value));
        var page = fresh.Where(r => r.Contribution is null || r.Usable == 1 || !waiting.Contains(r.Contribution.Value))
            .Select(r => (r.Seq, r.Passage)).ToList();
        var handled = fresh.Select(r => r.Seq).ToList();
        if (page.Count == 0) return new(rows, handled, read[^1].Seq);
        // then the passages, each by its key (one statement with the page would let PostgreSQL's planner read all
        // passages), and their vectors apart (joined, the planner may read every vector to hash them)
        var ids = string.Join(',', page.Select(x => x.Passage).Distinct().Select(i => i.ToString(CultureInfo.InvariantCulture)));
        var states = new Dictionary<long, (string Text, PassagePayload Payload)>(page.Count);
        using (var command = c.Command($"SELECT p.id, p.text, {PayloadColumns} FROM reviewed_passages p {PayloadJoins} WHERE p.id IN ({ids})"))
        using (var r = command.ExecuteReader())
        {
            while (r.Read()) states[r.GetInt64(0)] = (r.GetString(1), ReadPayload(r, 2));
        }
        var vectors = new Dictionary<long, (string Model, float[] Vector)>(page.Count);
        using (var command = c.Command($"SELECT passage_id, model, vector FROM passage_vectors WHERE passage_id IN ({ids})"))
        using (var r = command.ExecuteReader())
        {
            while (r.Read()) vectors[r.GetInt64(0)] = (r.GetString(1), FromBlob((byte[])r[2]));
        }
        foreach (var (seq, passage) in page)
            rows.Add(states.TryGetValue(passage, out var state)
                ? new PassageState(seq, passage, true, state.Text, state.Payload,
                    vectors.TryGetValue(passage, out var v) ? v.Model : null, vectors.TryGetValue(passage, out v) ? v.Vector : null)
                : new PassageState(seq, passage, false, "", null, null, null));
        return new(rows, handled, read[^1].Seq);
    }

    /// <summary>Text, title, media times and current payload of the given passages (missing ones are left out).</summary>
    public static Dictionary<long, PassageDetails> Details(DbConnection c, IReadOnlyCollection<long> ids)
    {
        var result = new Dictionary<long, PassageDetails>(ids.Count);
        if (ids.Count == 0) return result;
        using var command = c.Command($"""
            SELECT p.id, p.text, co.title, p.start_ms, p.end_ms, {PayloadColumns}
            FROM reviewed_passages p {PayloadJoins}
            WHERE p.id IN ({string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture)))})
            """);
        using var r = command.ExecuteReader();
        while (r.Read())
            result[r.GetInt64(0)] = new PassageDetails(r.GetString(1), r.GetStringOrNull(2), r.GetInt64OrNull(3), r.GetInt64OrNull(4), ReadPayload(r, 5));
        return result;
    }

    /// <summary>The effective texts of passages, for embedding.</summary>
    public static List<(long Id, long ContributionId, string Text)> TextsOfContributions(DbConnection c, IEnumerable<long> contributionIds)
    {
        var list = new List<(long, long, string)>();
        var ids = string.Join(',', contributionIds.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        if (ids.Length == 0) return list;
        using var command = c.Command($"""
            SELECT p.id, p.contribution_id, p.text FROM reviewed_passages p
            WHERE p.contribution_id IN ({ids}) ORDER BY p.id
            """);
        using var r = command.ExecuteReader();
        while (r.Read()) list.Add((r.GetInt64(0), r.GetInt64(1), r.GetString(2)));
        return list;
    }

    // A passage deleted meanwhile (re-segmented) gets no vector rather than a foreign-key failure.
    static readonly BulkStatement Vector = new("""
        INSERT INTO passage_vectors(passage_id, model, vector) SELECT @p, @m, @v WHERE EXISTS (SELECT 1 FROM passages WHERE id = @p)
        ON CONFLICT(passage_id) DO UPDATE SET model = excluded.model, vector = excluded.vector
        """, """
        INSERT INTO passage_vectors(passage_id, model, vector)
        SELECT u.p, u.m, u.v FROM unnest(@p, @m, @v) AS u(p, m, v) WHERE EXISTS (SELECT 1 FROM passages WHERE id = u.p)
        ON CONFLICT(passage_id) DO UPDATE SET model = excluded.model, vector = excluded.vector
        """, [("@p", typeof(long?)), ("@m", typeof(string)), ("@v", typeof(byte[]))]);

    /// <summary>Stores (or replaces) a passage's vector with the model it came from.</summary>
    public static void SaveVector(StoreWriter w, long passageId, string modelKey, float[] vector) =>
        w.Execute(Vector, passageId, modelKey, ToBlob(vector));

    static PassagePayload ReadPayload(DbDataReader r, int at) => new(
        r.GetInt64(at + 1),
        r.IsDBNull(at + 2) ? null : DomainNames.Parse<QuestionType>(r.GetString(at + 2)),
        r.GetInt64OrNull(at + 3),
        r.IsDBNull(at + 4) ? null : DomainNames.Parse<Sentiment>(r.GetString(at + 4)),
        r.IsDBNull(at + 5) ? ParticipantProfile.Unknown : DomainNames.Parse<ParticipantProfile>(r.GetString(at + 5)),
        r.GetStringOrNull(at + 6),
        r.IsDBNull(at + 7) ? Channel.Other : DomainNames.Parse<Channel>(r.GetString(at + 7)),
        DomainNames.Parse<PassageSource>(r.GetString(at)),
        r.IsDBNull(at + 8) ? null : DateTimeOffset.Parse(r.GetString(at + 8), CultureInfo.InvariantCulture));

    /// <summary>Every vector stored under one model key, streamed (a connection of the caller's own: it reads while others write).</summary>
    public static IEnumerable<(long PassageId, float[] Vector)> StoredVectors(DbConnection c, string modelKey)
    {
        using var command = c.Command("SELECT passage_id, vector FROM passage_vectors WHERE model = @m", null, ("@m", modelKey));
        using var reader = command.ExecuteReader();
        while (reader.Read()) yield return (reader.GetInt64(0), FromBlob((byte[])reader[1]));
    }

    /// <summary>Little-endian float32s, as the machines Synthesis runs on store them.</summary>
    public static byte[] ToBlob(float[] vector) => MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();

    public static float[] FromBlob(byte[] blob)
    {
        if (blob.Length % sizeof(float) != 0) throw new InvalidDataException($"a stored vector has {blob.Length} bytes, not a whole number of floats");
        return MemoryMarshal.Cast<byte, float>(blob).ToArray();
    }
}
