using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Muxing;
using RustyNode.Network.Resources;
using RustyNode.Network.Swarm;

namespace RustyNode.Bench.Harness;

/// <summary>
/// `memory`: the resident memory of a rustynode daemon holding N connections (default 1,000), each
/// from its own hostile peer that keeps opening echo streams and pushing a megabyte into each while
/// never reading the echo, so the node's buffers fill, for a while (default 15 s). The daemon runs at its defaults
/// except the connection limits (raised so that it takes N connections from one address: they are
/// not what is measured). Prints the daemon's resident memory idle, with N idle connections, and
/// its peak under the attack, against the node's memory budget (specs/network/16-resource-limits.md).
/// Arguments: [N, default 1000] [attack seconds, default 15] [streams per batch, default 16].
/// </summary>
public static class MemoryHarness
{
    private const int Push = 1024 * 1024;
    private static readonly byte[] Junk = new byte[Push];

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 15;
        var batch = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16;
        var limit = (count + 100).ToString(CultureInfo.InvariantCulture);
        await using var node = await JsonLinePeer.StartRustyNodeAsync(
            "--max-connections", limit, "--max-inbound-per-ip", limit, "--max-inbound-per-subnet", limit, "--log-level", "Error");
        var budget = new ResourceOptions().MaxNodeBufferedBytes;
        Console.WriteLine($"memory harness: {count} hostile connections, {seconds:0} s of attack, {batch} echo streams per batch, {Push >> 20} MiB pushed into each, no answer read; node budget {budget >> 20} MiB");
        await Task.Delay(TimeSpan.FromSeconds(2));
        var idle = Rss(node.ProcessId);
        Console.WriteLine($"daemon idle: {idle >> 20} MiB resident");

        var address = Multiaddr.Parse(node.Address);
        var peers = new List<(Swarm Swarm, Connection Connection)>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var swarm = new Swarm(Ed25519PrivateKey.Generate(), new SwarmOptions(), [], NullLoggerFactory.Instance);
                peers.Add((swarm, await swarm.DialAsync(address, CancellationToken.None)));
            }

            await Task.Delay(TimeSpan.FromSeconds(3));
            var connected = Rss(node.ProcessId);
            Console.WriteLine($"daemon with {count} idle connections: {connected >> 20} MiB resident ({(connected - idle) / count / 1024.0:0.0} KiB per connection)");

            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
            var attacks = peers.Select(p => AttackAsync(p.Swarm, p.Connection, batch, stop.Token)).ToArray();
            var peak = connected;
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, Rss(node.ProcessId));
                await Task.Delay(100, CancellationToken.None);
            }

            var sent = (await Task.WhenAll(attacks)).Sum();
            var survivors = peers.Count(p => !p.Connection.Completion.IsCompleted);
            var highWater = HighWater(node.ProcessId);
            Console.WriteLine($"hostile peers opened {sent} streams, {Push >> 20} MiB pushed at each; {survivors} of {count} connections still open (the rest were cut or banned)");
            Console.WriteLine($"daemon under attack: peak {peak >> 20} MiB resident (sampled every 100 ms; VmHWM {highWater >> 20} MiB)");
            Console.WriteLine($"attack's share: {(peak - connected) >> 20} MiB above the idle connections; node budget {budget >> 20} MiB; ratio {(double)(peak - connected) / budget:0.00} (goal <= 1)");
            Console.WriteLine($"whole daemon: {peak >> 20} MiB peak against the budget plus its idle footprint ({(budget + connected) >> 20} MiB)");
        }
        finally
        {
            foreach (var (swarm, _) in peers)
            {
                await swarm.DisposeAsync();
            }
        }

        return 0;
    }

    /// <summary>
    /// Opens echo streams and pushes <see cref="Push"/> bytes into each without ever reading the
    /// answer, batch after batch, until stopped or cut off; returns the streams it opened.
    /// </summary>
    private static async Task<long> AttackAsync(Swarm swarm, Connection connection, int batch, CancellationToken cancellationToken)
    {
        long sent = 0;
        var open = new List<ProtocolStream>();
        try
        {
            while (!cancellationToken.IsCancellationRequested && !connection.Completion.IsCompleted)
            {
                var opening = Enumerable.Range(0, batch).Select(_ => swarm.OpenStreamAsync(connection.RemotePeer, ["/echo/1.0.0"], cancellationToken)).ToArray();
                await ((Task)Task.WhenAll(opening)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                var writes = new List<Task>(batch);
                foreach (var stream in opening.Where(o => o.IsCompletedSuccessfully).Select(o => o.Result))
                {
                    open.Add(stream);
                    sent++;
                    writes.Add(stream.Output.WriteAsync(Junk, cancellationToken).AsTask());
                }

                cancellationToken.ThrowIfCancellationRequested();

                // A stream the node resets costs the attacker nothing: it opens more. Writes that
                // wait for window are left waiting; the next batch does not wait for them long.
                await Task.WhenAll(writes).WaitAsync(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or MuxerClosedException or SwarmException or InvalidOperationException)
        {
            // Stopped, refused or cut off: the attack on this connection is over.
        }

        foreach (var stream in open)
        {
            stream.Stream.Reset();
        }

        return sent;
    }

    private static long Rss(int pid) => StatusField(pid, "VmRSS:");

    private static long HighWater(int pid) => StatusField(pid, "VmHWM:");

    private static long StatusField(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }
}
