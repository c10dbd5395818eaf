using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using RustyNode.Network.Addressing;
using RustyNode.Network.Framing;
using RustyNode.Network.Identity;
using RustyNode.Network.Identity.Protobuf;
using RustyNode.Network.Multiformats;

namespace RustyNode.Network.Discovery.Kademlia.Messages;

/// <summary>
/// The protobuf encoding of <see cref="KadMessage"/> (KAD-2.1), written by hand over the
/// assembly's <see cref="ProtoReader"/>/<see cref="ProtoWriter"/>: fields in ascending order,
/// default values left out (proto3), unknown fields skipped, every length checked against
/// <see cref="KadLimits"/> before it is used. On a stream each message is framed as
/// <c>varint(length) body</c> (KAD-2.2).
/// </summary>
public static class KadMessageCodec
{
    private const int TypeField = 1;
    private const int KeyField = 2;
    private const int RecordField = 3;
    private const int CloserPeersField = 8;
    private const int ProviderPeersField = 9;
    private const int ClusterLevelField = 10;
    private const int RecordKeyField = 1;
    private const int RecordValueField = 2;
    private const int RecordTimeField = 5;
    private const int PeerIdField = 1;
    private const int PeerAddrsField = 2;
    private const int PeerConnectionField = 3;

    /// <summary>Size of the body of <paramref name="message"/> (without the length prefix).</summary>
    public static int GetSize(KadMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var size = message.Type == 0 ? 0 : ProtoWriter.SizeOfVarintField(TypeField, (ulong)message.Type);
        size += message.Key.Length == 0 ? 0 : ProtoWriter.SizeOfBytesField(KeyField, message.Key.Length);
        size += message.Record is null ? 0 : ProtoWriter.SizeOfBytesField(RecordField, RecordSize(message.Record));
        foreach (var peer in message.CloserPeers)
        {
            size += ProtoWriter.SizeOfBytesField(CloserPeersField, PeerSize(peer));
        }

        foreach (var peer in message.ProviderPeers)
        {
            size += ProtoWriter.SizeOfBytesField(ProviderPeersField, PeerSize(peer));
        }

        return size + (message.ClusterLevel == 0 ? 0 : ProtoWriter.SizeOfVarintField(ClusterLevelField, (ulong)(long)message.ClusterLevel));
    }

    /// <summary>Writes the body of <paramref name="message"/> (without the length prefix).</summary>
    public static void Write(IBufferWriter<byte> output, KadMessage message)
    {
        ArgumentNullException.ThrowIfNull(output);
        var size = GetSize(message);
        var span = output.GetSpan(size)[..size];
        var writer = new ProtoWriter(span);
        if (message.Type != 0)
        {
            writer.WriteVarintField(TypeField, (ulong)message.Type);
        }

        if (message.Key.Length > 0)
        {
            writer.WriteBytesField(KeyField, message.Key);
        }

        if (message.Record is { } record)
        {
            writer.WriteLengthPrefix(RecordField, RecordSize(record));
            WriteRecord(ref writer, record);
        }

        foreach (var peer in message.CloserPeers)
        {
            writer.WriteLengthPrefix(CloserPeersField, PeerSize(peer));
            WritePeer(ref writer, peer);
        }

        foreach (var peer in message.ProviderPeers)
        {
            writer.WriteLengthPrefix(ProviderPeersField, PeerSize(peer));
            WritePeer(ref writer, peer);
        }

        if (message.ClusterLevel != 0)
        {
            writer.WriteVarintField(ClusterLevelField, (ulong)(long)message.ClusterLevel);
        }

        output.Advance(size);
    }

    /// <summary>Writes <paramref name="message"/> with its length prefix (KAD-2.2).</summary>
    /// <exception cref="KadProtocolException">The message is over <see cref="KadLimits.MaxMessageSize"/>.</exception>
    public static void WriteFrame(IBufferWriter<byte> output, KadMessage message)
    {
        var size = GetSize(message);
        if (size > KadLimits.MaxMessageSize)
        {
            throw new KadProtocolException($"A {message.Type} message of {size} bytes is over the limit of {KadLimits.MaxMessageSize}.");
        }

        LengthPrefixed.WriteHeader(output, size);
        Write(output, message);
    }

