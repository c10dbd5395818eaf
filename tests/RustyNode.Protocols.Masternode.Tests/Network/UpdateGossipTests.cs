using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Consensus.Primitives;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.PubSub;
using RustyNode.Network.Swarm;
using RustyNode.Network.Tests.Testing;
using RustyNode.Protocols.Masternode.Messages;
using RustyNode.Protocols.Masternode.Tests.Testing;

namespace RustyNode.Protocols.Masternode.Tests.Network;

/// <summary>
/// MN-9 over real swarms and the gossipsub router: the operator's node A publishes, B validates and
/// relays to C; a forger M connected only to B publishes an update with a broken signature, which B
/// rejects, scores and does not relay.
/// </summary>
public sealed class UpdateGossipTests
{
    [Fact]
    [Trait("Clause", "MN-9.3")]
    [Trait("Clause", "MN-9.4")]
    public async Task A_valid_update_is_relayed_and_a_forged_one_is_rejected_scored_and_not_relayed()
    {
        using var a = new OperatedChain();
        var ids = a.Register(3, new IPEndPoint(IPAddress.Parse("127.0.0.9"), 9_999));
        using var b = new TempChain();
        b.TakeHeaders(a.Chain, 1, a.Height);
        using var c = new TempChain();
        for (var height = 1; height <= a.Height; height++)
        {
            Assert.True(c.Chain.ProcessBlock(a.Chain.GetBlock(a.Chain.GetActiveHeader(height)!.Hash)!).IsAccepted);
        }

        var noPoSe = new MasternodeOptions { PoSeEnabled = false };
        await using var nodeA = await MasternodeNode.StartAsync(a.Chain, options: noPoSe);
        await using var nodeB = await MasternodeNode.StartAsync(b.Chain, options: noPoSe);
        await using var nodeC = await MasternodeNode.StartAsync(c.Chain, options: noPoSe);
        await using var forger = await Forger.StartAsync();
        var tip = a.Chain.BestHeader.Hash;
        var reached = nodeB.WaitForViewAsync(tip);
        await nodeB.ConnectAsync(nodeA.Address);
        await nodeB.ConnectAsync(nodeC.Address);
        await forger.ConnectAsync(nodeB.Address);
        await reached;
        await nodeC.WaitForViewAsync(tip);
        await nodeA.WaitForTopicPeerAsync(nodeB.PeerId);
        await forger.WaitForTopicPeerAsync(nodeB.PeerId);
        await Eventually.HoldsAsync(() => nodeB.PubSub.Router.GetMeshPeers(MasternodeProtocol.UpdatesTopic).Contains(nodeC.PeerId), "C in B's mesh");

        var genuine = nodeA.Behaviour.CreateUpdate(ids[1], MasternodeStatus.Serving)!;
        var forged = genuine with { Timestamp = genuine.Timestamp + 1 };
        await forger.PublishAsync(forged);
        await nodeB.Reports.WaitForAsync(forger.PeerId, MasternodeScoreReasons.BadUpdate, MasternodeNode.Bound);
        await nodeB.Reports.WaitForAsync(forger.PeerId, "pubsub invalid message", MasternodeNode.Bound);

        var published = await nodeA.Behaviour.PublishUpdateAsync(ids[0], MasternodeStatus.Serving, CancellationToken.None);
        Assert.NotNull(published);
        await Eventually.HoldsAsync(() => nodeC.Behaviour.UpdateTopic!.Delivered == 1, "the update relayed to C");
        Assert.Equal(1, nodeB.Behaviour.UpdateTopic!.Delivered);
        Assert.Equal(1, nodeB.Behaviour.UpdateTopic.Rejected);
        Assert.Equal(0, nodeC.Behaviour.UpdateTopic!.Rejected);
        Assert.Equal(0, nodeC.Behaviour.UpdateTopic.Ignored);
        Assert.DoesNotContain(nodeB.Reports.Reports, r => r.Peer == nodeA.PeerId);

        Assert.Null(await nodeB.Behaviour.PublishUpdateAsync(ids[0], MasternodeStatus.Serving, CancellationToken.None));
    }

    /// <summary>A pubsub peer with no validator on the topic: it publishes whatever bytes it is given.</summary>
    private sealed class Forger : IAsyncDisposable
    {
        private readonly PubSubBehaviour _pubsub = new();
        private readonly ConnectionWatcher _watcher = new();
        private global::RustyNode.Network.Swarm.Swarm _swarm = null!;
        private PubSubSubscription _subscription = null!;

        public PeerId PeerId => _swarm.LocalPeerId;

        public static async Task<Forger> StartAsync()
        {
            var forger = new Forger();
            var options = new SwarmOptions();
            options.ListenAddresses.Add(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
            forger._swarm = new global::RustyNode.Network.Swarm.Swarm(Ed25519PrivateKey.Generate(), options, [forger._pubsub, forger._watcher], NullLoggerFactory.Instance);
            await forger._swarm.StartAsync(CancellationToken.None);
            forger._subscription = forger._pubsub.Router.Subscribe(MasternodeProtocol.UpdatesTopic);
            return forger;
        }

        public async Task ConnectAsync(Multiaddr address)
        {
            var connection = await _swarm.DialAsync(address, CancellationToken.None).WaitAsync(MasternodeNode.Bound);
            await _watcher.WaitForConnectionAsync(connection.RemotePeer, MasternodeNode.Bound);
        }

        public Task WaitForTopicPeerAsync(PeerId peer) =>
            Eventually.HoldsAsync(() => _pubsub.Router.GetTopicPeers(MasternodeProtocol.UpdatesTopic).Any(p => p.Peer == peer), "the forger's topic peer");

        public async Task PublishAsync(MasternodeUpdate update)
        {
            var payload = new byte[MasternodeMessageCodec.GetSize(update)];
            MasternodeMessageCodec.Write(update, payload);
            await _pubsub.Router.PublishAsync(MasternodeProtocol.UpdatesTopic, payload, CancellationToken.None);
        }

        public async ValueTask DisposeAsync()
        {
            _subscription.Dispose();
            await _swarm.DisposeAsync();
            await _pubsub.DisposeAsync();
        }
    }
}
