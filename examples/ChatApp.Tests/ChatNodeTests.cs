using System.Threading.Channels;
using RustyNode.Network.Addressing;

namespace RustyNode.Examples.ChatApp.Tests;

public class ChatNodeTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    [Fact]
    [Trait("Clause", "APP-2.4")]
    public async Task Two_nodes_chat_both_ways_over_the_custom_protocol()
    {
        await using var alice = await ChatNode.StartAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"), null, CancellationToken.None);
        await using var bob = await ChatNode.StartAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"), null, CancellationToken.None);

        await bob.ConnectAsync(alice.Address, CancellationToken.None).WaitAsync(Bound);
        await WaitForAsync(alice.Lines, l => l.IsEvent && l.Text.StartsWith("connected", StringComparison.Ordinal));

        Assert.Equal(1, await bob.SayAsync("hi alice", CancellationToken.None).WaitAsync(Bound));
        var atAlice = await WaitForAsync(alice.Lines, l => !l.IsEvent);
        Assert.Equal((bob.PeerId, "hi alice"), (atAlice.From, atAlice.Text));

        Assert.Equal(1, await alice.SayAsync("hi bob ☺", CancellationToken.None).WaitAsync(Bound));
        var atBob = await WaitForAsync(bob.Lines, l => !l.IsEvent);
        Assert.Equal((alice.PeerId, "hi bob ☺"), (atBob.From, atBob.Text));
    }

    [Fact]
    [Trait("Clause", "APP-3.1")]
    public async Task Leaving_peer_shows_as_disconnected()
    {
        await using var alice = await ChatNode.StartAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"), null, CancellationToken.None);
        var bob = await ChatNode.StartAsync(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"), null, CancellationToken.None);
        await bob.ConnectAsync(alice.Address, CancellationToken.None).WaitAsync(Bound);
        await WaitForAsync(alice.Lines, l => l.IsEvent && l.Text.StartsWith("connected", StringComparison.Ordinal));

        var bobId = bob.PeerId;
        await bob.DisposeAsync();

        var gone = await WaitForAsync(alice.Lines, l => l.IsEvent && l.Text == "disconnected");
        Assert.Equal(bobId, gone.From);
        Assert.Equal(0, await alice.SayAsync("anyone?", CancellationToken.None).WaitAsync(Bound));
    }

    private static async Task<ChatLine> WaitForAsync(ChannelReader<ChatLine> lines, Func<ChatLine, bool> match)
    {
        using var deadline = new CancellationTokenSource(Bound);
        while (true)
        {
            var line = await lines.ReadAsync(deadline.Token);
            if (match(line))
            {
                return line;
            }
        }
    }
}
