using System.Buffers.Binary;
using RustyNode.Network.Identity;
using RustyNode.Network.PubSub;
using RustyNode.Network.PubSub.Messages;
using RustyNode.Network.Tests.PubSub.Testing;
using static RustyNode.Network.Tests.PubSub.Testing.RouterProbe;

namespace RustyNode.Network.Tests.PubSub;

public class SigningTests
{
    [Fact]
    [Trait("Clause", "PS-5.3")]
    [Trait("Clause", "PS-5.1")]
    public async Task StrictSign_drops_and_penalises_messages_without_a_valid_signature()
    {
        await using var probe = new RouterProbe();
        using var subscription = probe.Router.Subscribe("t");
        var peers = await probe.AddSubscribedPeersAsync("t", 6);
        var author = peers[0];
        var good = SignedBy(author, "t", [1], 1);
        var bad = new[]
        {
            SignedBy(author, "t", [1], 2, breakSignature: true),
            PubSubMessageCodec.Create("t", new byte[] { 1 }),
            SignedBy(author, "t", [1], new byte[9]),
            PubSubMessageCodec.Create("t", new byte[] { 1 }, new byte[] { 1, 2, 3 }, new byte[8], new byte[64]),
            WithKey(SignedBy(author, "t", [1], 3), peers[1].PublicKey.ToProtobuf()),
        };

        // Each bad message comes from its own peer (a peer sending three would be graylisted, GS-7.5).
        for (var i = 0; i < bad.Length; i++)
        {
            await probe.SendAsync(peers[i + 1], Publish(bad[i]));
        }

        await probe.SendAsync(author, Publish(good));

        Assert.Equal(good.Encoded.ToArray(), (await FloodsubTests.ReadAsync(subscription)).Message.Encoded.ToArray());
        Assert.False(subscription.Messages.TryRead(out _));
        Assert.Equal(bad.Length, probe.Router.Counters.Rejected);
        for (var i = 1; i <= bad.Length; i++)
        {
            Assert.Equal(PubSubScoreReasons.InvalidMessageWeight, probe.Reports.Where(r => r.Peer == peers[i].PeerId && r.Reason == PubSubScoreReasons.InvalidMessage).Sum(r => r.Weight));
            Assert.True(probe.Router.GetScore(peers[i].PeerId) < 0);
        }
    }

    [Fact]
    [Trait("Clause", "PS-5.3")]
    [Trait("Clause", "PS-5.4")]
    public async Task StrictNoSign_accepts_only_anonymous_messages_and_sends_them_anonymous()
    {
        var options = new PubSubOptions { SignaturePolicy = SignaturePolicy.StrictNoSign };
        await using var probe = new RouterProbe(options);
        using var subscription = probe.Router.Subscribe("t");
        var peer = (await probe.AddSubscribedPeersAsync("t", 1))[0];
        probe.Sent(peer);

        await probe.SendAsync(peer, Publish(SignedBy(peer, "t", [1], 1), PubSubMessageCodec.Create("t", new byte[] { 2 })));
        var published = await probe.Router.PublishAsync("t", new byte[] { 3 }, CancellationToken.None);

        var received = await FloodsubTests.ReadAsync(subscription);
        Assert.Equal([2], received.Data.ToArray());
        Assert.Null(received.Author);
        Assert.Equal(1, probe.Router.Counters.Rejected);
        var sent = probe.SentMessages(peer).Single();
        Assert.Null(sent.From);
        Assert.Null(sent.Seqno);
        Assert.Null(sent.Signature);
        Assert.Null(sent.Key);
        Assert.Equal(MessageIds.Sha256OfData(sent, default), published.Id.ToArray());
    }

    [Fact]
    [Trait("Clause", "PS-5.3")]
    public async Task A_key_field_that_hashes_to_from_is_accepted()
    {
        await using var probe = new RouterProbe();
        using var subscription = probe.Router.Subscribe("t");
        var peer = (await probe.AddSubscribedPeersAsync("t", 1))[0];

        await probe.SendAsync(peer, Publish(WithKey(SignedBy(peer, "t", [1], 1), peer.PublicKey.ToProtobuf())));

        Assert.Equal(peer.PeerId, (await FloodsubTests.ReadAsync(subscription)).Author);
    }

    [Fact]
    [Trait("Clause", "PS-5.3")]
    [Trait("Clause", "PS-4.2")]
    public async Task A_seqno_without_leading_zeros_as_js_floodsub_writes_it_is_accepted_and_padded_in_the_id()
    {
        await using var probe = new RouterProbe();
        using var subscription = probe.Router.Subscribe("t");
        var peer = (await probe.AddSubscribedPeersAsync("t", 1))[0];

        await probe.SendAsync(peer, Publish(SignedBy(peer, "t", [1], [0x12, 0x34])));

        var received = await FloodsubTests.ReadAsync(subscription);
        Assert.Equal(0x1234UL, received.Seqno);
        Assert.Equal([.. peer.PublicKey.ToProtobuf(), 0, 0, 0, 0, 0, 0, 0x12, 0x34], received.Id.ToArray());
    }

