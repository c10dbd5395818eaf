using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Consensus.Service;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.PubSub;
using RustyNode.Network.Swarm;
using RustyNode.Network.Tests.Testing;
using RustyNode.Protocols.Masternode.Liveness;
using RustyNode.Protocols.Masternode.Sync;

namespace RustyNode.Protocols.Masternode.Tests.Testing;

/// <summary>
/// A swarm on 127.0.0.1 (port 0) with a <see cref="MasternodeBehaviour"/> over a chain, a report recorder
/// and a connection watcher; views the behaviour reaches can be awaited.
/// </summary>
public sealed class MasternodeNode : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly Lock _gate = new();
    private readonly List<(Func<MasternodeView, bool> Match, TaskCompletionSource<MasternodeView> Signal)> _waiters = [];

    private MasternodeNode(ChainService chain, MasternodeBehaviour behaviour, ReportRecorder reports, ConnectionWatcher watcher)
    {
        PubSub = new PubSubBehaviour();
        Chain = chain;
        Behaviour = behaviour;
        Reports = reports;
        Watcher = watcher;
        behaviour.ViewChanged += OnViewChanged;
    }

    public ChainService Chain { get; }

    public MasternodeBehaviour Behaviour { get; }

    public ReportRecorder Reports { get; }

    /// <summary>The pubsub router's behaviour, with the updates topic joined (MN-9).</summary>
    public PubSubBehaviour PubSub { get; }

    public ConnectionWatcher Watcher { get; }

    public global::RustyNode.Network.Swarm.Swarm Swarm { get; private set; } = null!;

    public PeerId PeerId => Swarm.LocalPeerId;

    public Multiaddr ListenAddress => Swarm.ListenAddresses[0];

    public Multiaddr Address => ListenAddress.WithP2p(PeerId.ToBytes());

    public static async Task<MasternodeNode> StartAsync(ChainService chain, TimeProvider? clock = null, MasternodeOptions? options = null, IMasternodeOperatorKeys? keys = null)
    {
        var behaviour = new MasternodeBehaviour(chain, options, keys);
        var node = new MasternodeNode(chain, behaviour, new ReportRecorder(), new ConnectionWatcher());
        var swarmOptions = new SwarmOptions();
        swarmOptions.ListenAddresses.Add(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        node.Swarm = new global::RustyNode.Network.Swarm.Swarm(Ed25519PrivateKey.Generate(), swarmOptions, [behaviour, node.PubSub, node.Reports, node.Watcher], NullLoggerFactory.Instance, clock);
        behaviour.JoinUpdateTopic(node.PubSub.Router);
        await node.Swarm.StartAsync(CancellationToken.None);
        return node;
    }

    /// <summary>Dials <paramref name="address"/> (a node or a scripted peer) and returns once the connection is up.</summary>
    public async Task ConnectAsync(Multiaddr address)
    {
        var connection = await Swarm.DialAsync(address, CancellationToken.None).WaitAsync(Bound);
        await Watcher.WaitForConnectionAsync(connection.RemotePeer, Bound);
    }

    /// <summary>Completes with the view once the behaviour holds the list at <paramref name="block"/> (now or later).</summary>
    public Task<MasternodeView> WaitForViewAsync(Consensus.Primitives.Hash256 block) => WaitForViewAsync(v => v.BlockHash == block);

    public Task<MasternodeView> WaitForViewAsync(Func<MasternodeView, bool> match)
    {
        var signal = new TaskCompletionSource<MasternodeView>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiters.Add((match, signal));
        }

        var now = Behaviour.View;
        if (match(now))
        {
            signal.TrySetResult(now);
        }

        return signal.Task.WaitAsync(Bound);
    }

    /// <summary>Completes once <paramref name="peer"/> is subscribed to the updates topic in this node's router (polled: the router raises no event).</summary>
    public async Task WaitForTopicPeerAsync(PeerId peer)
    {
        using var bound = new CancellationTokenSource(Bound);
        while (!PubSub.Router.GetTopicPeers(MasternodeProtocol.UpdatesTopic).Any(p => p.Peer == peer))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), bound.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Behaviour.ViewChanged -= OnViewChanged;
        await Swarm.DisposeAsync();
        await Behaviour.DisposeAsync();
        await PubSub.DisposeAsync();
    }

    private void OnViewChanged(MasternodeView view)
    {
        List<TaskCompletionSource<MasternodeView>> wake = [];
        lock (_gate)
        {
            foreach (var waiter in _waiters.Where(w => w.Match(view)).ToList())
            {
                _waiters.Remove(waiter);
                wake.Add(waiter.Signal);
            }
        }

        wake.ForEach(s => s.TrySetResult(view));
    }
}
