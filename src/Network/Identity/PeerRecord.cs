using RustyNode.Network.Identity.Protobuf;

namespace RustyNode.Network.Identity;

/// <summary>
/// A peer record (libp2p RFC 0003, ID-4): a peer's listen addresses with a sequence number,
/// carried in a <see cref="SignedEnvelope"/> signed by the peer itself. Addresses are binary
/// multiaddrs kept as raw bytes here.
/// </summary>
public sealed class PeerRecord
{
    /// <summary>The envelope domain of peer records.</summary>
    public const string Domain = "libp2p-peer-record";

    private const int PeerIdField = 1;
    private const int SeqField = 2;
    private const int AddressesField = 3;
    private const int MultiaddrField = 1;

    /// <summary>Builds a record; addresses are binary multiaddrs.</summary>
    public PeerRecord(PeerId peerId, ulong seq, IReadOnlyList<byte[]> addresses)
    {
        ArgumentNullException.ThrowIfNull(peerId);
        ArgumentNullException.ThrowIfNull(addresses);
        PeerId = peerId;
        Seq = seq;
        Addresses = addresses;
    }

    /// <summary>The envelope payload type: the multicodec libp2p-peer-record as the bytes 0x03 0x01.</summary>
    public static ReadOnlySpan<byte> PayloadType => [0x03, 0x01];

    /// <summary>The peer the record describes.</summary>
    public PeerId PeerId { get; }

    /// <summary>Increases with every new record of the same peer; newer records replace older ones.</summary>
    public ulong Seq { get; }

    /// <summary>Binary multiaddrs.</summary>
    public IReadOnlyList<byte[]> Addresses { get; }

    /// <summary>Decodes and checks a peer record envelope (ID-4.3): domain, type, signer = peer_id.</summary>
    /// <exception cref="InvalidKeyException">Any check fails.</exception>
    public static PeerRecord Open(ReadOnlySpan<byte> envelope) => FromEnvelope(SignedEnvelope.Open(envelope, Domain));

    /// <summary>Extracts the record of an already verified envelope and checks it belongs to the signer.</summary>
    /// <exception cref="InvalidKeyException">Wrong payload type, malformed record, or signed by another peer.</exception>
    public static PeerRecord FromEnvelope(SignedEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (!envelope.PayloadType.AsSpan().SequenceEqual(PayloadType))
        {
            throw new InvalidKeyException($"Envelope payload type {Convert.ToHexStringLower(envelope.PayloadType)} is not a peer record (0301).");
        }

        var record = FromProtobuf(envelope.Payload);
        if (!record.PeerId.Matches(envelope.PublicKey))
        {
            throw new InvalidKeyException($"Peer record of {record.PeerId} is signed by {envelope.PublicKey.ToPeerId()}.");
        }

        return record;
    }

    /// <summary>Decodes the PeerRecord protobuf (ID-4.2).</summary>
    /// <exception cref="InvalidKeyException">Malformed or over a limit.</exception>
    public static PeerRecord FromProtobuf(ReadOnlySpan<byte> protobuf)
    {
        var reader = new ProtoReader(protobuf, static message => new InvalidKeyException(message));
        PeerId? peerId = null;
        ulong seq = 0;
        var addresses = new List<byte[]>();
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case PeerIdField:
                    reader.Expect(wireType, ProtoReader.WireLengthDelimited, "peer_id");
                    peerId = PeerId.FromBytes(reader.ReadBytes(IdentityLimits.MaxInlineKeyLength + 2, "peer_id"));
                    break;
                case SeqField:
                    reader.Expect(wireType, ProtoReader.WireVarint, "seq");
                    seq = reader.ReadVarint();
                    break;
                case AddressesField:
                    reader.Expect(wireType, ProtoReader.WireLengthDelimited, "addresses");
                    if (addresses.Count >= IdentityLimits.MaxPeerRecordAddresses)
                    {
                        throw new InvalidKeyException($"Peer record carries more than {IdentityLimits.MaxPeerRecordAddresses} addresses.");
                    }

                    addresses.Add(ReadAddressInfo(reader.ReadBytes(IdentityLimits.MaxMultiaddrLength + 8, "addresses")));
                    break;
                default:
                    reader.SkipField(wireType);
                    break;
            }
        }

        return new PeerRecord(peerId ?? throw new InvalidKeyException("Peer record lacks its peer_id."), seq, addresses);
    }

    /// <summary>The deterministic PeerRecord protobuf.</summary>
    public byte[] ToProtobuf()
    {
        var peerId = PeerId.AsSpan();
        var size = ProtoWriter.SizeOfBytesField(PeerIdField, peerId.Length) + ProtoWriter.SizeOfVarintField(SeqField, Seq);
        foreach (var address in Addresses)
        {
            size += ProtoWriter.SizeOfBytesField(AddressesField, ProtoWriter.SizeOfBytesField(MultiaddrField, address.Length));
        }

        var result = new byte[size];
        var writer = new ProtoWriter(result);
        writer.WriteBytesField(PeerIdField, peerId);
        writer.WriteVarintField(SeqField, Seq);
        foreach (var address in Addresses)
        {
            writer.WriteLengthPrefix(AddressesField, ProtoWriter.SizeOfBytesField(MultiaddrField, address.Length));
            writer.WriteBytesField(MultiaddrField, address);
        }

        return result;
    }

    /// <summary>Seals this record with the peer's own key.</summary>
    /// <exception cref="ArgumentException"><paramref name="key"/> is not this record's peer.</exception>
    public SignedEnvelope Seal(Ed25519PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.PeerId != PeerId)
        {
            throw new ArgumentException($"Key of {key.PeerId} cannot sign the record of {PeerId}.", nameof(key));
        }

        return SignedEnvelope.Seal(key, Domain, PayloadType, ToProtobuf());
    }

    private static byte[] ReadAddressInfo(ReadOnlySpan<byte> addressInfo)
    {
        var reader = new ProtoReader(addressInfo, static message => new InvalidKeyException(message));
        byte[]? multiaddr = null;
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == MultiaddrField)
            {
                reader.Expect(wireType, ProtoReader.WireLengthDelimited, "multiaddr");
                multiaddr = reader.ReadBytes(IdentityLimits.MaxMultiaddrLength, "multiaddr").ToArray();
            }
            else
            {
                reader.SkipField(wireType);
            }
        }

        return multiaddr ?? throw new InvalidKeyException("Peer record address lacks its multiaddr.");
    }
}