    /// <summary>Takes one framed message off the front of <paramref name="buffer"/>.</summary>
    /// <returns>False when more bytes are needed (<paramref name="buffer"/> is then unchanged).</returns>
    /// <exception cref="KadProtocolException">Over the size limit, or malformed.</exception>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out KadMessage? message)
    {
        ReadOnlySequence<byte> payload;
        try
        {
            if (!LengthPrefixed.TryRead(ref buffer, KadLimits.MaxMessageSize, out payload))
            {
                message = null;
                return false;
            }
        }
        catch (Exception ex) when (ex is FrameTooLargeException or MultiformatException)
        {
            throw new KadProtocolException($"DHT message frame refused: {ex.Message}", ex);
        }

        message = payload.IsSingleSegment ? Parse(payload.FirstSpan) : Parse(payload.ToArray());
        return true;
    }

    /// <summary>Decodes a message body.</summary>
    /// <exception cref="KadProtocolException">Malformed or over a limit.</exception>
    public static KadMessage Parse(ReadOnlySpan<byte> body)
    {
        if (body.Length > KadLimits.MaxMessageSize)
        {
            throw new KadProtocolException($"DHT message of {body.Length} bytes is over the limit of {KadLimits.MaxMessageSize}.");
        }

        var reader = new ProtoReader(body, static m => new KadProtocolException(m));
        var type = 0UL;
        byte[] key = [];
        KadRecord? record = null;
        var closer = new List<KadPeer>();
        var providers = new List<KadPeer>();
        var clusterLevel = 0;
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case TypeField:
                    reader.Expect(wire, ProtoReader.WireVarint, "type");
                    type = reader.ReadVarint();
                    break;
                case KeyField:
                    reader.Expect(wire, ProtoReader.WireLengthDelimited, "key");
                    key = reader.ReadBytes(KadLimits.MaxKeyLength, "key").ToArray();
                    break;
                case RecordField:
                    reader.Expect(wire, ProtoReader.WireLengthDelimited, "record");
                    record = ParseRecord(reader.ReadBytes(KadLimits.MaxMessageSize, "record"));
                    break;
                case CloserPeersField:
                    reader.Expect(wire, ProtoReader.WireLengthDelimited, "closerPeers");
                    AddPeer(closer, reader.ReadBytes(KadLimits.MaxMessageSize, "closerPeers"), "closerPeers");
                    break;
                case ProviderPeersField:
                    reader.Expect(wire, ProtoReader.WireLengthDelimited, "providerPeers");
                    AddPeer(providers, reader.ReadBytes(KadLimits.MaxMessageSize, "providerPeers"), "providerPeers");
                    break;
                case ClusterLevelField:
                    reader.Expect(wire, ProtoReader.WireVarint, "clusterLevelRaw");
                    clusterLevel = unchecked((int)reader.ReadVarint());
                    break;
                default:
                    reader.SkipField(wire);
                    break;
            }
        }

        if (type > (ulong)KadMessageType.Ping)
        {
            throw new KadProtocolException($"DHT message type {type} is unknown.");
        }

        return new KadMessage((KadMessageType)type, key, record, closer, providers, clusterLevel);
    }

    private static void AddPeer(List<KadPeer> peers, ReadOnlySpan<byte> body, string name)
    {
        if (peers.Count >= KadLimits.MaxPeersPerMessage)
        {
            throw new KadProtocolException($"DHT message carries more than {KadLimits.MaxPeersPerMessage} {name}.");
        }

        peers.Add(ParsePeer(body));
    }

    private static KadRecord ParseRecord(ReadOnlySpan<byte> body)
    {
        var reader = new ProtoReader(body, static m => new KadProtocolException(m));
        byte[] key = [], value = [];
        string? time = null;
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case RecordKeyField:
                    reader.Expect(wire, ProtoReader.WireLengthDelimited, "record.key");
                    key = reader.ReadBytes(KadLimits.MaxKeyLength, "record.key").ToArray();
                    break;
                case RecordValueField:
                    reader.Expect(wire, ProtoReader.WireLengthDelimited, "record.value");
                    value = reader.ReadBytes(KadLimits.MaxValueLength, "record.value").ToArray();
                    break;
                case RecordTimeField:
                    reader.Expect(wire, ProtoReader.WireLengthDelimited, "record.timeReceived");
                    time = DecodeUtf8(reader.ReadBytes(KadLimits.MaxTimeReceivedLength, "record.timeReceived"));
                    break;
                default:
                    reader.SkipField(wire);
                    break;
            }
        }

        return new KadRecord(key, value, time);
    }

    private static KadPeer ParsePeer(ReadOnlySpan<byte> body)
    {
        var reader = new ProtoReader(body, static m => new KadProtocolException(m));
        PeerId? id = null;
        var addresses = new List<Multiaddr>();
        var connection = 0UL;
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case PeerIdField:
                    reader.Expect(wire, ProtoReader.WireLengthDelimited, "peer.id");
                    id = ReadPeerId(reader.ReadBytes(KadLimits.MaxPeerIdLength, "peer.id"));
                    break;
                case PeerAddrsField:
                    reader.Expect(wire, ProtoReader.WireLengthDelimited, "peer.addrs");
                    var bytes = reader.ReadBytes(KadLimits.MaxAddressLength, "peer.addrs");

                    // Transports we do not know (webrtc, relays) are skipped, and addresses past the limit dropped.
                    if (addresses.Count < KadLimits.MaxAddressesPerPeer && Multiaddr.TryFromBytes(bytes, out var address))
                    {
                        addresses.Add(address!);
                    }

                    break;
                case PeerConnectionField:
                    reader.Expect(wire, ProtoReader.WireVarint, "peer.connection");
                    connection = reader.ReadVarint();
                    break;
                default:
                    reader.SkipField(wire);
                    break;
            }
        }

        return new KadPeer(
            id ?? throw new KadProtocolException("A DHT peer entry lacks its id."),
            addresses,
            connection <= (ulong)KadConnectionType.CannotConnect ? (KadConnectionType)connection : KadConnectionType.NotConnected);
    }

    /// <summary>
    /// Peer ids recently decoded. DHT answers name the same peers over and over, and checking an
    /// inlined key costs far more than the lookup; the cache is emptied when full, so a peer that
    /// sends many distinct ids only costs us the checks, never memory.
    /// </summary>
    private static readonly ConcurrentDictionary<string, PeerId> RecentPeerIds = new(StringComparer.Ordinal);

    private static PeerId ReadPeerId(ReadOnlySpan<byte> bytes)
    {
        var cacheKey = Convert.ToBase64String(bytes);
        if (RecentPeerIds.TryGetValue(cacheKey, out var known))
        {
            return known;
        }

        try
        {
            var peer = PeerId.FromBytes(bytes);
            if (RecentPeerIds.Count >= KadLimits.PeerIdCacheSize)
            {
                RecentPeerIds.Clear();
            }

            RecentPeerIds[cacheKey] = peer;
            return peer;
        }
        catch (Libp2pProtocolException ex)
        {
            throw new KadProtocolException($"A DHT peer entry has an invalid id: {ex.Message}", ex);
        }
    }

    private static string DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new KadProtocolException("A DHT record's timeReceived is not UTF-8.", ex);
        }
    }

    private static int RecordSize(KadRecord record)
    {
        var size = record.Key.Length == 0 ? 0 : ProtoWriter.SizeOfBytesField(RecordKeyField, record.Key.Length);
        size += record.Value.Length == 0 ? 0 : ProtoWriter.SizeOfBytesField(RecordValueField, record.Value.Length);
        return size + (record.TimeReceived is null ? 0 : ProtoWriter.SizeOfBytesField(RecordTimeField, Encoding.UTF8.GetByteCount(record.TimeReceived)));
    }

    private static void WriteRecord(ref ProtoWriter writer, KadRecord record)
    {
        if (record.Key.Length > 0)
        {
            writer.WriteBytesField(RecordKeyField, record.Key);
        }

        if (record.Value.Length > 0)
        {
            writer.WriteBytesField(RecordValueField, record.Value);
        }

        if (record.TimeReceived is not null)
        {
            writer.WriteBytesField(RecordTimeField, Encoding.UTF8.GetBytes(record.TimeReceived));
        }
    }

    private static int PeerSize(KadPeer peer)
    {
        var size = ProtoWriter.SizeOfBytesField(PeerIdField, peer.Id.AsSpan().Length);
        foreach (var address in peer.Addresses)
        {
            size += ProtoWriter.SizeOfBytesField(PeerAddrsField, address.Bytes.Length);
        }

        return size + (peer.Connection == 0 ? 0 : ProtoWriter.SizeOfVarintField(PeerConnectionField, (ulong)peer.Connection));
    }

    private static void WritePeer(ref ProtoWriter writer, KadPeer peer)
    {
        writer.WriteBytesField(PeerIdField, peer.Id.AsSpan());
        foreach (var address in peer.Addresses)
        {
            writer.WriteBytesField(PeerAddrsField, address.Bytes.Span);
        }

        if (peer.Connection != 0)
        {
            writer.WriteVarintField(PeerConnectionField, (ulong)peer.Connection);
        }
    }
}
