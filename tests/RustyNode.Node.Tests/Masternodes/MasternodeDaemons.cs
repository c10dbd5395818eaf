using System.Text.Json.Nodes;
using RustyNode.Node.Tests.Testing;
using static RustyNode.Node.Tests.Testing.TestNodes;

namespace RustyNode.Node.Tests.Masternodes;

/// <summary>Control-interface steps the masternode daemon tests share: waiting for a node to reach a height, and comparing lists.</summary>
public static class MasternodeDaemons
{
    public static readonly TimeSpan Slow = TimeSpan.FromSeconds(120);

    /// <summary>Polls <paramref name="query"/> every 50 ms until <paramref name="done"/> holds, within <see cref="Slow"/>; returns the last answer.</summary>
    public static async Task<JsonObject> PollAsync(ControlledProcess node, JsonObject query, Func<JsonObject, bool> done, string what)
    {
        using var bound = new CancellationTokenSource(Slow);
        while (true)
        {
            var answer = await node.SendOkAsync(query.DeepClone().AsObject(), Slow);
            if (done(answer))
            {
                return answer;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), bound.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"{node.Name}: timed out waiting for {what}; last answer {answer.ToJsonString()}");
            }
        }
    }

    /// <summary>
    /// Waits until <paramref name="follower"/>'s chain and its masternode view both reach <paramref name="leader"/>'s
    /// tip, then checks they hold the leader's list root; returns the follower's masternode_sync answer.
    /// </summary>
    public static async Task<JsonObject> SameListAsync(ControlledProcess leader, ControlledProcess follower)
    {
        var expected = await leader.SendOkAsync(Command("masternodes"));
        var height = (int)expected["height"]!;
        var root = (string)expected["merkleRoot"]!;
        var chain = await PollAsync(follower, Command("masternodes"), a => (int)a["height"]! >= height, $"height {height}");
        Assert.Equal(height, (int)chain["height"]!);
        Assert.Equal(root, (string?)chain["merkleRoot"]);
        Assert.Equal((int)expected["count"]!, (int)chain["count"]!);
        var view = await PollAsync(follower, Command("masternode_sync"), a => (int)a["height"]! >= height, $"the masternode view at {height}");
        Assert.Equal(root, (string?)view["merkleRoot"]);
        return view;
    }

    /// <summary>A's first listen address with its /p2p suffix, for B's connect.</summary>
    public static string Dialable(ControlledProcess node) => node.Addresses[0].Contains("/p2p/", StringComparison.Ordinal) ? node.Addresses[0] : $"{node.Addresses[0]}/p2p/{node.PeerId}";
}
