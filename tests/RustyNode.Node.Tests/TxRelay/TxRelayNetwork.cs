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
/// make_txs on any node spends coins every node knows. Block relay is not this protocol's job.
/// </summary>
public sealed class TxRelayNetwork : IAsyncDisposable
{
    /// <summary>Blocks in the shared chain: 11 mature coinbases of 50 coins each.</summary>
    public const int ChainLength = 110;

    /// <summary>The shared chain's blocks (lowest first).</summary>
    public static readonly Lazy<IReadOnlyList<Block>> SharedChain = new(() =>
        new ChainGenerator(ChainParameters.Regtest, minerKey: RegtestKeys.Miner).Build(ChainLength));

    private TxRelayNetwork(IReadOnlyList<ControlledProcess> nodes)
    {
        Nodes = nodes;
    }

    public IReadOnlyList<ControlledProcess> Nodes { get; }

    /// <summary>Starts <paramref name="count"/> daemons on seeded data dirs, in parallel.</summary>
    public static async Task<TxRelayNetwork> StartAsync(int count, string name)
    {
        var starts = Enumerable.Range(0, count).Select(i => Task.Run(() =>
        {
            var dataDir = SeedDataDir();
            return StartRustyNodeAsync($"{name}{i}", "--datadir", dataDir);
        })).ToList();
        try
        {
            return new TxRelayNetwork(await Task.WhenAll(starts));
        }
        catch
        {
            foreach (var start in starts.Where(s => s.IsCompletedSuccessfully))
            {
                await start.Result.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>A fresh data dir holding the shared chain.</summary>
    public static string SeedDataDir()
    {
        var dataDir = Directory.CreateTempSubdirectory("rustynode-txrelay-").FullName;
        using var chain = ChainService.Open(Path.Combine(dataDir, "regtest"), ChainParameters.Regtest);
        foreach (var block in SharedChain.Value)
        {
            var result = chain.ProcessBlock(block);
            Assert.True(result.IsAccepted, result.ToString());
        }

        return dataDir;
    }

    /// <summary>Node <paramref name="from"/> dials node <paramref name="to"/> (so <paramref name="to"/> is its outbound peer).</summary>
    public Task ConnectAsync(int from, int to) =>
        Nodes[from].SendOkAsync(Command("connect", ("addr", Nodes[to].Addresses[0])));

    /// <summary>Waits until every node holds at least <paramref name="count"/> mempool transactions; returns when each got 99% and 100%.</summary>
    public async Task<(TimeSpan All99, TimeSpan All100)> WaitForMempoolsAsync(int count, Stopwatch clock, TimeSpan timeout)
    {
        var at99 = new TimeSpan?[Nodes.Count];
        var at100 = new TimeSpan?[Nodes.Count];
        var deadline = clock.Elapsed + timeout;
        while (at100.Any(t => t is null))
        {
            Assert.True(clock.Elapsed < deadline, $"Not every mempool reached {count} in {timeout}: {string.Join(", ", await MempoolCountsAsync())}");
            for (var i = 0; i < Nodes.Count; i++)
            {
                if (at100[i] is not null)
                {
                    continue;
                }

                var held = (int)(await StatsAsync(i))["total"]!["mempool"]!;
                if (held * 100L >= count * 99L)
                {
                    at99[i] ??= clock.Elapsed;
                }

                if (held >= count)
                {
                    at100[i] = clock.Elapsed;
                }
            }

            await Task.Delay(200);
        }

        return (at99.Max()!.Value, at100.Max()!.Value);
    }

    public Task<JsonObject> StatsAsync(int node) => Nodes[node].SendOkAsync(Command("tx_relay"));

    public async Task<int[]> MempoolCountsAsync()
    {
        var counts = new int[Nodes.Count];
        for (var i = 0; i < Nodes.Count; i++)
        {
            counts[i] = (int)(await StatsAsync(i))["total"]!["mempool"]!;
        }

        return counts;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
    }
}
