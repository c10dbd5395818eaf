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
/// An honest peer's request throughput (ping, then a 1 KiB echo, back to back) against a
/// protected node, with and without another peer flooding the same node with unasked traffic:
/// eight loops that each open echo stream after echo stream and push 4 MiB into it, as fast as
/// loopback allows. The message budget (10 000 messages/s per peer) is set so that the honest
/// peer at full speed stays within it (at the default, 100 messages/s, it would be slowed itself
/// and the run would measure its own budget); the byte budget is the default, 1 MB/s, which the
/// flooder tries to exceed many times over and is held to by flow control (window credit of its
/// streams is withheld while it owes). Excess is not penalised here (penalty 0), so the flood
/// lasts the run instead of ending in a ban. Goal: Flood=false mean / Flood=true mean at least 0.9.
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
    private Swarm? _honest;

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
        var options = new ProtectionOptions
        {
            MessagesPerSecond = 10_000, MessageBurst = 20_000, ExcessPenalty = 0,
        };
        var protection = _protection = new PeerProtection(options, PeerStore.InMemory());
        (_node, _, _) = await StartAsync(protection, new ConnectionManager(new ConnectionManagerOptions(), PeerStore.InMemory(), protection));
        var address = _node.ListenAddresses[0].WithP2p(_node.LocalPeerId.ToBytes());
        Swarm honest;
        (honest, _honestPing, _honestEcho) = await StartAsync();
        _honest = honest;
        await honest.DialAsync(address, CancellationToken.None);
        if (Flood)
        {
            var (flooder, _, flooderEcho) = await StartAsync();
            _flooder = flooder;
            await flooder.DialAsync(address, CancellationToken.None);
            _flood = Task.WhenAll(Enumerable.Range(0, 8).Select(i => FloodAsync(flooderEcho, i)));
        }
    }

    /// <summary>Echo stream after echo stream, 4 MiB pushed into each, until the run ends.</summary>
    private async Task FloodAsync(EchoBehaviour echo, int seed)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await echo.RunAsync(_node.LocalPeerId, 4 << 20, seed, _stop.Token);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SwarmException or EchoMismatchException)
            {
                // Reset or refused: open another.
            }
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
            Console.WriteLine($"// flooder: {flooder.MessagesIn} streams, {flooder.BytesIn} bytes read in {flooder.ConnectedTime.TotalSeconds:0} s, slowed {flooder.Throttles} times, {flooder.ExcessMessages} excess");
        }

        if (_honest is not null && _protection.GetScore(_honest.LocalPeerId) is { } honest)
        {
            Console.WriteLine($"// honest: {honest.MessagesIn} streams, {honest.BytesIn} bytes, slowed {honest.Throttles} times");
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
