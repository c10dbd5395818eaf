using RustyNode.Network.Discovery.Kademlia.Messages;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Discovery.Kademlia.Records;

/// <summary>
/// The <c>/pk/</c> namespace (KAD-5.5), as js-libp2p and go-libp2p validate it: the key is
/// <c>/pk/</c> followed by a peer id's multihash bytes, the value that peer's public key as a
/// libp2p key protobuf. All valid values of one key are the same key, so selection takes the first.
/// </summary>
public sealed class PublicKeyValidator : IRecordValidator
{
    /// <summary>The namespace name.</summary>
    public const string Namespace = "pk";

    private static ReadOnlySpan<byte> Prefix => "/pk/"u8;

    /// <summary>The record that publishes <paramref name="key"/> under its peer id.</summary>
    public static KadRecord RecordFor(PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new KadRecord(KeyFor(key.ToPeerId()), key.ToProtobuf());
    }

    /// <summary>The key under which the public key of <paramref name="peer"/> is kept.</summary>
    public static byte[] KeyFor(PeerId peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return [.. Prefix, .. peer.AsSpan()];
    }

    /// <inheritdoc />
    public string? Validate(KadRecord record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!record.Key.AsSpan().StartsWith(Prefix))
        {
            return "a /pk/ key must start with /pk/";
        }

        try
        {
            var claimed = PeerId.FromBytes(record.Key.AsSpan(Prefix.Length));
            var key = PublicKey.FromProtobuf(record.Value);
            return claimed.Matches(key) ? null : $"the public key belongs to {key.ToPeerId()}, not {claimed}";
        }
        catch (Libp2pProtocolException ex)
        {
            return $"not a valid /pk/ record: {ex.Message}";
        }
    }

    /// <inheritdoc />
    public int Select(byte[] key, IReadOnlyList<byte[]> values) => 0;
}
