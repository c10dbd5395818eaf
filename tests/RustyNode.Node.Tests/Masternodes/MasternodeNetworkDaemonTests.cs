using System.Text.Json.Nodes;
using Xunit.Abstractions;
using static RustyNode.Node.Tests.Masternodes.MasternodeDaemons;
using static RustyNode.Node.Tests.Testing.TestNodes;

namespace RustyNode.Node.Tests.Masternodes;

/// <summary>
/// The masternode network between separate daemons with default settings: B follows A's chain by
/// block sync and its masternode list by diffs at the best header (MN-7), PoSe across processes (MN-10),
/// and the control commands (MN-11).
/// </summary>
public class MasternodeNetworkDaemonTests(ITestOutputHelper output)
{
    private const string Topic = "/rusty/masternode/updates/1.0";

    [Fact]
    [Trait("Clause", "MN-11.1")]
    public async Task B_follows_a_thousand_masternodes_registered_updated_and_revoked_on_A_with_the_same_root_at_every_height()
    {
        await using var a = await StartRustyNodeAsync("a");
        await using var b = await StartRustyNodeAsync("b");
        await a.SendOkAsync(Command("generate", ("blocks", 105)), Slow);
        await b.SendOkAsync(Command("connect", ("addr", Dialable(a))), Slow);
        var initial = await SameListAsync(a, b);
        Assert.Equal(0, (int)initial["count"]!);

        var ids = new List<string>();
        for (var batch = 0; batch < 4; batch++)
        {
            var registered = await a.SendOkAsync(Command("register_masternodes", ("count", 250)), Slow);
            ids.AddRange(registered["ids"]!.AsArray().Select(id => (string)id!));
            await a.SendOkAsync(Command("generate", ("blocks", 1)), Slow);
            var view = await SameListAsync(a, b);
            Assert.Equal(ids.Count, (int)view["count"]!);
        }

        for (var i = 0; i < 10; i++)
        {
            await a.SendOkAsync(Command("update_masternode", ("proTxHash", ids[i * 50]), ("addr", $"/ip4/192.0.2.{i + 1}/tcp/4001")));
            await a.SendOkAsync(Command("revoke_masternode", ("proTxHash", ids[(i * 50) + 7]), ("reason", 1)));
        }

        await a.SendOkAsync(Command("generate", ("blocks", 1)), Slow);
        await SameListAsync(a, b);
        await a.SendOkAsync(Command("generate", ("blocks", 2)), Slow);
        var last = await SameListAsync(a, b);

        Assert.Equal(1_000, (int)last["count"]!);
        Assert.Equal(0, (long)last["crossCheckMismatches"]!);
        Assert.Equal(0, (long)last["refused"]!);
        var listed = await a.SendOkAsync(Command("masternodes"));
        Assert.Equal(990, (int)listed["validCount"]!);
        output.WriteLine($"B's masternode_sync at the end: {last.ToJsonString()}");

        // A late joiner gets all headers in one go and asks for the list by diff; block sync races
        // it with the 112 blocks, and whichever lands first gives C its list (a headers-only node's
        // diff at every height is proven in-process, ListFollowingTests). Either way it is A's list.
        // At the default settings C also discovers and dials B, which follows the same list, so the
        // diff may come from either (a CI run saw B's).
        await using var c = await StartRustyNodeAsync("c");
        await c.SendOkAsync(Command("connect", ("addr", Dialable(a))), Slow);
        var joined = await SameListAsync(a, c);
        output.WriteLine($"C's masternode_sync after joining: {joined.ToJsonString()}");
        if (joined["lastDiff"] is JsonObject lastDiff)
        {
            Assert.Contains((string?)lastDiff["peer"], new[] { a.PeerId, b.PeerId });
            Assert.True((long)lastDiff["bytes"]! > 0);
        }

        Assert.Equal(0, (long)joined["refused"]!);
        Assert.Equal(0, (long)joined["crossCheckMismatches"]!);
    }

