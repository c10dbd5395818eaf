using System.Collections.Concurrent;
using RustyNode.Network.Identity;
using RustyNode.Network.PubSub;
using RustyNode.Network.PubSub.Messages;

namespace RustyNode.Network.Tests.PubSub.Testing;

/// <summary>One router of a <see cref="SimulatedNetwork"/>, with what it reported to its (absent) swarm.</summary>
public sealed class SimNode : IPubSubHost
{
    internal SimNode(int index, Ed25519PrivateKey key, string ip)
    {
        Index = index;
        Key = key;
        Ip = ip;
    }

    public int Index { get; }

    public Ed25519PrivateKey Key { get; }

    public PeerId Id => Key.PeerId;

    public string Ip { get; }

    public PubSubRouter Router { get; internal set; } = null!;

    /// <summary>Reports the router made to the swarm.</summary>
    public ConcurrentQueue<(PeerId Peer, string Reason, double Weight)> Reports { get; } = new();

    /// <summary>Peer exchanges the router asked to follow.</summary>
    public ConcurrentQueue<(PeerId From, IReadOnlyList<PeerExchangeInfo> Peers)> Exchanges { get; } = new();

    /// <summary>When each message was accepted here (simulated timestamp), by id.</summary>
    public ConcurrentDictionary<MessageId, long> Accepted { get; } = new();

    public void ReportPeer(PeerId peer, string reason, double weight) => Reports.Enqueue((peer, reason, weight));

    public void ConnectToExchangedPeers(PeerId from, IReadOnlyList<PeerExchangeInfo> peers) => Exchanges.Enqueue((from, peers));

    /// <summary>Total weight reported against <paramref name="peer"/>.</summary>
    public double ReportedWeight(PeerId peer) => Reports.Where(r => r.Peer == peer).Sum(r => r.Weight);

    public override string ToString() => $"node {Index} ({Id})";
}
