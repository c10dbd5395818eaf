using Google.Protobuf;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Protocols.Identify.Proto;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Protocols.Identify;

public sealed partial class IdentifyBehaviour
{
    private IdentifyMessage BuildOurMessage(Connection connection)
    {
        var swarm = Swarm;
        var listen = swarm.ListenAddresses;
        var message = new IdentifyMessage
        {
            ProtocolVersion = _options.ProtocolVersion,
            AgentVersion = _options.AgentVersion,
            PublicKey = ByteString.CopyFrom(swarm.LocalKey.PublicKey.ToProtobuf()),
            ObservedAddr = ByteString.CopyFrom(connection.RemoteAddress.ToBytes()),
        };
        foreach (var address in listen)
        {
            message.ListenAddrs.Add(ByteString.CopyFrom(address.ToBytes()));
        }

        message.Protocols.AddRange(swarm.SupportedProtocols.Order(StringComparer.Ordinal));
        var record = new PeerRecord(swarm.LocalPeerId, (ulong)Interlocked.Read(ref _recordSequence), listen.Select(a => a.ToBytes()).ToArray());
        message.SignedPeerRecord = ByteString.CopyFrom(record.Seal(swarm.LocalKey).ToBytes());
        return message;
    }

    private static IdentifyInfo Parse(Connection connection, byte[] payload, IdentifyInfo? previous)
    {
        IdentifyMessage message;
        try
        {
            message = IdentifyMessage.Parser.ParseFrom(payload);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new IdentifyException($"{connection.RemotePeer} sent a malformed identify message: {ex.Message}", ex);
        }

        var peer = connection.RemotePeer;
        if (message.HasPublicKey)
        {
            var key = PublicKey.FromProtobuf(message.PublicKey.Span);
            if (PeerId.FromPublicKey(key) != peer)
            {
                throw new IdentifyException($"{peer} announced the public key of {PeerId.FromPublicKey(key)} in identify.");
            }
        }

        var hasRecord = false;
        if (message.HasSignedPeerRecord)
        {
            var record = PeerRecord.Open(message.SignedPeerRecord.Span);
            if (record.PeerId != peer)
            {
                throw new IdentifyException($"{peer} sent a signed peer record of {record.PeerId}.");
            }

            hasRecord = true;
        }

        if (message.ListenAddrs.Count > IdentifyLimits.MaxListenAddresses || message.Protocols.Count > IdentifyLimits.MaxProtocols)
        {
            throw new IdentifyException($"{peer} sent {message.ListenAddrs.Count} addresses and {message.Protocols.Count} protocols, over our limits.");
        }

        var protocols = message.Protocols.Count > 0 || previous is null
            ? message.Protocols.Where(p => p.Length <= IdentifyLimits.MaxStringLength).ToArray()
            : previous.Protocols;
        var listen = message.ListenAddrs.Count > 0 || previous is null
            ? message.ListenAddrs.Select(b => TryParseAddress(b)).OfType<Multiaddr>().ToArray()
            : previous.ListenAddresses;
        return new IdentifyInfo(
            peer,
            message.HasProtocolVersion ? Truncate(message.ProtocolVersion) : previous?.ProtocolVersion ?? string.Empty,
            message.HasAgentVersion ? Truncate(message.AgentVersion) : previous?.AgentVersion ?? string.Empty,
            listen,
            message.HasObservedAddr ? TryParseAddress(message.ObservedAddr) : previous?.ObservedAddress,
            protocols,
            hasRecord || previous?.HasSignedPeerRecord == true);
    }

    private static Multiaddr? TryParseAddress(ByteString bytes)
    {
        // Peers may announce transports we do not know (webrtc, circuit relay): skip those.
        try
        {
            return Multiaddr.FromBytes(bytes.Span);
        }
        catch (Libp2pProtocolException)
        {
            return null;
        }
    }

    private static string Truncate(string value) =>
        value.Length <= IdentifyLimits.MaxStringLength ? value : value[..IdentifyLimits.MaxStringLength];
}
