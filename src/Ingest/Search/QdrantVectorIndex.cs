using System.Text;
using Grpc.Core;
using Qdrant.Client;
using Qdrant.Client.Grpc;
using static Qdrant.Client.Grpc.Conditions;

namespace Synthesis.Ingest.Search;

/// <summary>
/// Settings for the Qdrant vector store, bound from configuration section <c>Synthesis</c>:
/// <c>Synthesis:VectorStore = qdrant</c> selects it, <c>Synthesis:Qdrant:Url</c> (gRPC, port 6334) and the optional
/// <c>Synthesis:Qdrant:ApiKey</c> reach it.
/// </summary>
public sealed record QdrantOptions
{
    public const string VectorStoreKey = "Synthesis:VectorStore";
    public const string UrlKey = "Synthesis:Qdrant:Url";
    public const string ApiKeyKey = "Synthesis:Qdrant:ApiKey";

    /// <summary>gRPC endpoint, e.g. http://localhost:6334.</summary>
    public string Url { get; init; } = "http://localhost:6334";
    public string? ApiKey { get; init; }
    /// <summary>Points per upsert request.</summary>
    public int BatchSize { get; init; } = 256;
    /// <summary>Attempts per call on transient gRPC failures (Unavailable, DeadlineExceeded, ResourceExhausted, Aborted).</summary>
    public int MaxAttempts { get; init; } = 5;
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether configuration selects Qdrant (<c>Synthesis:VectorStore</c> = "qdrant"); otherwise the embedded index is used.</summary>
    public static bool IsSelected(Func<string, string?> config) =>
        string.Equals(config(VectorStoreKey)?.Trim(), "qdrant", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the options from any key lookup (IConfiguration indexer, environment...).</summary>
    public static QdrantOptions From(Func<string, string?> config) => new()
    {
        Url = string.IsNullOrWhiteSpace(config(UrlKey)) ? "http://localhost:6334" : config(UrlKey)!.Trim(),
        ApiKey = string.IsNullOrWhiteSpace(config(ApiKeyKey)) ? null : config(ApiKeyKey)!.Trim(),
    };
}

/// <summary>
/// <see cref="IVectorIndex"/> on a Qdrant server (Qdrant.Client, gRPC). One collection per consultation and embedding
/// model (<see cref="CollectionName"/>), cosine distance, a payload index on every filter field, filters sent as Qdrant
/// filter conditions (evaluated by the server during search), upserts in batches, transient failures retried with
/// exponential backoff. Point ids are the passage ids.
/// </summary>
public sealed class QdrantVectorIndex : IVectorIndex
{
    // Payload field names.
    const string FContribution = "contribution_id", FQuestion = "question", FTopic = "topic_id", FSentiment = "sentiment",
        FProfile = "profile", FNeighbourhood = "neighbourhood", FNeighbourhoodKey = "neighbourhood_key", FChannel = "channel",
        FSource = "source", FDate = "date", FDateMs = "date_ms";

    static readonly (string Field, PayloadSchemaType Type)[] PayloadIndexes =
    [
        (FContribution, PayloadSchemaType.Integer), (FQuestion, PayloadSchemaType.Keyword), (FTopic, PayloadSchemaType.Integer),
        (FSentiment, PayloadSchemaType.Keyword), (FProfile, PayloadSchemaType.Keyword), (FNeighbourhoodKey, PayloadSchemaType.Keyword),
        (FChannel, PayloadSchemaType.Keyword), (FSource, PayloadSchemaType.Keyword), (FDateMs, PayloadSchemaType.Integer),
    ];

    readonly QdrantClient _client;
    readonly QdrantOptions _options;
    readonly bool _ownsClient;

    public IndexInfo Info { get; }
    public string Consultation { get; }
    public string Collection { get; }

    /// <summary>True when opening created the collection (it is empty: the caller fills it from the store).</summary>
    public bool Created { get; private set; }

    QdrantVectorIndex(QdrantClient client, bool ownsClient, QdrantOptions options, string consultation, IndexInfo info)
    {
        _client = client;
        _ownsClient = ownsClient;
        _options = options;
        Consultation = consultation;
        Info = info;
        Collection = CollectionName(consultation, info);
    }

    /// <summary>synthesis_{consultation}_{model}_{version}, lower case, characters other than a-z 0-9 _ - replaced by _.</summary>
    public static string CollectionName(string consultation, IndexInfo info) =>
        $"synthesis_{Slug(consultation)}_{Slug(info.Model)}_{Slug(info.Version)}";

