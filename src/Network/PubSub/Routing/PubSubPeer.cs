using RustyNode.Network.Identity;

namespace RustyNode.Network.PubSub.Routing;

/// <summary>What the router knows of one connected pubsub peer. Guarded by the router's lock.</summary>
internal sealed class PubSubPeer
{
    public PubSubPeer(PeerId id, PubSubProtocol protocol, bool outbound, string? ip, long lowWaterBytes)
    {
        Outbox = new PeerOutbox(lowWaterBytes);
        Id = id;
        Protocol = protocol;
        Outbound = outbound;
        Ip = ip;
    }

    public PeerId Id { get; }

    /// <summary>The protocol of our stream to the peer (or of its stream to us until ours is up).</summary>
    public PubSubProtocol Protocol { get; set; }

    /// <summary>True when we dialed the connection (counts toward D_out).</summary>
    public bool Outbound { get; }

    public string? Ip { get; }

    public PeerOutbox Outbox { get; }

    /// <summary>Topics the peer told us it is subscribed to.</summary>
    public HashSet<string> Topics { get; } = new(StringComparer.Ordinal);

    /// <summary>IHAVE messages received this heartbeat.</summary>
    public int IHaveReceived { get; set; }

    /// <summary>Message ids asked for with IWANT this heartbeat.</summary>
    public int IWantAsked { get; set; }

    /// <summary>IDONTWANT ids heeded this heartbeat.</summary>
    public int IDontWantReceived { get; set; }

    /// <summary>Ids the peer does not want, with the heartbeat they came in (forgotten after mcache_len heartbeats).</summary>
    public Dictionary<MessageId, long> DontWant { get; } = [];

    public bool IsGossipsub => Protocol != PubSubProtocol.Floodsub;
}
