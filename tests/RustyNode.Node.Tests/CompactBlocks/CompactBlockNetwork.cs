using System.Diagnostics;
using System.Text.Json.Nodes;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;
using RustyNode.Node.Tests.Testing;
using RustyNode.Node.Tests.TxRelay;
using static RustyNode.Node.Tests.Testing.TestNodes;

namespace RustyNode.Node.Tests.CompactBlocks;

/// <summary>
/// Daemons (default settings) on the shared regtest chain of <see cref="TxRelayNetwork"/>, with
/// helpers to fill mempools before the nodes connect (so each holds exactly the share a test
/// wants), to wait for compact relay to be set up, and to time a block's arrival at each node.
/// </summary>
public sealed class CompactBlockNetwork : IAsyncDisposable
{
    /// <summary>2,000 signed transactions spending the shared chain's coins, parents first, as hex.</summary>
    public static readonly Lazy<IReadOnlyList<string>> Transactions = new(() => MakeTransactions(2_000));

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly string?[] _dataDirs;

    private CompactBlockNetwork(IReadOnlyList<ControlledProcess> nodes, string?[] dataDirs) => (Nodes, _dataDirs) = (nodes, dataDirs);

    public IReadOnlyList<ControlledProcess> Nodes { get; }

    /// <summary>
    /// Starts <paramref name="count"/> daemons on seeded data dirs, in parallel, with <paramref name="arguments"/> besides the data dir.
    /// The data dirs are deleted on dispose, after the daemons have exited.
    /// </summary>
    public static async Task<CompactBlockNetwork> StartAsync(int count, string name, params string[] arguments)
    {
        var dataDirs = new string?[count];
        var starts = Enumerable.Range(0, count)
            .Select(i => Task.Run(() =>
            {
                var dataDir = dataDirs[i] = TxRelayNetwork.SeedDataDir();
                return StartRustyNodeAsync($"{name}{i}", ["--datadir", dataDir, .. arguments]);
            }))
            .ToList();
        try
        {
            return new CompactBlockNetwork(await Task.WhenAll(starts), dataDirs);
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

    /// <summary>
    /// Offers <paramref name="count"/> shared transactions (after the first <paramref name="skip"/>) to node
    /// <paramref name="node"/>; one that transaction relay brought there first is fine.
    /// </summary>
    public async Task SubmitAsync(int node, int count, int skip = 0)
    {
        foreach (var hex in Transactions.Value.Skip(skip).Take(count))
        {
            var result = await Nodes[node].SendAsync(Command("submit_tx", ("hex", hex)));
            Assert.True(
                (bool?)result["ok"] == true || ((string?)result["error"])?.Contains("AlreadyInMempool", StringComparison.Ordinal) == true,
                $"{Nodes[node].Name}: submit_tx failed: {result.ToJsonString()}");
        }
    }

    /// <summary>Node <paramref name="from"/> dials <paramref name="to"/> without waiting for compact relay (for nodes that do not speak it).</summary>
    public Task DialAsync(int from, int to) => Nodes[from].SendOkAsync(Command("connect", ("addr", Nodes[to].Addresses[0])));

    /// <summary>Node <paramref name="from"/> dials <paramref name="to"/>; returns when both know each other's compact mode.</summary>
    public async Task ConnectAsync(int from, int to)
    {
        await Nodes[from].SendOkAsync(Command("connect", ("addr", Nodes[to].Addresses[0])));
        await WaitAsync(async () => (int)(await StatsAsync(from))["peers"]! >= 1 && (int)(await StatsAsync(to))["peers"]! >= 1, "compact relay set up");
    }

    /// <summary>Waits until a compact_blocks counter of node <paramref name="node"/> reaches <paramref name="value"/>.</summary>
    public Task WaitForStatAsync(int node, string field, long value) =>
        WaitAsync(async () => (long)(await StatsAsync(node))[field]! >= value, $"{field} >= {value} at node {node}");

    public Task<JsonObject> StatsAsync(int node) => Nodes[node].SendOkAsync(Command("compact_blocks"));

    public async Task<string> GenerateAsync(int node) =>
        (string)(await Nodes[node].SendOkAsync(Command("generate", ("blocks", 1))))["hashes"]![0]!;

    public async Task<string> TipAsync(int node) => (string)(await Nodes[node].SendOkAsync(Command("chain")))["bestHash"]!;

    /// <summary>Waits until every node's tip is <paramref name="hash"/>; returns each node's arrival time on <paramref name="clock"/>.</summary>
    public async Task<TimeSpan[]> WaitForTipAsync(string hash, Stopwatch clock)
    {
        var arrived = new TimeSpan?[Nodes.Count];
        await WaitAsync(
            async () =>
            {
                var tips = await Task.WhenAll(Nodes.Select((_, i) => arrived[i] is null ? TipAsync(i) : Task.FromResult(hash)));
                for (var i = 0; i < tips.Length; i++)
                {
                    if (tips[i] == hash)
                    {
                        arrived[i] ??= clock.Elapsed;
                    }
                }

                return arrived.All(a => a is not null);
            },
            $"block {hash} at every node",
            pollMs: 5);
        return [.. arrived.Select(a => a!.Value)];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        DeleteAll(_dataDirs);
    }

    private static void DeleteAll(IEnumerable<string?> dataDirs)
    {
        foreach (var dir in dataDirs.OfType<string>())
        {
            TempDirectory.Delete(dir);
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what, int pollMs = 50)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < Bound, $"Timed out waiting for {what}.");
            await Task.Delay(pollMs);
        }
    }

    private static IReadOnlyList<string> MakeTransactions(int count)
    {
        var dataDir = TxRelayNetwork.SeedDataDir();
        try
        {
            using var chain = ChainService.Open(Path.Combine(dataDir, "regtest"), ChainParameters.Regtest);
            var made = chain.MakeTransactions(count);
            Assert.True(made.Accepted, made.Reason);
            return [.. made.TxIds.Select(id =>
            {
                Assert.True(chain.TryGetMempoolTransaction(Hash256.Parse(id), out var tx));
                return Convert.ToHexString(tx.ToBytes());
            })];
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