    [Fact]
    [Trait("Clause", "MN-11.2")]
    public async Task A_masternode_that_does_not_serve_is_banned_by_B_and_revived_by_its_operators_update()
    {
        await using var a = await StartRustyNodeAsync("a");
        await using var b = await StartRustyNodeAsync("b");
        await a.SendOkAsync(Command("generate", ("blocks", 105)), Slow);
        var own = a.Addresses[0].Split("/p2p/")[0];
        var served = (string)(await a.SendOkAsync(Command("register_masternodes", ("count", 1), ("addr", own)), Slow))["ids"]![0]!;
        var dead = (await a.SendOkAsync(Command("register_masternodes", ("count", 2), ("addr", "/ip4/127.0.0.2/tcp/1")), Slow))["ids"]!.AsArray().Select(id => (string)id!).ToArray();
        await a.SendOkAsync(Command("generate", ("blocks", 1)));
        await b.SendOkAsync(Command("connect", ("addr", Dialable(a))), Slow);
        await SameListAsync(a, b);

        var penalties = new List<int>();
        for (var block = 0; block < 10 && !(bool)(await Pose(b, dead[0]))["banned"]!; block++)
        {
            penalties.Add((int)(await Pose(b, dead[0]))["penalty"]!);
            await a.SendOkAsync(Command("generate", ("blocks", 1)));
            await SameListAsync(a, b);
            await PollAsync(b, Command("masternode_pose", ("proTxHash", dead[0])), p => (int)p["penalty"]! > 0, "a failed challenge");
        }

        var banned = await PollAsync(b, Command("masternode_pose", ("proTxHash", dead[0])), p => (bool)p["banned"]!, $"the ban (penalties seen {string.Join(",", penalties)})");
        Assert.True((int)banned["penalty"]! >= 100);
        Assert.True((long)banned["challenges"]!["DialFailed"]! >= 3);
        Assert.True((long)banned["challenges"]!["Answered"]! >= 1);
        Assert.Equal(0, (int)(await Pose(b, served))["penalty"]!);
        Assert.Equal(2, (int)(await PollAsync(b, Command("masternode_sync"), s => (int)s["poseBanned"]! == 2, "both dead masternodes banned"))["poseBanned"]!);

        await PollAsync(a, Command("mesh", ("topic", Topic)), m => m["peers"]!.AsArray().Any(p => (string?)p!["peer"] == b.PeerId), "B on the updates topic");
        var update = await a.SendOkAsync(Command("masternode_update", ("proTxHash", dead[0]), ("status", "serving")));
        Assert.True((int)update["peers"]! >= 1);
        var revived = await PollAsync(b, Command("masternode_pose", ("proTxHash", dead[0])), p => !(bool)p["banned"]!, "the update to lift the ban");
        Assert.Equal(0, (int)revived["penalty"]!);
        Assert.True((bool)(await Pose(b, dead[1]))["banned"]!);
        var refused = await b.SendAsync(Command("masternode_update", ("proTxHash", dead[1])));
        Assert.False((bool?)refused["ok"]);
    }

    [Theory]
    [Trait("Clause", "MN-8.2")]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_forged_diff_or_a_list_not_matching_the_commitment_is_refused_and_scored_and_never_becomes_the_nodes_list(bool refuseDiffs)
    {
        await using var liar = await LyingMasternodePeer.StartAsync(refuseDiffs);
        await using var b = await StartRustyNodeAsync("b");
        await b.SendOkAsync(Command("connect", ("addr", liar.Address)), Slow);

        var refused = await PollAsync(b, Command("masternode_sync"), s => (long)s["refused"]! >= 1, "a refused list");
        Assert.True(liar.Lies >= 1);
        var liarId = liar.PeerId.ToString();
        var scored = await PollAsync(b, Command("peers"), p => p["peers"]!.AsArray().All(c => (string?)c!["peer"] != liarId || (double)c["score"]! <= -40), "the liar's score (one forged list is -50, decaying)");
        var bans = await b.SendOkAsync(Command("bans"));
        output.WriteLine($"after {liar.Lies} forged answers: {refused.ToJsonString()}; peers {scored.ToJsonString()}; bans {bans.ToJsonString()}");

        // Whatever B's chain reached from the liar's honest blocks, B's list is the chain's own: no forged list was taken.
        var chain = await b.SendOkAsync(Command("masternodes"));
        var view = await PollAsync(b, Command("masternode_sync"), s => (int)s["height"]! >= (int)chain["height"]!, "B's view at its chain's tip");
        var atView = await b.SendOkAsync(Command("masternodes"));
        if ((int)atView["height"]! == (int)view["height"]!)
        {
            Assert.Equal((string?)atView["merkleRoot"], (string?)view["merkleRoot"]);
        }

        Assert.Equal(0, (long)view["diffSyncs"]! + (long)view["fullSyncs"]!);
        Assert.Equal(0, (long)view["crossChecks"]!);
        Assert.Equal(0, (long)view["crossCheckMismatches"]!);
    }

    private static Task<JsonObject> Pose(Testing.ControlledProcess node, string id) => node.SendOkAsync(Command("masternode_pose", ("proTxHash", id)));
}
