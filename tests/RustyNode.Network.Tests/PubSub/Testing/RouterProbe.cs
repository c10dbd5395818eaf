using System.Buffers.Binary;
using Microsoft.Extensions.Time.Testing;
using RustyNode.Network.Identity;
using RustyNode.Network.PubSub;
using RustyNode.Network.PubSub.Messages;
using RustyNode.Network.PubSub.Routing;

namespace RustyNode.Network.Tests.PubSub.Testing;

/// <summary>
/// One router under test on a fake clock, with scripted peers: a test hands the router RPCs as if a
/// peer sent them and reads what the router queued for each peer.
/// </summary>
public sealed class RouterProbe : IPubSubHost, IAsyncDisposable
{
    private readonly Dictionary<PeerId, PeerOutbox> _outboxes = [];
    private readonly List<Ed25519PrivateKey> _keys = [];
    private ulong _nextSeed = 1000;

    public RouterProbe(PubSubOptions? options = null, int seed = 1)
    {
        Key = Ed25519PrivateKey.FromSeedNumber(1);
        Router = new PubSubRouter(options ?? new PubSubOptions(), Key, this, Time, null, new Random(seed));
        Router.Start();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public Ed25519PrivateKey Key { get; }

    public PubSubRouter Router { get; }

    public List<(PeerId Peer, string Reason, double Weight)> Reports { get; } = [];

    public List<(PeerId From, IReadOnlyList<PeerExchangeInfo> Peers)> Exchanges { get; } = [];

    /// <summary>A scripted peer, connected with <paramref name="protocol"/>; its queue is drained (the hello read).</summary>
    public Ed25519PrivateKey AddPeer(PubSubProtocol protocol = PubSubProtocol.Meshsub12, bool outbound = false, string? ip = null)
    {
        var key = Ed25519PrivateKey.FromSeedNumber(_nextSeed++);
        _keys.Add(key);
        _outboxes[key.PeerId] = Router.AddPeer(key.PeerId, protocol, outbound, ip ?? $"10.0.{_keys.Count}.1");
        return key;
    }

    /// <summary>Scripted peers subscribed to <paramref name="topic"/>.</summary>
    public async Task<Ed25519PrivateKey[]> AddSubscribedPeersAsync(string topic, int count, PubSubProtocol protocol = PubSubProtocol.Meshsub12, bool outbound = false)
    {
        var peers = new Ed25519PrivateKey[count];
        for (var i = 0; i < count; i++)
        {
            peers[i] = AddPeer(protocol, outbound);
            await SendAsync(peers[i], Subscribe(topic));
        }

        return peers;
    }

    public void RemovePeer(Ed25519PrivateKey peer) => Router.RemovePeer(peer.PeerId);

    /// <summary>Hands the router an RPC as if <paramref name="peer"/> sent it.</summary>
    public Task SendAsync(Ed25519PrivateKey peer, PubSubRpc rpc) => Router.HandleRpcAsync(peer.PeerId, rpc, CancellationToken.None).AsTask();

    /// <summary>Everything the router queued for <paramref name="peer"/> since the last call, as RPCs (taken as its writer would).</summary>
    public List<PubSubRpc> Sent(Ed25519PrivateKey peer)
    {
        var rpcs = new List<PubSubRpc>();
        while (_outboxes[peer.PeerId].TryTake(Router.Options.MaxBatchSize, out var rpc))
        {
            rpcs.Add(rpc);
        }

        return rpcs;
    }

    /// <summary>Messages among <see cref="Sent"/>.</summary>
    public List<PubSubMessage> SentMessages(Ed25519PrivateKey peer) => Sent(peer).SelectMany(r => r.Messages).ToList();

    /// <summary>Control entries among <see cref="Sent"/>, merged.</summary>
    public ControlMessage SentControl(Ed25519PrivateKey peer)
    {
        var sent = Sent(peer).Select(r => r.Control).OfType<ControlMessage>().ToArray();
        return new ControlMessage(
            sent.SelectMany(c => c.IHave).ToArray(), sent.SelectMany(c => c.IWant).ToArray(), sent.SelectMany(c => c.Graft).ToArray(),
            sent.SelectMany(c => c.Prune).ToArray(), sent.SelectMany(c => c.IDontWant).ToArray());
    }

    /// <summary>Advances the clock by <paramref name="count"/> heartbeat intervals (the heartbeat timer fires each time).</summary>
    public void Heartbeats(int count = 1)
    {
        for (var i = 0; i < count; i++)
        {
            Time.Advance(Router.Options.HeartbeatInterval);
        }
    }

    public void Advance(TimeSpan time) => Time.Advance(time);

    public static PubSubRpc Subscribe(string topic, bool subscribe = true) => new([new SubscriptionChange(subscribe, topic)], [], null);

    public static PubSubRpc Publish(params PubSubMessage[] messages) => new([], messages, null);

    public static PubSubRpc Control(
        ControlIHave[]? ihave = null, ControlIWant[]? iwant = null, ControlGraft[]? graft = null, ControlPrune[]? prune = null, ControlIDontWant[]? idontwant = null) =>
        new([], [], new ControlMessage(ihave ?? [], iwant ?? [], graft ?? [], prune ?? [], idontwant ?? []));

    /// <summary>A message signed by <paramref name="author"/> (StrictSign), optionally with a broken signature.</summary>
    public static PubSubMessage SignedBy(Ed25519PrivateKey author, string topic, byte[] data, ulong seqno, bool breakSignature = false)
    {
        var seqnoBytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(seqnoBytes, seqno);
        return SignedBy(author, topic, data, seqnoBytes, breakSignature);
    }

    /// <summary>A message signed by <paramref name="author"/> with the seqno bytes given as they are.</summary>
    public static PubSubMessage SignedBy(Ed25519PrivateKey author, string topic, byte[] data, byte[] seqnoBytes, bool breakSignature = false)
    {
        var unsigned = PubSubMessageCodec.Create(topic, data, author.PeerId.ToBytes(), seqnoBytes);
        var signingBytes = new byte[PubSubMessageCodec.GetSigningBytesSize(unsigned)];
        PubSubMessageCodec.WriteSigningBytes(unsigned, signingBytes);
        var signature = author.Sign(signingBytes);
        if (breakSignature)
        {
            signature[0] ^= 1;
        }

        return PubSubMessageCodec.Create(topic, data, author.PeerId.ToBytes(), seqnoBytes, signature);
    }

    /// <summary>The default (StrictSign) id of <paramref name="message"/> by <paramref name="author"/>.</summary>
    public static MessageId IdOf(PubSubMessage message, Ed25519PrivateKey author) =>
        new(MessageIds.KeyAndSeqno(message, author.PublicKey.ToProtobuf()));

    public void ReportPeer(PeerId peer, string reason, double weight) => Reports.Add((peer, reason, weight));

    public void ConnectToExchangedPeers(PeerId from, IReadOnlyList<PeerExchangeInfo> peers) => Exchanges.Add((from, peers));

    public async ValueTask DisposeAsync()
    {
        await Router.DisposeAsync();
        foreach (var key in _keys)
        {
            key.Dispose();
        }

        Key.Dispose();
    }
}
