using RustyNode.Network.PubSub;
using RustyNode.Network.Tests.PubSub.Testing;
using static RustyNode.Network.Tests.PubSub.Testing.RouterProbe;

namespace RustyNode.Network.Tests.PubSub;

public class ValidationTests
{
    [Fact]
    [Trait("Clause", "GS-9.1")]
    [Trait("Clause", "PS-8.1")]
    public async Task Accept_reject_and_ignore_deliver_penalise_and_drop()
    {
        await using var probe = new RouterProbe();
        probe.Router.RegisterTopic("t", new TopicOptions
        {
            Validator = (m, _) => ValueTask.FromResult(m.Data.Span[0] switch { 0 => ValidationResult.Accept, 1 => ValidationResult.Reject, _ => ValidationResult.Ignore }),
        });
        using var subscription = probe.Router.Subscribe("t");
        var peers = await probe.AddSubscribedPeersAsync("t", 3);
        probe.Heartbeats();
        Array.ForEach(peers, p => probe.Sent(p));

        await probe.SendAsync(peers[0], Publish(SignedBy(peers[0], "t", [0], 1)));
        await probe.SendAsync(peers[1], Publish(SignedBy(peers[1], "t", [1], 1)));
        await probe.SendAsync(peers[2], Publish(SignedBy(peers[2], "t", [2], 1)));

        Assert.Equal([0], (await FloodsubTests.ReadAsync(subscription)).Data.ToArray());
        Assert.False(subscription.Messages.TryRead(out _));
        Assert.Equal(2, probe.SentMessages(peers[2]).Count + probe.SentMessages(peers[1]).Count);
        Assert.Equal(PubSubScoreReasons.InvalidMessage, probe.Reports.Single().Reason);
        Assert.Equal(peers[1].PeerId, probe.Reports.Single().Peer);
        Assert.True(probe.Router.GetScore(peers[1].PeerId) < 0);
        Assert.True(probe.Router.GetScore(peers[2].PeerId) >= 0);
        Assert.Equal((1L, 1L, 1L), (probe.Router.Counters.Delivered, probe.Router.Counters.Rejected, probe.Router.Counters.Ignored));
    }

    [Fact]
    [Trait("Clause", "GS-9.1")]
    public async Task An_asynchronous_validator_holds_only_its_peers_messages_and_a_late_one_counts_as_ignore()
    {
        var options = new PubSubOptions { ValidationTimeout = TimeSpan.FromSeconds(2) };
        await using var probe = new RouterProbe(options);
        var gate = new TaskCompletionSource<ValidationResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        probe.Router.RegisterTopic("slow", new TopicOptions { Validator = (_, _) => new ValueTask<ValidationResult>(gate.Task) });
        probe.Router.RegisterTopic("never", new TopicOptions { Validator = (_, ct) => new ValueTask<ValidationResult>(Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => ValidationResult.Accept, TaskScheduler.Default)) });
        using var slow = probe.Router.Subscribe("slow");
        using var never = probe.Router.Subscribe("never");
        using var fast = probe.Router.Subscribe("fast");
        var peers = await probe.AddSubscribedPeersAsync("slow", 2);

        var held = probe.SendAsync(peers[0], Publish(SignedBy(peers[0], "slow", [1], 1), SignedBy(peers[0], "fast", [2], 2)));
        await probe.SendAsync(peers[1], Publish(SignedBy(peers[1], "fast", [3], 1)));

        Assert.Equal([3], (await FloodsubTests.ReadAsync(fast)).Data.ToArray());
        Assert.False(held.IsCompleted);
        gate.SetResult(ValidationResult.Accept);
        await held.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([1], (await FloodsubTests.ReadAsync(slow)).Data.ToArray());
        Assert.Equal([2], (await FloodsubTests.ReadAsync(fast)).Data.ToArray());

