using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Protocols.Echo;
using RustyNode.Network.Protocols.Identify;
using RustyNode.Network.Protocols.Perf;
using RustyNode.Network.Protocols.Ping;

namespace RustyNode.Network.Tests.Swarm;

/// <summary>A swarm on 127.0.0.1 with the standard behaviours, for in-process tests.</summary>
public sealed class TestSwarm : IAsyncDisposable
{
    private TestSwarm(Network.Swarm.Swarm swarm, IdentifyBehaviour identify, PingBehaviour ping, PerfBehaviour perf, EchoBehaviour echo)
    {
        Swarm = swarm;
        Identify = identify;
        Ping = ping;
        Perf = perf;
        Echo = echo;
    }

    public Network.Swarm.Swarm Swarm { get; }

    public IdentifyBehaviour Identify { get; }

    public PingBehaviour Ping { get; }

    public PerfBehaviour Perf { get; }

    public EchoBehaviour Echo { get; }

    public PeerId PeerId => Swarm.LocalPeerId;

    public Multiaddr Address => Swarm.ListenAddresses[0].WithP2p(PeerId.ToBytes());

    public static async Task<TestSwarm> StartAsync(
        string muxer = "yamux",
        Ed25519PrivateKey? key = null,
        bool identifyOnConnect = true,
        Action<Network.Swarm.SwarmOptions>? configure = null,
        long echoLimit = EchoBehaviour.DefaultMaxBytesPerStream,
        TimeProvider? clock = null,
        params Network.Swarm.INetworkBehaviour[] extra)
    {
        var options = new Network.Swarm.SwarmOptions();
        configure?.Invoke(options);
        options.ListenAddresses.Add(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        options.Muxers.Clear();
        options.Muxers.Add(muxer);
        var identify = new IdentifyBehaviour(new IdentifyOptions { IdentifyOnConnect = identifyOnConnect });
        var ping = new PingBehaviour();
        var perf = new PerfBehaviour();
        var echo = new EchoBehaviour(echoLimit);
        var swarm = new Network.Swarm.Swarm(key ?? Ed25519PrivateKey.Generate(), options, [identify, ping, perf, echo, .. extra], NullLoggerFactory.Instance, clock);
        await swarm.StartAsync(CancellationToken.None);
        return new TestSwarm(swarm, identify, ping, perf, echo);
    }

    public ValueTask DisposeAsync() => Swarm.DisposeAsync();
}
