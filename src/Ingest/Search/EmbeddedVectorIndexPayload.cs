using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Synthesis.Ingest.Search;

/// <summary>
/// How the embedded index keeps payloads: one column per field, and the enum fields also packed one-hot in one ulong
/// per slot, so that a filter on question, sentiment, profile, channel or source is one AND per field.
/// </summary>
public sealed partial class EmbeddedVectorIndex
{
    void WritePayload(int slot, PassagePayload p)
    {
        ArgumentNullException.ThrowIfNull(p);
        _contribution[slot] = p.ContributionId;
        _question[slot] = p.Question is { } q ? (byte)q : NullByte;
        _topic[slot] = p.TopicId ?? NullLong;
        _sentiment[slot] = p.Sentiment is { } s ? (byte)s : NullByte;
        _profile[slot] = (byte)p.Profile;
        _neighbourhood[slot] = NeighbourhoodId(p.Neighbourhood, create: true);
        _channel[slot] = (byte)p.Channel;
        _source[slot] = (byte)p.Source;
        _dateTicks[slot] = p.Date is { } d ? d.UtcTicks : NullLong;
        _dateOffset[slot] = p.Date is { } d2 ? (short)d2.Offset.TotalMinutes : (short)0;
        _keys[slot] = KeyOf(slot);
    }

    // Packed one-hot layout: question bits 0-7 (unknown = bit 7), sentiment 8-15 (unknown = bit 15),
    // profile 16-31, channel 32-47, source 48-55. A filter on a field is then one AND against the slot's key.
    const int QuestionShift = 0, SentimentShift = 8, ProfileShift = 16, ChannelShift = 32, SourceShift = 48;

    ulong KeyOf(int slot) =>
        Bit(QuestionShift, _question[slot], 7) | Bit(SentimentShift, _sentiment[slot], 7) | Bit(ProfileShift, _profile[slot], 16) |
        Bit(ChannelShift, _channel[slot], 16) | Bit(SourceShift, _source[slot], 8);

    static ulong Bit(int shift, byte value, int width)
    {
        if (value == NullByte) return width == 7 ? 1UL << (shift + 7) : 0;
        if (value >= width) throw new ArgumentOutOfRangeException(nameof(value), $"enum value {value} does not fit the index's filter layout");
        return 1UL << (shift + value);
    }

    static ulong MaskOf<T>(IReadOnlyList<T>? values, int shift) where T : struct, Enum
    {
        if (values is null || values.Count == 0) return 0;
        ulong m = 0;
        foreach (var v in values) m |= 1UL << (shift + Convert.ToInt32(v));
        return m;
    }

    int NeighbourhoodId(string? name, bool create)
    {
        if (string.IsNullOrWhiteSpace(name)) return -1;
        var trimmed = name.Trim();
        if (_neighIds.TryGetValue(trimmed, out var id)) return id;
        if (!create) return -1;
        id = _neighNames.Count;
        _neighNames.Add(trimmed);
        _neighIds[trimmed] = id;
        return id;
    }

    PassagePayload ReadPayload(int slot) => new(
        _contribution[slot],
        _question[slot] == NullByte ? null : (QuestionType)_question[slot],
        _topic[slot] == NullLong ? null : _topic[slot],
        _sentiment[slot] == NullByte ? null : (Sentiment)_sentiment[slot],
        (ParticipantProfile)_profile[slot],
        _neighbourhood[slot] < 0 ? null : _neighNames[_neighbourhood[slot]],
        (Channel)_channel[slot],
        (PassageSource)_source[slot],
        _dateTicks[slot] == NullLong ? null
            : new DateTimeOffset(_dateTicks[slot], TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(_dateOffset[slot])));
}
