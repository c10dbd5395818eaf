using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Protocols.Echo;
using RustyNode.Network.Protocols.Ping;
using RustyNode.Network.Swarm;

namespace RustyNode.Bench.Harness;

/// <summary>
/// `connections`: two in-process swarms on loopback.
/// (1) connection set-up (TCP, Noise, Yamux, first ping) median and p99 over N sequential connections;
/// (2) 1,000 concurrent streams on one connection, each echoing 1 KiB;
/// (3) memory per idle connection, from the managed heap and the process working set over M connections.
/// Arguments: [N, default 1000] [M, default 500].
/// </summary>
public static class ConnectionHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var setups = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var idle = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500;
        await using var server = await StartSwarmAsync(listen: true);
        await using var client = await StartSwarmAsync(listen: false);
        var address = server.Swarm.ListenAddresses[0];

        await MeasureSetupAsync(client, server, address, setups);
        await MeasureConcurrentStreamsAsync(client, server, address, 1000);
        await MeasureIdleMemoryAsync(client, address, idle);
        return 0;
    }

    private static async Task MeasureSetupAsync(Node client, Node server, Multiaddr address, int count)
    {
        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var connection = await client.Swarm.DialAsync(address, CancellationToken.None);
            await client.Ping.PingAsync(server.Swarm.LocalPeerId, CancellationToken.None);
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            await connection.DisposeAsync();
            await WaitUntilAsync(() => server.Swarm.Connections.Count == 0);
        }

        Array.Sort(samples);
        Console.WriteLine($"connection set-up (TCP+Noise+Yamux+first ping), {count} sequential: median {samples[count / 2]:0.00} ms, p99 {samples[(int)(count * 0.99)]:0.00} ms, max {samples[^1]:0.00} ms");
    }

    private static async Task MeasureConcurrentStreamsAsync(Node client, Node server, Multiaddr address, int streams)
    {
        var connection = await client.Swarm.DialAsync(address, CancellationToken.None);
        var started = Stopwatch.GetTimestamp();
        var tasks = Enumerable.Range(0, streams)
            .Select(i => client.Echo.RunAsync(server.Swarm.LocalPeerId, 1024, i, CancellationToken.None))
            .ToArray();
        await Task.WhenAll(tasks);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Console.WriteLine($"{streams} concurrent streams on one connection (1 KiB echo each): all verified in {elapsed.TotalMilliseconds:0} ms");
        await connection.DisposeAsync();
        await WaitUntilAsync(() => server.Swarm.Connections.Count == 0);
    }

    private static async Task MeasureIdleMemoryAsync(Node client, Multiaddr address, int count)
    {
        var heapBefore = Heap();
        var setBefore = Environment.WorkingSet;
        var connections = new List<Connection>();
        for (var i = 0; i < count; i++)
        {
            connections.Add(await client.Swarm.DialAsync(address, CancellationToken.None));
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        var heap = Heap() - heapBefore;
        var set = Environment.WorkingSet - setBefore;
        Console.WriteLine($"idle connections: {count} (both ends in this process): managed heap {heap / count / 1024.0:0.0} KiB per connection pair, working set {set / count / 1024.0:0.0} KiB per connection pair");
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(2);
        }
    }

    private static async Task<Node> StartSwarmAsync(bool listen)
    {
        var options = new SwarmOptions();
        if (listen)
        {
            options.ListenAddresses.Add(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        }

        var ping = new PingBehaviour();
        var echo = new EchoBehaviour();
        var swarm = new Swarm(Ed25519PrivateKey.Generate(), options, [ping, echo], NullLoggerFactory.Instance);
        await swarm.StartAsync(CancellationToken.None);
        return new Node(swarm, ping, echo);
    }

    private sealed record Node(Swarm Swarm, PingBehaviour Ping, EchoBehaviour Echo) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Swarm.DisposeAsync();
    }
}
