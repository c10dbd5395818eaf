using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Swarm;
using RustyNode.Network.Tests.Testing;

namespace RustyNode.Network.Tests.RequestResponse;

/// <summary>
/// A swarm on 127.0.0.1 (port 0) with the behaviours a test gives it, plus a protocol-less
/// <see cref="ConnectionWatcher"/> so that <see cref="ConnectAsync"/> awaits the connection instead of polling.
/// </summary>
public sealed class RrNode : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly ConnectionWatcher _watcher;

    private RrNode(Network.Swarm.Swarm swarm, ConnectionWatcher watcher)
    {
        Swarm = swarm;
        _watcher = watcher;
    }

    public Network.Swarm.Swarm Swarm { get; }

    public PeerId PeerId => Swarm.LocalPeerId;

    public Multiaddr Address => Swarm.ListenAddresses[0].WithP2p(PeerId.ToBytes());

    public static Task<RrNode> StartAsync(params INetworkBehaviour[] behaviours) => StartAsync("yamux", behaviours);

    public static Task<RrNode> StartAsync(string muxer, params INetworkBehaviour[] behaviours) => StartCoreAsync(muxer, TimeProvider.System, behaviours);

    /// <summary>A node whose swarm runs on <paramref name="clock"/>.</summary>
    public static Task<RrNode> StartAsync(TimeProvider clock, params INetworkBehaviour[] behaviours) => StartCoreAsync("yamux", clock, behaviours);

    private static async Task<RrNode> StartCoreAsync(string muxer, TimeProvider clock, INetworkBehaviour[] behaviours)
    {
        var options = new SwarmOptions();
        options.ListenAddresses.Add(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        options.Muxers.Clear();
        options.Muxers.Add(muxer);
        var watcher = new ConnectionWatcher();
        var swarm = new Network.Swarm.Swarm(Ed25519PrivateKey.Generate(), options, [.. behaviours, watcher], NullLoggerFactory.Instance, clock);
        await swarm.StartAsync(CancellationToken.None);
        return new RrNode(swarm, watcher);
    }

    /// <summary>Dials <paramref name="other"/> and returns once the connection is up on both sides.</summary>
    public async Task ConnectAsync(RrNode other)
    {
        ArgumentNullException.ThrowIfNull(other);
        await Swarm.DialAsync(other.Address, CancellationToken.None).WaitAsync(Bound);
        await other._watcher.WaitForConnectionAsync(PeerId, Bound);
    }

    public ValueTask DisposeAsync() => Swarm.DisposeAsync();
}
