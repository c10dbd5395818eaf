using System.Diagnostics;
using RustyNode.Bench.Network.Discovery;

namespace RustyNode.Bench.Harness;

/// <summary>
/// <c>dht [nodes] [lookups]</c>: builds an in-process DHT (default 200 nodes), then runs FIND_NODE
/// lookups for peers the searcher does not route through and full closest-peer lookups, and prints
/// messages, hops and latency per lookup. In process, so latency is CPU time of the protocol logic
/// and codec, not network time.
/// </summary>
public static class DhtHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var size = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200;
        var lookups = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000;
        var joining = Stopwatch.StartNew();
        await using var dht = await DhtSimulation.CreateAsync(size);
        Console.WriteLine($"joined {size} nodes in {joining.Elapsed.TotalSeconds:0.00} s, {dht.Network.Messages} requests ({dht.Network.Messages / (double)size:0.0} per node)");
        Console.WriteLine($"routing table sizes: mean {dht.Nodes.Average(n => n.Routing.Count):0.0}, min {dht.Nodes.Min(n => n.Routing.Count)}, max {dht.Nodes.Max(n => n.Routing.Count)}");

        var random = new Random(1);
        await MeasureAsync("FIND_NODE (find peer)", lookups, dht, async () =>
        {
            var (from, target) = dht.PickStranger(random);
            var result = await from.FindPeerAsync(target, CancellationToken.None);
            return (result.Peer is not null, result.Lookup.Hops, result.Lookup.Requests);
        });
        await MeasureAsync("closest peers (full lookup)", lookups, dht, async () =>
        {
            var (from, target) = dht.PickStranger(random);
            var result = await from.GetClosestPeersAsync(target.ToBytes(), CancellationToken.None);
            return (result.Closest.Count == 20, result.Hops, result.Requests);
        });
        Console.WriteLine($"log2({size}) = {Math.Log2(size):0.0}");
        return 0;
    }

    private static async Task MeasureAsync(string name, int count, DhtSimulation dht, Func<Task<(bool Ok, int Hops, int Requests)>> lookup)
    {
        var times = new double[count];
        var hops = new int[count];
        var requests = 0L;
        var ok = 0;
        dht.Network.ResetCounters();
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var (success, h, r) = await lookup();
            requests += r;
            times[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            hops[i] = h;
            ok += success ? 1 : 0;
        }

        Array.Sort(times);
        Console.WriteLine(
            $"{name}: {ok}/{count} succeeded; requests per lookup {requests / (double)count:0.00} (all messages, with the table's liveness checks and first-contact probes, {dht.Network.Messages / (double)count:0.00}); hops mean {hops.Average():0.00} max {hops.Max()}; " +
            $"latency median {times[count / 2]:0} µs, p99 {times[(int)(count * 0.99)]:0} µs");
    }
}
