using System.Text.Json.Nodes;
using RustyNode.Node.Tests.Testing;
using static RustyNode.Node.Tests.Testing.TestNodes;

namespace RustyNode.Node.Tests.Control;

public class MasternodeCommandTests
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(60);

    [Fact]
    [Trait("Clause", "MNL-8.1")]
    [Trait("Clause", "MNL-8.2")]
    [Trait("Clause", "MNL-8.3")]
    public async Task Regtest_node_registers_updates_and_revokes_masternodes_and_keeps_them_across_a_restart()
    {
        using var dataDir = new TempDirectory("rustynode-masternodes-");
        string[] ids;
        string root;
        await using (var node = await StartRustyNodeAsync("node", "--datadir", dataDir.Path))
        {
            var empty = await node.SendOkAsync(Command("masternodes"));
            Assert.Equal(0, (int)empty["count"]!);
            Assert.Equal(10, (int)empty["activationHeight"]!);
            Assert.Equal(new string('0', 64), (string?)empty["merkleRoot"]);
            var early = await node.SendAsync(Command("register_masternodes", ("count", 1)));
            Assert.False((bool?)early["ok"]);
            Assert.Contains("SpecialTransactionNotActive", (string?)early["error"], StringComparison.Ordinal);

            await node.SendOkAsync(Command("generate", ("blocks", 101)), Slow);
            var registered = await node.SendOkAsync(Command("register_masternodes", ("count", 5)), Slow);
            ids = [.. registered["ids"]!.AsArray().Select(id => (string)id!)];
            Assert.Equal(5, ids.Length);
            Assert.Equal(6, (int)(await node.SendOkAsync(Command("mempool")))["count"]!);
            await node.SendOkAsync(Command("generate", ("blocks", 1)));

            var listed = await node.SendOkAsync(Command("masternodes", ("entries", true)));
            Assert.Equal(5, (int)listed["count"]!);
            Assert.Equal(5, (int)listed["validCount"]!);
            var entries = listed["entries"]!.AsArray().Select(e => e!.AsObject()).ToList();
            Assert.Equal(ids.Order(StringComparer.Ordinal), entries.Select(e => (string)e["id"]!));
            var port = node.Addresses[0].Split('/')[4];
            var services = entries.Select(e => (string)e["service"]!).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(Enumerable.Range(1, 5).Select(i => $"/ip4/127.0.0.{i}/tcp/{port}"), services);
            Assert.All(entries, e => Assert.Equal(102, (int)e["registeredHeight"]!));

            await node.SendOkAsync(Command("update_masternode", ("proTxHash", ids[0]), ("addr", "/ip4/192.0.2.10/tcp/4001")));
            await node.SendOkAsync(Command("revoke_masternode", ("proTxHash", ids[1]), ("reason", 1)));
            var busy = await node.SendAsync(Command("revoke_masternode", ("proTxHash", ids[0])));
            Assert.Contains("MempoolConflict", (string?)busy["error"], StringComparison.Ordinal);
            await node.SendOkAsync(Command("generate", ("blocks", 1)));

            var after = await node.SendOkAsync(Command("masternodes", ("entries", true)));
            var byId = after["entries"]!.AsArray().ToDictionary(e => (string)e!["id"]!, e => e!.AsObject());
            Assert.Equal("/ip4/192.0.2.10/tcp/4001", (string?)byId[ids[0]]["service"]);
            Assert.False((bool)byId[ids[1]]["valid"]!);
            Assert.Equal(1, (int)byId[ids[1]]["revocationReason"]!);
            Assert.Equal(4, (int)after["validCount"]!);
            Assert.NotEqual((string?)listed["merkleRoot"], (string?)after["merkleRoot"]);
            root = (string)after["merkleRoot"]!;
            await node.SendOkAsync(Command("shutdown"));
            await node.WaitForExitAsync(TimeSpan.FromSeconds(20));
        }

        await using var again = await StartRustyNodeAsync("again", "--datadir", dataDir.Path);
        var reopened = await again.SendOkAsync(Command("masternodes"));
        Assert.Equal(root, (string?)reopened["merkleRoot"]);

        // The owner key was kept: the revoked masternode gets a new operator, which the kept keys then use.
        await again.SendOkAsync(Command("update_masternode_registrar", ("proTxHash", ids[1])));
        await again.SendOkAsync(Command("generate", ("blocks", 1)));
        await again.SendOkAsync(Command("update_masternode", ("proTxHash", ids[1]), ("addr", "/ip4/192.0.2.11/tcp/4001")));
        await again.SendOkAsync(Command("generate", ("blocks", 1)));
        var revived = await again.SendOkAsync(Command("masternodes"));
        Assert.Equal(5, (int)revived["validCount"]!);
        Assert.True(File.Exists(Path.Combine(dataDir.Path, "regtest", "masternode-keys.json")));
    }

    [Fact]
    [Trait("Clause", "MNL-8.2")]
    public async Task Masternode_helpers_are_refused_outside_regtest_and_with_bad_fields()
    {
        await using var node = await StartRustyNodeAsync("node", "--network", "testnet");

        var refused = await node.SendAsync(Command("register_masternodes", ("count", 1)));
        Assert.Contains("NotRegtest", (string?)refused["error"], StringComparison.Ordinal);
        var info = await node.SendOkAsync(Command("masternodes"));
        Assert.Equal(576, (int)info["activationHeight"]!);
        var badId = await node.SendAsync(Command("revoke_masternode", ("proTxHash", "xyz")));
        Assert.False((bool?)badId["ok"]);
        var badAddr = await node.SendAsync(Command("update_masternode", ("proTxHash", new string('a', 64)), ("addr", "/ip4/192.0.2.1/udp/1")));
        Assert.False((bool?)badAddr["ok"]);
        Assert.Contains("ip4", (string?)badAddr["error"], StringComparison.Ordinal);
        var noCount = await node.SendAsync(new JsonObject { ["type"] = "register_masternodes" });
        Assert.Contains("count", (string?)noCount["error"], StringComparison.Ordinal);
    }
}