        var late = probe.SendAsync(peers[1], Publish(SignedBy(peers[1], "never", [4], 2)));
        Assert.False(late.IsCompleted);
        probe.Advance(TimeSpan.FromSeconds(3));
        await late.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(never.Messages.TryRead(out _));
        Assert.Equal(1, probe.Router.Counters.Ignored);
        Assert.True(probe.Router.GetScore(peers[1].PeerId) >= 0);
    }

    [Fact]
    [Trait("Clause", "GS-9.1")]
    public async Task A_validator_that_throws_counts_as_ignore()
    {
        await using var probe = new RouterProbe();
        probe.Router.RegisterTopic("t", new TopicOptions { Validator = (_, _) => throw new InvalidOperationException("boom") });
        using var subscription = probe.Router.Subscribe("t");
        var peer = (await probe.AddSubscribedPeersAsync("t", 1))[0];

        await probe.SendAsync(peer, Publish(SignedBy(peer, "t", [1], 1)));

        Assert.False(subscription.Messages.TryRead(out _));
        Assert.Equal(1, probe.Router.Counters.Ignored);
        Assert.Empty(probe.Reports);
    }

    [Fact]
    [Trait("Clause", "GS-9.2")]
    [Trait("Clause", "PS-8.3")]
    public async Task Our_own_messages_pass_the_validator_and_duplicates_are_refused()
    {
        await using var probe = new RouterProbe(new PubSubOptions { SignaturePolicy = SignaturePolicy.StrictNoSign });
        probe.Router.RegisterTopic("t", new TopicOptions { Validator = (m, _) => ValueTask.FromResult(m.Data.Length > 0 ? ValidationResult.Accept : ValidationResult.Reject) });
        var peer = (await probe.AddSubscribedPeersAsync("t", 1))[0];
        probe.Sent(peer);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await probe.Router.PublishAsync("t", ReadOnlyMemory<byte>.Empty, CancellationToken.None));
        await probe.Router.PublishAsync("t", new byte[] { 1 }, CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await probe.Router.PublishAsync("t", new byte[] { 1 }, CancellationToken.None));

        Assert.Single(probe.SentMessages(peer));
        Assert.Equal(1, probe.Router.Counters.Published);
    }

    [Fact]
    [Trait("Clause", "PS-8.1")]
    public async Task A_topic_is_registered_once()
    {
        await using var probe = new RouterProbe();
        probe.Router.RegisterTopic("t", new TopicOptions());

        Assert.Throws<InvalidOperationException>(() => probe.Router.RegisterTopic("t", new TopicOptions()));
        Assert.Throws<ArgumentException>(() => probe.Router.RegisterTopic("x", new TopicOptions { MaxMessageSize = 10 }));
        Assert.Throws<ArgumentException>(() => probe.Router.Subscribe(new string('a', PubSubLimits.MaxTopicLength + 1)));
    }

    [Fact]
    [Trait("Clause", "PS-8.2")]
    public async Task A_subscription_keeps_the_newest_messages_and_the_last_one_disposed_leaves_the_topic()
    {
        await using var probe = new RouterProbe(new PubSubOptions { SubscriptionBufferSize = 2 });
        var first = probe.Router.Subscribe("t");
        var second = probe.Router.Subscribe("t");
        var peer = (await probe.AddSubscribedPeersAsync("t", 1))[0];
        probe.Sent(peer);

        await probe.SendAsync(peer, Publish(Enumerable.Range(1, 3).Select(i => SignedBy(peer, "t", [(byte)i], (ulong)i)).ToArray()));

        Assert.Equal(1, first.Dropped);
        var kept1 = (await FloodsubTests.ReadAsync(first)).Data.Span[0];
        var kept2 = (await FloodsubTests.ReadAsync(first)).Data.Span[0];
        Assert.Equal((2, 3), (kept1, kept2));
        first.Dispose();
        first.Dispose();
        Assert.Equal(["t"], probe.Router.SubscribedTopics);
        Assert.Empty(probe.Sent(peer).SelectMany(r => r.Subscriptions));
        second.Dispose();
        Assert.Empty(probe.Router.SubscribedTopics);
        Assert.False(probe.Sent(peer).SelectMany(r => r.Subscriptions).Single().Subscribe);
        Assert.True(first.Messages.Completion.IsCompleted);
    }

    [Fact]
    [Trait("Clause", "PS-8.3")]
    public async Task A_publisher_waits_for_a_backlogged_peer_until_half_of_the_backlog_is_gone()
    {
        await using var probe = new RouterProbe(new PubSubOptions { PublishBacklogBytes = 64 * 1024 });
        var peer = (await probe.AddSubscribedPeersAsync("t", 1))[0];
        for (var i = 0; i < 3; i++)
        {
            await probe.Router.PublishAsync("t", new byte[20 * 1024], CancellationToken.None);
        }

        // 60 KiB queued; the next takes it over 64 KiB, so that publish waits for the writer.
        var waiting = probe.Router.PublishAsync("t", new byte[20 * 1024], CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);

        Assert.NotEmpty(probe.Sent(peer));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
