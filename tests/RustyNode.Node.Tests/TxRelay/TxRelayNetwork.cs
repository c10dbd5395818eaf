using System.Diagnostics;
using System.Text.Json.Nodes;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Service;
using RustyNode.Node.Tests.Testing;
using static RustyNode.Node.Tests.Testing.TestNodes;

namespace RustyNode.Node.Tests.TxRelay;

/// <summary>
/// Daemons (default settings) that share one regtest chain: each data dir is seeded, before its
/// daemon starts, with the same blocks whose coinbases pay <see cref="RegtestKeys.Miner"/>, so
/// make_txs on any node spends coins every node knows. Block relay is not this protocol's job; the
/// seeding stands in for block sync until that exists. The chain is stored once in a template and
/// each data dir gets a copy of its files. The data dirs are deleted on dispose, after the daemons
/// have exited; the template when the test process exits.
/// </summary>
public sealed class TxRelayNetwork : IAsyncDisposable
{
    /// <summary>Blocks in the shared chain: 11 mature coinbases of 50 coins each.</summary>
    public const int ChainLength = 110;

    /// <summary>The shared chain's blocks (lowest first).</summary>
    public static readonly Lazy<IReadOnlyList<Block>> SharedChain = new(() =>
        new ChainGenerator(ChainParameters.Regtest, minerKey: RegtestKeys.Miner).Build(ChainLength));

    private static readonly Lazy<string> Template = new(CreateTemplate);

    private readonly List<string> _dataDirs;

    private TxRelayNetwork(IReadOnlyList<ControlledProcess> nodes, List<string> dataDirs)
    {
        Nodes = nodes;
        _dataDirs = dataDirs;
    }

    public IReadOnlyList<ControlledProcess> Nodes { get; }

    /// <summary>Starts <paramref name="count"/> daemons on seeded data dirs, in parallel, with <paramref name="arguments"/> (a setting the test is about) added.</summary>
    public static async Task<TxRelayNetwork> StartAsync(int count, string name, params string[] arguments)
    {
        var dataDirs = new List<string>();
        List<Task<ControlledProcess>> starts = [];
        try
        {
            for (var i = 0; i < count; i++)
            {
                dataDirs.Add(SeedDataDir());
            }

            // Default settings but two: the connection minimum of 0 keeps the topology the test's own
            // (no DHT join or discovery dials, RES-4.3), and the log level is the daemon's default
            // (Information) rather than the test helper's Debug, whose per-stream lines cost the busy
            // daemons and the test process CPU they need for relaying.
            starts = dataDirs.Select((dir, i) => StartRustyNodeAsync($"{name}{i}", ["--datadir", dir, "--min-connections", "0", "--log-level", "Information", .. arguments])).ToList();
            return new TxRelayNetwork(await Task.WhenAll(starts), dataDirs);
        }
        catch
        {
            foreach (var start in starts.Where(s => s.IsCompletedSuccessfully))
            {
                await start.Result.DisposeAsync();
            }

            DeleteAll(dataDirs);
            throw;
        }
    }

    /// <summary>A fresh data dir holding the shared chain (a copy of the template's chain store); the caller deletes it.</summary>
    public static string SeedDataDir()
    {
        var dataDir = Directory.CreateTempSubdirectory("rustynode-txrelay-").FullName;
        try
        {
            var target = Directory.CreateDirectory(Path.Combine(dataDir, "regtest")).FullName;
            foreach (var file in Directory.GetFiles(Template.Value))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }
        catch
        {
            TempDirectory.Delete(dataDir);
            throw;
        }

        return dataDir;
    }

    /// <summary>Node <paramref name="from"/> dials node <paramref name="to"/> (so <paramref name="to"/> is its outbound peer).</summary>
    public Task ConnectAsync(int from, int to) =>
        Nodes[from].SendOkAsync(Command("connect", ("addr", Nodes[to].Addresses[0])));

    /// <summary>Makes every connection of <paramref name="edges"/> at once, then waits until each node's relay peers are all up.</summary>
    public async Task ConnectAllAsync(IEnumerable<(int From, int To)> edges)
    {
        await Task.WhenAll(edges.Select(e => ConnectAsync(e.From, e.To)));
    }

    /// <summary>Waits until node <paramref name="node"/> has <paramref name="peers"/> relay peers.</summary>
    public async Task WaitForRelayPeersAsync(int node, int peers)
    {
        var deadline = Stopwatch.StartNew();
        while ((await StatsAsync(node))["peers"]!.AsArray().Count < peers)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"node {node} has fewer than {peers} relay peers");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Waits until every node holds <paramref name="count"/> mempool transactions (polling all nodes
    /// at once); returns, per node, when it first held 99% and 100% of them.
    /// </summary>
    public async Task<(TimeSpan[] At99, TimeSpan[] At100)> WaitForMempoolsAsync(int count, Stopwatch clock, TimeSpan timeout)
    {
        var at99 = new TimeSpan?[Nodes.Count];
        var at100 = new TimeSpan?[Nodes.Count];
        var deadline = clock.Elapsed + timeout;
        while (at100.Any(t => t is null))
        {
            var counts = await MempoolCountsAsync();
            var now = clock.Elapsed;
            for (var i = 0; i < Nodes.Count; i++)
            {
                if (counts[i] * 100L >= count * 99L)
                {
                    at99[i] ??= now;
                }

                if (counts[i] >= count)
                {
                    at100[i] ??= now;
                }
            }

            if (at100.Any(t => t is null))
            {
                Assert.True(clock.Elapsed < deadline, $"Not every mempool reached {count} in {timeout}: {string.Join(", ", counts)}");
                await Task.Delay(100);
            }
        }

        return ([.. at99.Select(t => t!.Value)], [.. at100.Select(t => t!.Value)]);
    }

    public Task<JsonObject> StatsAsync(int node) => Nodes[node].SendOkAsync(Command("tx_relay"));

    public async Task<int[]> MempoolCountsAsync()
    {
        var stats = await Task.WhenAll(Enumerable.Range(0, Nodes.Count).Select(StatsAsync));
        return [.. stats.Select(s => (int)s["total"]!["mempool"]!)];
    }

    /// <summary>Processor time the daemons used so far, all together.</summary>
    public TimeSpan ProcessorTime()
    {
        var total = TimeSpan.Zero;
        foreach (var node in Nodes)
        {
            using var process = Process.GetProcessById(node.ProcessId);
            total += process.TotalProcessorTime;
        }

        return total;
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(Nodes.Select(n => n.DisposeAsync().AsTask()));
        DeleteAll(_dataDirs);
    }

    private static void DeleteAll(IEnumerable<string> dataDirs)
    {
        foreach (var dir in dataDirs)
        {
            TempDirectory.Delete(dir);
        }
    }

    /// <summary>Stores the shared chain in a fresh directory, deleted when the test process exits (data dirs are copied from it until then).</summary>
    private static string CreateTemplate()
    {
        var dir = Directory.CreateTempSubdirectory("rustynode-txrelay-template-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TempDirectory.Delete(dir);
        using (var chain = ChainService.Open(dir, ChainParameters.Regtest))
        {
            foreach (var block in SharedChain.Value)
            {
                var result = chain.ProcessBlock(block);
                Assert.True(result.IsAccepted, result.ToString());
            }
        }

        return dir;
    }
}
