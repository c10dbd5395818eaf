using RustyNode.Network.Discovery.Kademlia.Messages;

namespace RustyNode.Network.Discovery.Kademlia.Records;

/// <summary>
/// The rules of one key namespace (KAD-5.3): which records are valid, which of several is best,
/// and whether a record carries its own expiry.
/// </summary>
public interface IRecordValidator
{
    /// <summary>Checks <paramref name="record"/>; returns null when valid, otherwise why not.</summary>
    string? Validate(KadRecord record, DateTimeOffset now);

    /// <summary>The index of the best of <paramref name="values"/> (all valid records of <paramref name="key"/>).</summary>
    int Select(byte[] key, IReadOnlyList<byte[]> values);

    /// <summary>When <paramref name="record"/> stops being valid by its own content, if it says.</summary>
    DateTimeOffset? GetExpiry(KadRecord record) => null;

    /// <summary>
    /// Whether a holder may replace <paramref name="stored"/> with <paramref name="incoming"/>
    /// (both valid, same key). Default: the incoming one is not worse by <see cref="Select"/>.
    /// </summary>
    bool MayReplace(KadRecord stored, KadRecord incoming) => Select(stored.Key, [stored.Value, incoming.Value]) == 1 || stored.Value.AsSpan().SequenceEqual(incoming.Value);
}