    static string Slug(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s.Normalize(NormalizationForm.FormD))
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark) continue;
            var l = char.ToLowerInvariant(c);
            sb.Append(l is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' ? l : '_');
        }
        return sb.Length == 0 ? "default" : sb.ToString();
    }

    /// <summary>Connects and makes sure the collection and its payload indexes exist (creating them if not).</summary>
    public static async Task<QdrantVectorIndex> OpenAsync(QdrantOptions options, string consultation, IndexInfo info, CancellationToken ct = default)
    {
        var client = new QdrantClient(new Uri(options.Url), options.ApiKey, options.Timeout);
        var index = new QdrantVectorIndex(client, true, options, consultation, info);
        try
        {
            await index.EnsureCollectionAsync(ct).ConfigureAwait(false);
            return index;
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    async Task EnsureCollectionAsync(CancellationToken ct)
    {
        var exists = await Retry(c => _client.CollectionExistsAsync(Collection, c), ct).ConfigureAwait(false);
        if (exists)
        {
            var info = await Retry(c => _client.GetCollectionInfoAsync(Collection, c), ct).ConfigureAwait(false);
            var size = info.Config?.Params?.VectorsConfig?.Params?.Size;
            if (size is not null && size != (ulong)Info.Dimensions)
                throw new InvalidOperationException($"Qdrant collection {Collection} holds {size}-dimension vectors, expected {Info.Dimensions}");
        }
        else
        {
            try
            {
                await Retry(c => _client.CreateCollectionAsync(Collection,
                    new VectorParams { Size = (ulong)Info.Dimensions, Distance = Distance.Cosine }, cancellationToken: c), ct).ConfigureAwait(false);
                Created = true;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.AlreadyExists) { }
        }
        foreach (var (field, type) in PayloadIndexes)
            await Retry(c => _client.CreatePayloadIndexAsync(Collection, field, type, wait: true, cancellationToken: c), ct).ConfigureAwait(false);
    }

    /// <summary>Drops the collection (for tests and for a full rebuild).</summary>
    public Task DropAsync(CancellationToken ct = default) => Retry(c => _client.DeleteCollectionAsync(Collection, cancellationToken: c), ct);

    public async Task UpsertAsync(IReadOnlyList<VectorPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        foreach (var p in points)
            if (p.Vector is null || p.Vector.Length != Info.Dimensions)
                throw new ArgumentException($"passage {p.PassageId}: vector has {p.Vector?.Length ?? 0} dimensions, the index {Info} expects {Info.Dimensions}");
        // Last write wins within a call, as in the embedded index.
        var distinct = points.GroupBy(p => p.PassageId).Select(g => g.Last()).ToList();
        for (var i = 0; i < distinct.Count; i += _options.BatchSize)
        {
            var batch = distinct.Skip(i).Take(_options.BatchSize).Select(ToPoint).ToList();
            await Retry(c => _client.UpsertAsync(Collection, batch, wait: true, cancellationToken: c), cancellationToken).ConfigureAwait(false);
        }
    }

    static PointStruct ToPoint(VectorPoint p)
    {
        var point = new PointStruct { Id = (ulong)p.PassageId, Vectors = VectorMath.Normalised(p.Vector) };
        var pl = p.Payload;
        point.Payload[FContribution] = pl.ContributionId;
        if (pl.Question is { } q) point.Payload[FQuestion] = DomainNames.Name(q);
        if (pl.TopicId is { } t) point.Payload[FTopic] = t;
        if (pl.Sentiment is { } s) point.Payload[FSentiment] = DomainNames.Name(s);
        point.Payload[FProfile] = DomainNames.Name(pl.Profile);
        if (SearchFilter.NormaliseNeighbourhood(pl.Neighbourhood) is { } nk)
        {
            point.Payload[FNeighbourhood] = pl.Neighbourhood!.Trim();
            point.Payload[FNeighbourhoodKey] = nk;
        }
        point.Payload[FChannel] = DomainNames.Name(pl.Channel);
        point.Payload[FSource] = DomainNames.Name(pl.Source);
        if (pl.Date is { } d)
        {
            point.Payload[FDate] = d.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            point.Payload[FDateMs] = d.ToUnixTimeMilliseconds();
        }
        return point;
    }

    public async Task DeleteAsync(IReadOnlyList<long> passageIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(passageIds);
        for (var i = 0; i < passageIds.Count; i += _options.BatchSize)
        {
            var ids = passageIds.Skip(i).Take(_options.BatchSize).Select(id => (ulong)id).ToList();
            await Retry(c => _client.DeleteAsync(Collection, ids, wait: true, cancellationToken: c), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<VectorHit>> SearchAsync(float[] query, int k, SearchFilter? filter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Length != Info.Dimensions) throw new ArgumentException($"query has {query.Length} dimensions, the index {Info} expects {Info.Dimensions}");
        if (k <= 0) return [];
        var qf = ToFilter(filter);
        var q = VectorMath.Normalised(query);
        // Universal query API (SearchAsync is obsolete in 1.20): nearest to a dense vector, filtered by the server.
        var points = await Retry(c => _client.QueryAsync(Collection, query: q, filter: qf, limit: (ulong)k,
            payloadSelector: false, cancellationToken: c), cancellationToken).ConfigureAwait(false);
        return points
            .Select(p => new VectorHit((long)p.Id.Num, p.Score))
            .OrderByDescending(h => h.Score).ThenBy(h => h.PassageId)
            .ToList();
    }

    /// <summary>The Qdrant filter for a <see cref="SearchFilter"/> (null when it restricts nothing).</summary>
    public static Filter? ToFilter(SearchFilter? f)
    {
        if (f is null || f.IsEmpty) return null;
        var filter = new Filter();
        static List<string> Names<T>(IReadOnlyList<T> values) where T : struct, Enum => values.Select(v => DomainNames.Name(v)).ToList();
        if (f.Questions is { Count: > 0 }) filter.Must.Add(Match(FQuestion, Names(f.Questions)));
        if (f.Topics is { Count: > 0 }) filter.Must.Add(Match(FTopic, f.Topics.ToList()));
        if (f.Sentiments is { Count: > 0 }) filter.Must.Add(Match(FSentiment, Names(f.Sentiments)));
        if (f.Profiles is { Count: > 0 }) filter.Must.Add(Match(FProfile, Names(f.Profiles)));
        if (f.Neighbourhoods is { Count: > 0 })
        {
            var keys = f.Neighbourhoods.Select(SearchFilter.NormaliseNeighbourhood).OfType<string>().Distinct().ToList();
            // No usable name: match nothing (a keyword no neighbourhood key can equal).
            filter.Must.Add(Match(FNeighbourhoodKey, keys.Count > 0 ? keys : [" "]));
        }
        if (f.Channels is { Count: > 0 }) filter.Must.Add(Match(FChannel, Names(f.Channels)));
        if (f.Sources is { Count: > 0 }) filter.Must.Add(Match(FSource, Names(f.Sources)));
        if (f.From is not null || f.To is not null)
        {
            var range = new Qdrant.Client.Grpc.Range();
            if (f.From is { } from) range.Gte = from.ToUnixTimeMilliseconds();
            if (f.To is { } to) range.Lte = to.ToUnixTimeMilliseconds();
            filter.Must.Add(Range(FDateMs, range));
        }
        if (f.ExcludeContributions is { Count: > 0 }) filter.MustNot.Add(Match(FContribution, f.ExcludeContributions.ToList()));
        if (f.ExcludePassages is { Count: > 0 }) filter.MustNot.Add(HasId(f.ExcludePassages.Select(id => (ulong)id).ToList()));
        return filter;
    }

    public async Task<VectorPoint?> GetAsync(long passageId, CancellationToken cancellationToken = default)
    {
        var points = await Retry(c => _client.RetrieveAsync(Collection, (ulong)passageId, withPayload: true, withVectors: true, cancellationToken: c),
            cancellationToken).ConfigureAwait(false);
        if (points.Count == 0) return null;
        var p = points[0];
        var v = p.Vectors?.Vector;
        var data = v?.Dense is { Data.Count: > 0 } dense ? dense.Data.ToArray() : v?.Data.ToArray() ?? [];
        return new VectorPoint(passageId, data, FromPayload(p.Payload));
    }

    static PassagePayload FromPayload(IDictionary<string, Value> pl)
    {
        string? Str(string key) => pl.TryGetValue(key, out var v) && v.KindCase == Value.KindOneofCase.StringValue ? v.StringValue : null;
        long? Int(string key) => pl.TryGetValue(key, out var v) && v.KindCase == Value.KindOneofCase.IntegerValue ? v.IntegerValue : null;
        T? Enum<T>(string key) where T : struct, System.Enum => DomainNames.TryParse<T>(Str(key), out var e) ? e : null;
        var date = Str(FDate) is { } ds && DateTimeOffset.TryParse(ds, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.RoundtripKind, out var d) ? d : (DateTimeOffset?)null;
        return new PassagePayload(Int(FContribution) ?? 0, Enum<QuestionType>(FQuestion), Int(FTopic), Enum<Sentiment>(FSentiment),
            Enum<ParticipantProfile>(FProfile) ?? ParticipantProfile.Unknown, Str(FNeighbourhood), Enum<Channel>(FChannel) ?? Channel.Other,
            Enum<PassageSource>(FSource) ?? PassageSource.Text, date);
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken = default) =>
        (long)await Retry(c => _client.CountAsync(Collection, exact: true, cancellationToken: c), cancellationToken).ConfigureAwait(false);

    static bool IsTransient(RpcException e) => e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded
        or StatusCode.ResourceExhausted or StatusCode.Aborted or StatusCode.Internal;

    Task Retry(Func<CancellationToken, Task> call, CancellationToken ct) =>
        Retry(async c => { await call(c).ConfigureAwait(false); return true; }, ct);

    /// <summary>Runs a call, retrying transient gRPC failures with exponential backoff and jitter.</summary>
    async Task<T> Retry<T>(Func<CancellationToken, Task<T>> call, CancellationToken ct)
    {
        var delay = _options.InitialBackoff;
        for (var attempt = 1; ; attempt++)
        {
            try { return await call(ct).ConfigureAwait(false); }
            catch (RpcException e) when (IsTransient(e) && attempt < _options.MaxAttempts && !ct.IsCancellationRequested)
            {
                var jitter = TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)Math.Max(1, delay.TotalMilliseconds / 4)));
                await Task.Delay(delay + jitter, ct).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 10_000));
            }
        }
    }

    public void Dispose()
    {
        if (_ownsClient) _client.Dispose();
    }
}
