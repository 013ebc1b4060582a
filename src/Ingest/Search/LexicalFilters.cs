using System.Globalization;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Synthesis.Ingest.Search;

/// <summary>Search filters as Lucene filters: keyword terms per payload field, a numeric range on the date; repeated ones cached.</summary>
public sealed partial class LexicalIndex
{
    // Filters without exclusions repeat across queries (question = problem...): their per-segment bitsets are cached,
    // so a filtered query does not rebuild a bitset over every matching passage.
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, Filter> _filters = new(StringComparer.Ordinal);

    Filter? ToFilter(SearchFilter? f)
    {
        if (f is null || f.IsEmpty) return null;
        // A passage's topic is a doc value that a topic run rewrites in place, in the same segment: a cache keyed by
        // segment would keep the old topics, so the topic part is checked afresh per query (a scan of one column).
        if (f.Topics is { Count: > 0 } topics) return new TopicFilter(topics.ToHashSet(), ToFilter(f with { Topics = null }));
        if (f.ExcludeContributions is { Count: > 0 } || f.ExcludePassages is { Count: > 0 }) return BuildFilter(f);
        var key = FilterKey(f);
        if (_filters.TryGetValue(key, out var cached)) return cached;
        if (_filters.Count >= 256) _filters.Clear();
        return _filters.GetOrAdd(key, _ => new BitsCachingFilter(BuildFilter(f)!));
    }

    /// <summary>Passages whose topic (doc value) is one of <paramref name="topics"/>, and that pass <paramref name="rest"/>.</summary>
    sealed class TopicFilter(HashSet<long> topics, Filter? rest) : Filter
    {
        public override DocIdSet GetDocIdSet(AtomicReaderContext context, Lucene.Net.Util.IBits acceptDocs)
        {
            var reader = context.AtomicReader;
            var bits = new Lucene.Net.Util.FixedBitSet(reader.MaxDoc);
            if (reader.GetNumericDocValues(FTopic) is not { } values) return bits;
            for (var doc = 0; doc < reader.MaxDoc; doc++)
                if ((acceptDocs is null || acceptDocs.Get(doc)) && topics.Contains(values.Get(doc))) bits.Set(doc);
            if (rest is not null)
            {
                var other = new Lucene.Net.Util.FixedBitSet(reader.MaxDoc);
                if (rest.GetDocIdSet(context, acceptDocs)?.GetIterator() is { } iterator) other.Or(iterator);
                bits.And(other);
            }
            return bits;
        }
    }

    /// <summary>
    /// Caches each segment's matches as a plain bit set: unlike the default compressed set it offers random access, so
    /// Lucene checks the filter per scored document instead of leap-frogging two iterators.
    /// </summary>
    sealed class BitsCachingFilter(Filter filter) : CachingWrapperFilter(filter)
    {
        protected override DocIdSet CacheImpl(DocIdSetIterator iterator, AtomicReader reader)
        {
            var bits = new Lucene.Net.Util.FixedBitSet(reader.MaxDoc);
            bits.Or(iterator);
            return bits;
        }
    }

    static string FilterKey(SearchFilter f)
    {
        static string Part<T>(IEnumerable<T>? values) => values is null ? "" : string.Join(",", values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal));
        return string.Join("|", Part(f.Questions), Part(f.Topics), Part(f.Sentiments), Part(f.Profiles),
            Part(f.Neighbourhoods?.Select(SearchFilter.NormaliseNeighbourhood)), Part(f.Channels), Part(f.Sources),
            f.From?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) ?? "", f.To?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) ?? "");
    }

    /// <summary>A Lucene filter equivalent to <see cref="SearchFilter.Matches(long, PassagePayload)"/>, or null.</summary>
    static Filter? BuildFilter(SearchFilter? f)
    {
        if (f is null || f.IsEmpty) return null;
        var q = new BooleanQuery();
        var hasMust = false;
        void AnyOf(string field, IEnumerable<string> values)
        {
            var any = new BooleanQuery();
            foreach (var v in values.Distinct()) any.Add(new TermQuery(new Term(field, v)), Occur.SHOULD);
            q.Add(any, Occur.MUST);
            hasMust = true;
        }
        static IEnumerable<string> Names<T>(IReadOnlyList<T> values) where T : struct, Enum => values.Select(v => DomainNames.Name(v));
        if (f.Questions is { Count: > 0 }) AnyOf(FQuestion, Names(f.Questions));
        if (f.Sentiments is { Count: > 0 }) AnyOf(FSentiment, Names(f.Sentiments));
        if (f.Profiles is { Count: > 0 }) AnyOf(FProfile, Names(f.Profiles));
        if (f.Neighbourhoods is { Count: > 0 }) AnyOf(FNeighbourhood, f.Neighbourhoods.Select(SearchFilter.NormaliseNeighbourhood).OfType<string>());
        if (f.Channels is { Count: > 0 }) AnyOf(FChannel, Names(f.Channels));
        if (f.Sources is { Count: > 0 }) AnyOf(FSource, Names(f.Sources));
        if (f.From is not null || f.To is not null)
        {
            q.Add(NumericRangeQuery.NewInt64Range(FDate, f.From?.ToUnixTimeMilliseconds(), f.To?.ToUnixTimeMilliseconds(), true, true), Occur.MUST);
            hasMust = true;
        }
        if (f.ExcludeContributions is { Count: > 0 })
            foreach (var c in f.ExcludeContributions) q.Add(new TermQuery(new Term(FContribution, Id(c))), Occur.MUST_NOT);
        if (f.ExcludePassages is { Count: > 0 })
            foreach (var p in f.ExcludePassages) q.Add(new TermQuery(new Term(FId, Id(p))), Occur.MUST_NOT);
        if (!hasMust) q.Add(new MatchAllDocsQuery(), Occur.MUST);
        return new QueryWrapperFilter(q);
    }
}
