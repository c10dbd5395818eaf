using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Service;
using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.RequestResponse;
using RustyNode.Network.Swarm;
using RustyNode.Protocols.BlockSync;
using RustyNode.Protocols.BlockSync.Messages;
using RustyNode.Protocols.BlockSync.Wire;

namespace RustyNode.Bench.Harness;

/// <summary>
/// `blocksync [blocks] [txs] [headers]`: block sync between real swarms (TCP loopback, yamux, block sync at its
/// default settings) in this process, each node on its own SQLite chain in a temp dir, every figure
/// against its limit measured in the same run:
/// (1) header sync of a chain of H headers (default 10,000) from one peer, against this machine's header
/// validation rate (the same headers handed to a fresh chain alone);
/// (2) block download of a chain of N blocks (default 10,000) of T spends (default 500) from one and from
/// three peers, against the connect rate of the same blocks handed to a fresh chain alone (which is how the
/// servers are filled) and against the stream throughput (the same blocks fetched with BlockRequests over
/// the same stack, without connecting them).
/// </summary>
public static class BlockSyncHarness
{
    private const int ThroughputRequestBlocks = 64;
    private const int ThroughputConcurrency = 4;

    public static async Task<int> RunAsync(string[] args)
    {
        var blocks = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var txs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500;
        var headerCount = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10_000;
        var root = Directory.CreateTempSubdirectory("rustynode-blocksync-bench-").FullName;
        try
        {
            Console.WriteLine($"blocksync: {headerCount:N0} headers; {blocks:N0} blocks of up to {txs} spends; {Environment.ProcessorCount} cores (figures are noisy when others share the machine)");
            await MeasureHeadersAsync(root, headerCount);
            await MeasureBlocksAsync(root, blocks, txs);
            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task MeasureHeadersAsync(string root, int count)
    {
        var chain = new ChainGenerator(ChainParameters.Regtest, Secp256k1.Native ?? Secp256k1.Managed, "bs-headers").Build(count);
        var headers = chain.Select(b => b.Header).ToList();
        var started = Stopwatch.GetTimestamp();
        using (var alone = ChainService.Open(Path.Combine(root, "headers-alone"), ChainParameters.Regtest))
        {
            for (var i = 0; i < headers.Count; i += BlockSyncLimits.MaxHeadersPerReply)
            {
                var result = alone.ProcessHeaders(headers.GetRange(i, Math.Min(BlockSyncLimits.MaxHeadersPerReply, headers.Count - i)));
                Check(result.IsAccepted, $"header validation refused: {result}");
            }
        }

        var validateRate = count / Stopwatch.GetElapsedTime(started).TotalSeconds;
        var serverDir = Path.Combine(root, "headers-server");
        Fill(serverDir, chain);
        await using var server = await SyncPeer.StartAsync(serverDir);
        await using var client = await SyncPeer.StartAsync(Path.Combine(root, "headers-client"));
        started = Stopwatch.GetTimestamp();
        await client.DialAsync(server);
        await WaitAsync(() => client.Chain.BestHeaderInfo.Height >= count, TimeSpan.FromMinutes(10));
        var syncRate = count / Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.WriteLine($"header sync, 1 peer: {syncRate:N0} headers/s; header validation alone: {validateRate:N0} headers/s; ratio {syncRate / validateRate:P0} (goal >= 50%)");
    }

    private static async Task MeasureBlocksAsync(string root, int count, int txs)
    {
        var started = Stopwatch.GetTimestamp();
        var chain = new ChainGenerator(ChainParameters.Regtest, Secp256k1.Native ?? Secp256k1.Managed, "bs-blocks").Build(count, txs);
        var bytes = chain.Sum(b => (long)b.Size);
        var spends = chain.Sum(b => b.Transactions.Count - 1);
        Console.WriteLine($"built {count:N0} blocks, {spends:N0} spends, {bytes / 1e6:N1} MB in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");

        started = Stopwatch.GetTimestamp();
        var first = Path.Combine(root, "server-0");
        Fill(first, chain);
        var connectSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var connectRate = count / connectSeconds;
        Console.WriteLine($"block connect alone: {connectRate:N1} blocks/s, {bytes / 1e6 / connectSeconds:N2} MB/s");
        for (var i = 1; i < 3; i++)
        {
            CopyDirectory(first, Path.Combine(root, $"server-{i}"));
        }

        var servers = new List<SyncPeer>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                servers.Add(await SyncPeer.StartAsync(Path.Combine(root, $"server-{i}")));
            }

            var (streamSeconds, streamBytes) = await MeasureStreamAsync(servers[0], count);
            Console.WriteLine($"stream throughput (BlockRequests of {ThroughputRequestBlocks}, {ThroughputConcurrency} at once, no connect): {count / streamSeconds:N1} blocks/s, {streamBytes / 1e6 / streamSeconds:N2} MB/s");
            foreach (var peers in new[] { 1, 3 })
            {
                await using var client = await SyncPeer.StartAsync(Path.Combine(root, $"client-{peers}"));
                started = Stopwatch.GetTimestamp();
                foreach (var server in servers.Take(peers))
                {
                    await client.DialAsync(server);
                }

                await WaitAsync(() => client.Chain.TipInfo.Height >= count, TimeSpan.FromMinutes(60));
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                var rate = count / seconds;
                Console.WriteLine(
                    $"block download, {peers} peer{(peers > 1 ? "s" : "")}: {rate:N1} blocks/s, {bytes / 1e6 / seconds:N2} MB/s; " +
                    $"{rate / connectRate:P0} of connect alone (goal >= 80%), {streamSeconds / seconds:P0} of stream throughput; stalls {client.BlockSync.Progress.Stalls}");
            }
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>The same blocks fetched over the same stack and codec, without connecting them.</summary>
    private static async Task<(double Seconds, long Bytes)> MeasureStreamAsync(SyncPeer server, int count)
    {
        var requests = new RequestResponseBehaviour<BlockSyncMessage, BlockSyncMessage>(new BlockSyncCodec(), null);
        var options = new SwarmOptions();
        options.ListenAddresses.Add(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
        await using var swarm = new Swarm(Ed25519PrivateKey.Generate(), options, [requests], NullLoggerFactory.Instance);
        await swarm.StartAsync(CancellationToken.None);
        var connection = await swarm.DialAsync(server.Address, CancellationToken.None);
        var next = 0;
        long bytes = 0;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, ThroughputConcurrency).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var start = Interlocked.Add(ref next, ThroughputRequestBlocks) - ThroughputRequestBlocks + 1;
                if (start > count)
                {
                    return;
                }

                var end = Math.Min(count, start + ThroughputRequestBlocks - 1);
                while (start <= end)
                {
                    var response = (BlockResponse)await requests.SendRequestAsync(connection.RemotePeer, new BlockRequest((uint)start, (uint)end), CancellationToken.None);
                    Check(response.Blocks.Count > 0, $"no blocks from {start}");
                    Interlocked.Add(ref bytes, response.Blocks.Sum(b => (long)b.Length));
                    start += response.Blocks.Count;
                }
            }
        })).ToList();
        await Task.WhenAll(workers);
        return (Stopwatch.GetElapsedTime(started).TotalSeconds, bytes);
    }

    private static void Fill(string dataDir, IReadOnlyList<Block> blocks)
    {
        using var chain = ChainService.Open(dataDir, ChainParameters.Regtest);
        foreach (var block in blocks)
        {
            var result = chain.ProcessBlock(block);
            Check(result.IsAccepted, $"block refused: {result}");
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    private static async Task WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Check(clock.Elapsed < timeout, $"not done within {timeout}");
            await Task.Delay(20);
        }
    }

    private static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    /// <summary>A node in this process: a swarm on 127.0.0.1 with block sync on its own chain.</summary>
    private sealed class SyncPeer : IAsyncDisposable
    {
        private SyncPeer(ChainService chain, BlockSyncBehaviour blockSync, Swarm swarm)
        {
            Chain = chain;
            BlockSync = blockSync;
            Swarm = swarm;
        }

        public ChainService Chain { get; }

        public BlockSyncBehaviour BlockSync { get; }

        public Swarm Swarm { get; }

        public Multiaddr Address => Swarm.ListenAddresses[0].WithP2p(Swarm.LocalPeerId.ToBytes());

        public static async Task<SyncPeer> StartAsync(string dataDir)
        {
            var chain = ChainService.Open(dataDir, ChainParameters.Regtest);
            var blockSync = new BlockSyncBehaviour(chain);
            var options = new SwarmOptions();
            options.ListenAddresses.Add(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
            var swarm = new Swarm(Ed25519PrivateKey.Generate(), options, [blockSync], NullLoggerFactory.Instance);
            await swarm.StartAsync(CancellationToken.None);
            blockSync.Start();
            return new SyncPeer(chain, blockSync, swarm);
        }

        public async Task DialAsync(SyncPeer other) => await Swarm.DialAsync(other.Address, CancellationToken.None);

        public async ValueTask DisposeAsync()
        {
            await BlockSync.DisposeAsync();
            await Swarm.DisposeAsync();
            Chain.Dispose();
        }
    }
}
