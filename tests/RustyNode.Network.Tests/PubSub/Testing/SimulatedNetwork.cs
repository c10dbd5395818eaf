using System.Buffers;
using Microsoft.Extensions.Time.Testing;
using RustyNode.Network.Identity;
using RustyNode.Network.PubSub;
using RustyNode.Network.PubSub.Messages;
using RustyNode.Network.PubSub.Routing;

namespace RustyNode.Network.Tests.PubSub.Testing;

/// <summary>
/// Pubsub routers connected by in-process links with simulated latency, on a fake clock: a
/// discrete-event simulation. What a router queues for a peer is taken as RPCs, encoded to frames
/// (the real codec), and delivered after the link's latency, in order per link; the routers'
/// heartbeats run on the fake clock's timers. Everything runs on the test's thread, so a run is
/// deterministic for a given seed.
/// </summary>
public sealed class SimulatedNetwork : IAsyncDisposable
{
    private readonly PriorityQueue<SimEvent, (long Time, long Sequence)> _events = new();
    private readonly Dictionary<(int From, int To), long> _lastDelivery = [];
    private readonly HashSet<(int From, int To)> _drainScheduled = [];
    private readonly HashSet<(int From, int To)> _links = [];
    private readonly Random _random;
    private long _sequence;

    public SimulatedNetwork(int seed = 1)
    {
        _random = new Random(seed);
        Seed = seed;
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public List<SimNode> Nodes { get; } = [];

    public int Seed { get; }

    /// <summary>One-way latency of a link; 10 ms unless set.</summary>
    public Func<SimNode, SimNode, TimeSpan> Latency { get; set; } = (_, _) => TimeSpan.FromMilliseconds(10);

    /// <summary>Rewrites (or drops, with null) an RPC on its way from one node to another; the identity unless set.</summary>
    public Func<SimNode, SimNode, PubSubRpc, PubSubRpc?> Filter { get; set; } = (_, _, rpc) => rpc;

    /// <summary>Frames delivered so far.</summary>
    public long FramesDelivered { get; private set; }

    /// <summary>Adds a router with <paramref name="options"/> (defaults when null) and starts its heartbeat.</summary>
    public SimNode AddNode(PubSubOptions? options = null, string? ip = null)
    {
        var index = Nodes.Count;
        var node = new SimNode(index, Ed25519PrivateKey.FromSeedNumber((ulong)(Seed * 10_000 + index + 1)), ip ?? $"10.{index / 250}.{index % 250}.1");
        node.Router = new PubSubRouter(options ?? new PubSubOptions(), node.Key, node, Time, null, new Random(Seed * 7919 + index));
        node.Router.Start();
        Nodes.Add(node);
        return node;
    }

    /// <summary>Connects <paramref name="dialer"/> to <paramref name="listener"/> (outbound for the dialer) speaking <paramref name="protocol"/>.</summary>
    public void Connect(SimNode dialer, SimNode listener, PubSubProtocol protocol = PubSubProtocol.Meshsub12)
    {
        _links.Add((dialer.Index, listener.Index));
        _links.Add((listener.Index, dialer.Index));
        Attach(dialer, listener, dialer.Router.AddPeer(listener.Id, protocol, outbound: true, listener.Ip));
        Attach(listener, dialer, listener.Router.AddPeer(dialer.Id, protocol, outbound: false, dialer.Ip));
    }

    /// <summary>Cuts the link between two nodes: both forget each other; frames in flight are lost.</summary>
    public void Disconnect(SimNode a, SimNode b)
    {
        _links.Remove((a.Index, b.Index));
        _links.Remove((b.Index, a.Index));
        a.Router.RemovePeer(b.Id);
        b.Router.RemovePeer(a.Id);
    }

    /// <summary>Connects every node to about <paramref name="degree"/> random others (each node dials degree/2), keeping the graph connected.</summary>
    public void ConnectRandomly(int degree)
    {
        for (var i = 1; i < Nodes.Count; i++)
        {
            Connect(Nodes[i], Nodes[_random.Next(i)]);
        }

        foreach (var node in Nodes)
        {
            var wanted = degree / 2;
            for (var attempts = 0; wanted > 1 && attempts < 100; attempts++)
            {
                var other = Nodes[_random.Next(Nodes.Count)];
                if (other != node && !_links.Contains((node.Index, other.Index)))
                {
                    Connect(node, other);
                    wanted--;
                }
            }
        }
    }

    /// <summary>Puts an RPC of our making on the link from <paramref name="from"/> to <paramref name="to"/>, as a hostile node would.</summary>
    public void Inject(SimNode from, SimNode to, PubSubRpc rpc) => Send(from, to, rpc);

    /// <summary>True when the two nodes are linked.</summary>
    public bool AreLinked(SimNode a, SimNode b) => _links.Contains((a.Index, b.Index));

    /// <summary>Runs the simulation for <paramref name="duration"/> of simulated time.</summary>
    public async Task RunForAsync(TimeSpan duration)
    {
        var until = Time.GetTimestamp() + (long)(duration.TotalSeconds * Time.TimestampFrequency);
        await RunUntilAsync(() => false, until);
    }

    /// <summary>Runs until <paramref name="condition"/> holds (checked after each event) or <paramref name="limit"/> of simulated time passed.</summary>
    /// <returns>True when the condition came true.</returns>
    public async Task<bool> RunUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var until = Time.GetTimestamp() + (long)(limit.TotalSeconds * Time.TimestampFrequency);
        return await RunUntilAsync(condition, until);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.Router.DisposeAsync();
            node.Key.Dispose();
        }
    }

    private async Task<bool> RunUntilAsync(Func<bool> condition, long until)
    {
        if (condition())
        {
            return true;
        }

        while (true)
        {
            // Heartbeats due before the next event run first (advancing fires the fake clock's timers).
            var next = _events.TryPeek(out _, out var priority) ? Math.Min(priority.Time, until) : until;
            AdvanceTo(next);
            if (condition())
            {
                return true;
            }

            if (!_events.TryPeek(out _, out priority) || priority.Time > until)
            {
                if (Time.GetTimestamp() >= until)
                {
                    return false;
                }

                continue;
            }

            var e = _events.Dequeue();
            await ProcessAsync(e);
            if (condition())
            {
                return true;
            }
        }
    }

    private void AdvanceTo(long timestamp)
    {
        var now = Time.GetTimestamp();
        if (timestamp > now)
        {
            // Step heartbeat by heartbeat so that timers fire at their own times.
            var step = Time.TimestampFrequency / 10;
            while (now < timestamp)
            {
                var delta = Math.Min(step, timestamp - now);
                Time.Advance(TimeSpan.FromSeconds(delta / (double)Time.TimestampFrequency));
                now = Time.GetTimestamp();
            }
        }
    }

    private void Attach(SimNode from, SimNode to, PeerOutbox outbox)
    {
        outbox.Ready = _ => ScheduleDrain(from, to, outbox);

        // What was queued before the link was attached (the hello with our subscriptions).
        ScheduleDrain(from, to, outbox);
    }

    private void ScheduleDrain(SimNode from, SimNode to, PeerOutbox outbox)
    {
        if (_drainScheduled.Add((from.Index, to.Index)))
        {
            Schedule(Time.GetTimestamp(), new SimEvent(from, to, outbox, null));
        }
    }

    private void Schedule(long time, SimEvent e) => _events.Enqueue(e, (time, _sequence++));

    private async Task ProcessAsync(SimEvent e)
    {
        if (e.Frame is null)
        {
            _drainScheduled.Remove((e.From.Index, e.To.Index));
            while (e.Outbox!.TryTake(e.From.Router.Options.MaxBatchSize, out var rpc))
            {
                if (Filter(e.From, e.To, rpc) is { } sent)
                {
                    Send(e.From, e.To, sent);
                }
            }

            return;
        }

        if (!_links.Contains((e.From.Index, e.To.Index)))
        {
            return;
        }

        var buffer = new ReadOnlySequence<byte>(e.Frame);
        Assert.True(PubSubRpcCodec.TryReadFrame(ref buffer, PubSubLimits.MaxConfigurableMessageSize, out var received, out _));
        Assert.True(buffer.IsEmpty);
        FramesDelivered++;
        await e.To.Router.HandleRpcAsync(e.From.Id, received, CancellationToken.None);
    }

    private void Send(SimNode from, SimNode to, PubSubRpc rpc)
    {
        if (!_links.Contains((from.Index, to.Index)))
        {
            return;
        }

        var now = Time.GetTimestamp();
        var at = Math.Max(now + (long)(Latency(from, to).TotalSeconds * Time.TimestampFrequency), _lastDelivery.GetValueOrDefault((from.Index, to.Index)));
        _lastDelivery[(from.Index, to.Index)] = at;
        Schedule(at, new SimEvent(from, to, null, PubSubRpcCodec.EncodeFrame(rpc)));
    }

    private sealed record SimEvent(SimNode From, SimNode To, PeerOutbox? Outbox, byte[]? Frame);
}
