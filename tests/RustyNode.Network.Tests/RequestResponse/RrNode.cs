using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Tests.RequestResponse;

/// <summary>A swarm on 127.0.0.1 (port 0) with exactly the behaviours a test gives it.</summary>
public sealed class RrNode : IAsyncDisposable
{
    private RrNode(Network.Swarm.Swarm swarm) => Swarm = swarm;

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
        var swarm = new Network.Swarm.Swarm(Ed25519PrivateKey.Generate(), options, behaviours, NullLoggerFactory.Instance, clock);
        await swarm.StartAsync(CancellationToken.None);
        return new RrNode(swarm);
    }

    /// <summary>Dials <paramref name="other"/> and returns once the connection is up on both sides.</summary>
    public async Task ConnectAsync(RrNode other)
    {
        ArgumentNullException.ThrowIfNull(other);
        await Swarm.DialAsync(other.Address, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (other.Swarm.GetConnections(PeerId).Count == 0)
        {
            await Task.Delay(10, deadline.Token);
        }
    }

    public ValueTask DisposeAsync() => Swarm.DisposeAsync();
}
