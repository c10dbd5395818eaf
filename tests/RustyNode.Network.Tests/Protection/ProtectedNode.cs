using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RustyNode.Network.Addressing;
using RustyNode.Network.ConnectionManagement;
using RustyNode.Network.Identity;
using RustyNode.Network.Protection;
using RustyNode.Network.Protocols.Echo;
using RustyNode.Network.Protocols.Ping;
using RustyNode.Network.Resources;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Tests.Protection;

/// <summary>
/// An in-process swarm on 127.0.0.1 with peer protection, the resource manager, a connection
/// manager, ping and echo. Protection runs on a fake clock: budgets refill only when the test
/// advances it.
/// </summary>
public sealed class ProtectedNode : IAsyncDisposable
{
    private readonly List<SwarmEvent> _seen = [];

    private ProtectedNode(
        Network.Swarm.Swarm swarm, PeerStore store, PeerProtection protection, ResourceManager resources, ConnectionManager connections, PingBehaviour ping, EchoBehaviour echo, FakeTimeProvider clock)
    {
        Resources = resources;
        Clock = clock;
        Swarm = swarm;
        Store = store;
        Protection = protection;
        Connections = connections;
        Ping = ping;
        Echo = echo;
    }

    public Network.Swarm.Swarm Swarm { get; }

    public PeerStore Store { get; }

    public PeerProtection Protection { get; }

    public ConnectionManager Connections { get; }

    public ResourceManager Resources { get; }

    /// <summary>The clock of this node's protection.</summary>
    public FakeTimeProvider Clock { get; }

    public PingBehaviour Ping { get; }

    public EchoBehaviour Echo { get; }

    public PeerId PeerId => Swarm.LocalPeerId;

    public Multiaddr Address => Swarm.ListenAddresses[0].WithP2p(PeerId.ToBytes());

    public static async Task<ProtectedNode> StartAsync(
        ProtectionOptions? protection = null,
        ConnectionManagerOptions? connections = null,
        string? dataDir = null,
        ulong? keySeed = null,
        IReadOnlyList<INetworkBehaviour>? extra = null,
        FakeTimeProvider? time = null,
        string muxer = "yamux",
        ResourceOptions? resources = null)
    {
        var clock = time ?? PeerProtectionTests.NewClock();
        var options = new SwarmOptions();
        options.ListenAddresses.Add(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        options.Muxers.Clear();
        options.Muxers.Add(muxer);
        var store = dataDir is null ? PeerStore.InMemory() : PeerStore.Open(dataDir);
        var guard = new PeerProtection(protection ?? new ProtectionOptions { BytesPerSecond = double.PositiveInfinity }, store, timeProvider: clock);
        var memory = new ResourceManager(resources ?? new ResourceOptions());
        var manager = new ConnectionManager(connections ?? new ConnectionManagerOptions(), store, guard);
        var ping = new PingBehaviour();
        var echo = new EchoBehaviour();
        var key = keySeed is { } seed ? Ed25519PrivateKey.FromSeedNumber(seed) : Ed25519PrivateKey.Generate();
        var swarm = new Network.Swarm.Swarm(key, options, [guard, memory, manager, ping, echo, .. extra ?? []], NullLoggerFactory.Instance);
        await swarm.StartAsync(CancellationToken.None);
        manager.Start();
        return new ProtectedNode(swarm, store, guard, memory, manager, ping, echo, clock);
    }

    /// <summary>Waits for an event of type <typeparamref name="T"/> matching <paramref name="predicate"/>, including ones already read.</summary>
    public async Task<T> NextAsync<T>(Func<T, bool>? predicate = null, TimeSpan? timeout = null)
        where T : SwarmEvent
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        lock (_seen)
        {
            if (_seen.OfType<T>().FirstOrDefault(e => predicate?.Invoke(e) ?? true) is { } seen)
            {
                return seen;
            }
        }

        try
        {
            await foreach (var e in Swarm.Events.ReadAllAsync(cts.Token))
            {
                lock (_seen)
                {
                    _seen.Add(e);
                }

                if (e is T match && (predicate?.Invoke(match) ?? true))
                {
                    return match;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        throw new TimeoutException($"No {typeof(T).Name} event came. Seen: {string.Join(", ", _seen)}");
    }

    /// <summary>
    /// Advances the fake clock by <paramref name="step"/> at a time, letting the node work between
    /// steps, until <paramref name="condition"/> holds (bounded in real time).
    /// </summary>
    public async Task AdvanceUntilAsync(TimeSpan step, Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            Clock.Advance(step);
            await Task.Delay(10);
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds (bounded).</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Connections.DisposeAsync();
        await Swarm.DisposeAsync();
    }
}
