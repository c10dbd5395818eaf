using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Network.Addressing;
using RustyNode.Network.ConnectionManagement;
using RustyNode.Network.Identity;
using RustyNode.Network.Protection;
using RustyNode.Network.Protocols.Echo;
using RustyNode.Network.Protocols.Ping;
using RustyNode.Network.Swarm;

namespace RustyNode.Bench.Network.Protection;

/// <summary>
/// An honest peer's request throughput (ping, then a 1 KiB echo) against a protected node, with
/// and without another peer flooding the same node with echo bytes as fast as it can. The
/// flooder is slowed to the default 1 MB/s budget and, for the length of the run, not banned
/// (no penalty), so the flood lasts. Goal: the Flood=true mean within 1/0.9 of Flood=false.
/// </summary>
[MemoryDiagnoser]
public class HonestUnderFloodBenchmarks
{
    private const int RequestsPerOp = 20;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Swarm> _swarms = [];
    private Swarm _node = null!;
    private PingBehaviour _honestPing = null!;
    private EchoBehaviour _honestEcho = null!;
    private Task? _flood;
    private PeerProtection _protection = null!;
    private Swarm? _flooder;

    [Params(false, true)]
    public bool Flood { get; set; }

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = RequestsPerOp)]
    public async Task Honest_ping_and_echo()
    {
        for (var i = 0; i < RequestsPerOp; i++)
        {
            await _honestPing.PingAsync(_node.LocalPeerId, CancellationToken.None);
            await _honestEcho.RunAsync(_node.LocalPeerId, 1024, i, CancellationToken.None);
        }
    }

    private async Task SetupAsync()
    {
        var protection = _protection = new PeerProtection(new ProtectionOptions { OverBudgetPenaltyPerSecond = 0 }, PeerStore.InMemory());
        (_node, _, _) = await StartAsync(protection, new ConnectionManager(new ConnectionManagerOptions(), PeerStore.InMemory(), protection));
        var address = _node.ListenAddresses[0].WithP2p(_node.LocalPeerId.ToBytes());
        Swarm honest;
        (honest, _honestPing, _honestEcho) = await StartAsync();
        await honest.DialAsync(address, CancellationToken.None);
        if (Flood)
        {
            var (flooder, _, flooderEcho) = await StartAsync();
            _flooder = flooder;
            await flooder.DialAsync(address, CancellationToken.None);
            _flood = flooderEcho.RunAsync(_node.LocalPeerId, long.MaxValue / 2, 9, _stop.Token);
        }
    }

    private async Task<(Swarm Swarm, PingBehaviour Ping, EchoBehaviour Echo)> StartAsync(params INetworkBehaviour[] extra)
    {
        var options = new SwarmOptions();
        options.ListenAddresses.Add(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        var ping = new PingBehaviour();
        var echo = new EchoBehaviour();
        var swarm = new Swarm(Ed25519PrivateKey.Generate(), options, [.. extra, ping, echo], NullLoggerFactory.Instance);
        await swarm.StartAsync(CancellationToken.None);
        _swarms.Add(swarm);
        return (swarm, ping, echo);
    }

    private async Task CleanupAsync()
    {
        if (_flooder is not null && _protection.GetScore(_flooder.LocalPeerId) is { } flooder)
        {
            // Evidence that the flood ran and was slowed, printed beside the figures.
            Console.WriteLine($"// flooder: {flooder.BytesIn} bytes read in {flooder.ConnectedTime.TotalSeconds:0} s, slowed {flooder.Throttles} times");
        }

        await _stop.CancelAsync();
        if (_flood is not null)
        {
            await _flood.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        foreach (var swarm in _swarms)
        {
            await swarm.DisposeAsync();
        }

        _stop.Dispose();
    }
}