    [Fact]
    [Trait("Clause", "PS-3.2")]
    public async Task Our_seqnos_are_8_bytes_and_grow_from_the_clock()
    {
        await using var probe = new RouterProbe();
        var peer = (await probe.AddSubscribedPeersAsync("t", 1))[0];
        probe.Sent(peer);

        for (var i = 0; i < 3; i++)
        {
            await probe.Router.PublishAsync("t", new byte[] { 1 }, CancellationToken.None);
        }

        var seqnos = probe.SentMessages(peer).Select(m => BinaryPrimitives.ReadUInt64BigEndian(m.Seqno!.Value.Span)).ToArray();
        Assert.Equal(3, seqnos.Length);
        Assert.True(seqnos[0] > (ulong)probe.Time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000);
        Assert.Equal([seqnos[0], seqnos[0] + 1, seqnos[0] + 2], seqnos);
    }

    [Fact]
    [Trait("Clause", "PS-3.5")]
    public async Task Messages_over_the_topics_size_limit_are_refused_both_ways()
    {
        await using var probe = new RouterProbe();
        probe.Router.RegisterTopic("small", new TopicOptions { MaxMessageSize = 300 });
        using var subscription = probe.Router.Subscribe("small");
        var peer = (await probe.AddSubscribedPeersAsync("small", 1))[0];

        await Assert.ThrowsAsync<ArgumentException>(async () => await probe.Router.PublishAsync("small", new byte[300], CancellationToken.None));
        await probe.SendAsync(peer, Publish(SignedBy(peer, "small", new byte[300], 1), SignedBy(peer, "small", new byte[100], 2)));

        Assert.Equal(100, (await FloodsubTests.ReadAsync(subscription)).Data.Length);
        Assert.Equal(1, probe.Router.Counters.Rejected);
    }

    [Fact]
    [Trait("Clause", "PS-4.1")]
    public async Task A_topic_may_set_its_own_message_id_function()
    {
        await using var probe = new RouterProbe();
        probe.Router.RegisterTopic("content", new TopicOptions { MessageId = static (m, _) => m.DataSpan.ToArray() });
        using var subscription = probe.Router.Subscribe("content");
        var peers = await probe.AddSubscribedPeersAsync("content", 2);

        await probe.SendAsync(peers[0], Publish(SignedBy(peers[0], "content", [9], 1)));
        await probe.SendAsync(peers[1], Publish(SignedBy(peers[1], "content", [9], 1)));

        Assert.Equal([9], (await FloodsubTests.ReadAsync(subscription)).Id.ToArray());
        Assert.False(subscription.Messages.TryRead(out _));
        Assert.Equal(1, probe.Router.Counters.Duplicates);
    }

    [Fact]
    [Trait("Clause", "PS-4.3")]
    public async Task Duplicates_are_dropped_and_a_forged_copy_does_not_block_the_genuine_message()
    {
        await using var probe = new RouterProbe();
        using var subscription = probe.Router.Subscribe("t");
        var peers = await probe.AddSubscribedPeersAsync("t", 3);
        var author = peers[2];
        var genuine = SignedBy(author, "t", [1], 42);
        var forged = PubSubMessageCodec.Create("t", new byte[] { 66 }, genuine.From, genuine.Seqno, genuine.Signature);
        Assert.Equal(IdOf(genuine, author), IdOf(forged, author));

        await probe.SendAsync(peers[0], Publish(forged));
        await probe.SendAsync(peers[1], Publish(genuine));
        await probe.SendAsync(peers[0], Publish(genuine));

        Assert.Equal([1], (await FloodsubTests.ReadAsync(subscription)).Data.ToArray());
        Assert.False(subscription.Messages.TryRead(out _));
        Assert.Equal(1, probe.Router.Counters.Duplicates);

        // After the seen TTL the id is forgotten.
        probe.Advance(probe.Router.Options.SeenTtl + TimeSpan.FromSeconds(2));
        await probe.SendAsync(peers[0], Publish(genuine));
        Assert.Equal([1], (await FloodsubTests.ReadAsync(subscription)).Data.ToArray());
    }

    private static PubSubMessage WithKey(PubSubMessage message, byte[] key) =>
        PubSubMessageCodec.Create(message.Topic, message.Data, message.From, message.Seqno, message.Signature, key);
}
