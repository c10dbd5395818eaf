using System.Diagnostics;
using System.Text.Json.Nodes;
using RustyNode.Node.Tests.Testing;
using static RustyNode.Node.Tests.Testing.TestNodes;

namespace RustyNode.Node.Tests.BlockSync;

/// <summary>Control-interface helpers for block-sync tests between daemons at their default settings.</summary>
public static class SyncDaemons
{
    /// <summary>Blocks before the regtest miner's first coinbase matures (CHAIN: maturity 100).</summary>
    public const int MaturityBlocks = 101;

    /// <summary>Most blocks one generate command may ask for (the daemon's default cap).</summary>
    private const int GenerateBatch = 1_000;

    /// <summary>Starts daemons in parallel (fresh data dirs unless given).</summary>
    public static async Task<ControlledProcess[]> StartAsync(params string[] names)
    {
        var starts = names.Select(name => Task.Run(() => StartRustyNodeAsync(name))).ToList();
        try
        {
            return await Task.WhenAll(starts);
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

    /// <summary>
    /// Mines <paramref name="blocks"/> regtest blocks on <paramref name="node"/>'s tip, each with up to
    /// <paramref name="txs"/> spends of the miner's coins (BS-8.4; spends start once coinbases mature).
    /// </summary>
    public static async Task MineAsync(ControlledProcess node, int blocks, int txs)
    {
        while (blocks > 0)
        {
            var batch = Math.Min(blocks, GenerateBatch);
            await node.SendOkAsync(Command("generate", ("blocks", batch), ("txs", txs)), TimeSpan.FromSeconds(120));
            blocks -= batch;
        }
    }

    /// <summary><paramref name="from"/> dials <paramref name="to"/>.</summary>
    public static Task ConnectAsync(ControlledProcess from, ControlledProcess to) =>
        from.SendOkAsync(Command("connect", ("addr", to.Addresses[0])));

    public static Task<JsonObject> SyncAsync(ControlledProcess node) => node.SendOkAsync(Command("sync"));

    public static Task<JsonObject> ChainAsync(ControlledProcess node) => node.SendOkAsync(Command("chain"));

    /// <summary>The UTXO set's height, count and digest (BS-8.3).</summary>
    public static async Task<string> UtxoAsync(ControlledProcess node)
    {
        var set = await node.SendOkAsync(Command("utxoset"), TimeSpan.FromSeconds(60));
        return $"{set["height"]}/{set["count"]}/{set["digest"]}";
    }

    /// <summary>Waits until every node's active tip is <paramref name="tipHash"/>.</summary>
    public static Task WaitForTipAsync(string tipHash, TimeSpan timeout, params ControlledProcess[] nodes) =>
        WaitUntilAsync(
            async () =>
            {
                foreach (var node in nodes)
                {
                    if ((string?)(await ChainAsync(node))["bestHash"] != tipHash)
                    {
                        return false;
                    }
                }

                return true;
            },
            timeout,
            async () => $"not every node reached tip {tipHash}: " + string.Join("; ", await Task.WhenAll(nodes.Select(async n => $"{n.Name} {(await SyncAsync(n)).ToJsonString()}"))));

    /// <summary>Polls <paramref name="condition"/> until it holds, failing with <paramref name="failure"/> after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<Task<string>> failure)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                Assert.Fail(await failure());
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Whether <paramref name="node"/> has banned <paramref name="peer"/>.</summary>
    public static async Task<bool> HasBannedAsync(ControlledProcess node, string peer) =>
        (await node.SendOkAsync(Command("bans")))["bans"]!.AsArray().Any(b => (string?)b!["peer"] == peer);

    /// <summary>The reputation <paramref name="node"/> holds for <paramref name="peer"/>, if connected.</summary>
    public static async Task<double?> ScoreAsync(ControlledProcess node, string peer) =>
        (await node.SendOkAsync(Command("peers")))["peers"]!.AsArray().Where(p => (string?)p!["peer"] == peer).Select(p => (double?)p!["score"]).FirstOrDefault();
}
