using RustyNode.Node.Tests.Testing;
using static RustyNode.Node.Tests.Testing.TestNodes;

namespace RustyNode.Node.Tests.Control;

public class ChainCommandTests
{
    [Fact]
    [Trait("Clause", "CTL-4.1")]
    [Trait("Clause", "CTL-4.2")]
    public async Task Regtest_node_generates_blocks_and_reports_its_chain_across_a_restart()
    {
        using var dataDir = new TempDirectory("rustynode-chain-");
        string best;
        await using (var node = await StartRustyNodeAsync("node", "--datadir", dataDir.Path))
        {
            var genesis = await node.SendOkAsync(Command("chain"));
            Assert.Equal("regtest", (string?)genesis["network"]);
            Assert.Equal(0, (int)genesis["height"]!);

            var generated = await node.SendOkAsync(Command("generate", ("blocks", 3)));
            var hashes = generated["hashes"]!.AsArray();
            Assert.Equal(3, hashes.Count);

            var chain = await node.SendOkAsync(Command("chain"));
            Assert.Equal(3, (int)chain["height"]!);
            best = (string)chain["bestHash"]!;
            Assert.Equal((string?)hashes[2], best);
            Assert.NotEqual((string?)genesis["chainWork"], (string?)chain["chainWork"]);
            await node.SendOkAsync(Command("shutdown"));
            await node.WaitForExitAsync(TimeSpan.FromSeconds(20));
        }

        await using var again = await StartRustyNodeAsync("again", "--datadir", dataDir.Path);
        var reopened = await again.SendOkAsync(Command("chain"));
        Assert.Equal(3, (int)reopened["height"]!);
        Assert.Equal(best, (string?)reopened["bestHash"]);
    }

    [Fact]
    [Trait("Clause", "CTL-4.3")]
    public async Task Mempool_starts_empty_and_a_malformed_transaction_is_rejected_with_a_reason()
    {
        await using var node = await StartRustyNodeAsync("node");

        var mempool = await node.SendOkAsync(Command("mempool"));
        Assert.Equal(0, (int)mempool["count"]!);
        var rejected = await node.SendAsync(Command("submit_tx", ("hex", "0100")));
        Assert.False((bool?)rejected["ok"]);
        Assert.Contains("Malformed", (string?)rejected["error"], StringComparison.Ordinal);
        var notHex = await node.SendAsync(Command("submit_tx", ("hex", "zz")));
        Assert.False((bool?)notHex["ok"]);
    }

    [Fact]
    [Trait("Clause", "CTL-4.2")]
    public async Task Generate_is_refused_outside_regtest()
    {
        await using var node = await StartRustyNodeAsync("node", "--network", "testnet");

        var chain = await node.SendOkAsync(Command("chain"));
        Assert.Equal("testnet", (string?)chain["network"]);
        var refused = await node.SendAsync(Command("generate", ("blocks", 1)));
        Assert.False((bool?)refused["ok"]);
        Assert.Contains("NotRegtest", (string?)refused["error"], StringComparison.Ordinal);
    }
}
