using System.Buffers;
using RustyNode.Network.Identity;
using RustyNode.Network.Multiformats;
using RustyNode.Network.PubSub;
using RustyNode.Network.PubSub.Messages;

namespace RustyNode.Network.Tests.PubSub.Messages;

public class PubSubRpcCodecTests
{
    private static readonly byte[] Seqno = [1, 2, 3, 4, 5, 6, 7, 8];

    [Fact]
    [Trait("Clause", "PS-2.1")]
    [Trait("Clause", "PS-2.2")]
    [Trait("Clause", "GS-3.1")]
    [Trait("Clause", "GS-3.2")]
    public void Rpc_encodes_exactly_as_js_libp2p_and_reads_back()
    {
        var rpc = VectorRpc();

        var encoded = new byte[PubSubRpcCodec.GetSize(rpc)];
        Assert.Equal(encoded.Length, PubSubRpcCodec.Write(rpc, encoded));

        Assert.Equal(PubSubVectors.Rpc, Convert.ToHexStringLower(encoded));
        var read = PubSubRpcCodec.Read(Convert.FromHexString(PubSubVectors.Rpc), PubSubLimits.MaxConfigurableMessageSize);
        Assert.Equal([new SubscriptionChange(true, "foo"), new SubscriptionChange(false, "bar")], read.Subscriptions);
        Assert.Equal(PubSubVectors.SignedMessage, Convert.ToHexStringLower(read.Messages.Single().Encoded.Span));
        var control = read.Control!;
        Assert.Equal("foo", control.IHave.Single().Topic);
        Assert.Equal(["0102", "03"], control.IHave.Single().MessageIds.Select(Hex));
        Assert.Equal(["040506"], control.IWant.Single().MessageIds.Select(Hex));
        Assert.Equal("foo", control.Graft.Single().Topic);
        var prune = control.Prune.Single();
        Assert.Equal(("bar", 60UL), (prune.Topic, prune.BackoffSeconds!.Value));
        Assert.Equal(SeedOnePeer().ToBytes(), prune.Peers.Single().PeerId);
        Assert.Equal([9, 9], prune.Peers.Single().SignedPeerRecord);
        Assert.Equal(["07"], control.IDontWant.Single().MessageIds.Select(Hex));
    }

    [Fact]
    [Trait("Clause", "PS-3.1")]
    [Trait("Clause", "PS-5.2")]
    [Trait("Clause", "PS-5.4")]
    public void Message_signed_here_is_byte_for_byte_the_message_js_libp2p_signs()
    {
        using var key = Ed25519PrivateKey.FromSeedNumber(1);
        var unsigned = PubSubMessageCodec.Create("test", "hello"u8.ToArray(), key.PeerId.ToBytes(), Seqno);
        var signingBytes = new byte[PubSubMessageCodec.GetSigningBytesSize(unsigned)];
        PubSubMessageCodec.WriteSigningBytes(unsigned, signingBytes);

        var signed = PubSubMessageCodec.Create("test", "hello"u8.ToArray(), key.PeerId.ToBytes(), Seqno, key.Sign(signingBytes));

        Assert.Equal(PubSubVectors.SignedMessage, Convert.ToHexStringLower(signed.Encoded.Span));
        Assert.StartsWith(Convert.ToHexStringLower("libp2p-pubsub:"u8), Convert.ToHexStringLower(signingBytes), StringComparison.Ordinal);
        Assert.Null(signed.Key);
    }

    [Fact]
    [Trait("Clause", "PS-4.2")]
    public void Default_message_id_under_StrictSign_is_js_libp2ps_key_and_seqno()
    {
        var message = PubSubMessageCodec.Read(Convert.FromHexString(PubSubVectors.SignedMessage));

        var id = MessageIds.Default(SignaturePolicy.StrictSign)(message, Convert.FromHexString(PubSubVectors.KeyProtobuf));

        Assert.Equal(PubSubVectors.SignedMessageId, Convert.ToHexStringLower(id));
        Assert.Equal(SeedOnePeer().ToBytes().Concat(Seqno).ToArray(), MessageIds.FromAndSeqno(message, default));
    }

    [Fact]
    [Trait("Clause", "PS-4.2")]
    public void Default_message_id_under_StrictNoSign_is_the_sha256_of_the_data()
    {
        var message = PubSubMessageCodec.Create("t", "abc"u8.ToArray());

        var id = MessageIds.Default(SignaturePolicy.StrictNoSign)(message, default);

        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Convert.ToHexStringLower(id));
    }

    [Fact]
    [Trait("Clause", "PS-3.4")]
    public void Absent_and_empty_fields_stay_different()
    {
        var absent = PubSubMessageCodec.Create("t", null);
        var empty = PubSubMessageCodec.Create("t", ReadOnlyMemory<byte>.Empty, from: ReadOnlyMemory<byte>.Empty);

        Assert.Null(PubSubMessageCodec.Read(absent.Encoded).Data);
        Assert.Null(PubSubMessageCodec.Read(absent.Encoded).From);
        Assert.Equal(0, PubSubMessageCodec.Read(empty.Encoded).Data!.Value.Length);
        Assert.Equal(0, PubSubMessageCodec.Read(empty.Encoded).From!.Value.Length);
        Assert.NotEqual(absent.Encoded.Length, empty.Encoded.Length);
    }

    [Fact]
    [Trait("Clause", "PS-1.3")]
    public void Frame_reader_takes_exactly_one_frame_and_waits_for_a_partial_one()
    {
        var frame = PubSubRpcCodec.EncodeFrame(VectorRpc());
        var twoFrames = new ReadOnlySequence<byte>([.. frame, .. frame[..10]]);

        Assert.True(PubSubRpcCodec.TryReadFrame(ref twoFrames, PubSubLimits.MaxConfigurableMessageSize, out var rpc, out var length));

        Assert.Equal(frame.Length - Varint.GetSize((ulong)length), length);
        Assert.Equal(10, twoFrames.Length);
        Assert.Single(rpc.Messages);
        var partial = twoFrames;
        Assert.False(PubSubRpcCodec.TryReadFrame(ref partial, PubSubLimits.MaxConfigurableMessageSize, out _, out _));
        Assert.Equal(10, partial.Length);
    }

    [Fact]
    [Trait("Clause", "PS-1.3")]
    public void Frame_longer_than_4_MiB_is_refused_from_its_prefix_alone()
    {
        var prefix = Varint.Encode(PubSubLimits.MaxRpcSize + 1UL);
        var buffer = new ReadOnlySequence<byte>(prefix);

        var ex = Assert.Throws<PubSubProtocolException>(() => PubSubRpcCodec.TryReadFrame(ref buffer, PubSubLimits.MaxConfigurableMessageSize, out _, out _));

        Assert.Contains("4194305", ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> OverLimit => new()
    {
        { "subscriptions", Hex(Repeat(0x0a, Sub("x"), PubSubLimits.MaxSubscriptionsPerRpc + 1)) },
        { "messages", Hex(Repeat(0x12, Msg("x"), PubSubLimits.MaxMessagesPerRpc + 1)) },
        { "control entries", Hex(Field(0x1a, Repeat(0x1a, Field(0x0a, "x"u8.ToArray()), PubSubLimits.MaxControlEntriesPerRpc + 1))) },
        { "message ids", Hex(Field(0x1a, Field(0x12, Repeat(0x0a, [1], PubSubLimits.MaxMessageIdsPerRpc + 1)))) },
        { "topic", Hex(Field(0x0a, Field(0x12, new byte[PubSubLimits.MaxTopicLength + 1]))) },
        { "message id", Hex(Field(0x1a, Field(0x12, Field(0x0a, new byte[PubSubLimits.MaxMessageIdLength + 1])))) },
        { "from", Hex(Field(0x12, Field(0x0a, new byte[PubSubLimits.MaxMessageFieldLength + 1]))) },
        { "peers", Hex(Field(0x1a, Field(0x22, Repeat(0x12, Field(0x0a, [1]), PubSubLimits.MaxPeerExchangePerPrune + 1)))) },
        { "signedPeerRecord", Hex(Field(0x1a, Field(0x22, Field(0x12, Field(0x12, new byte[PubSubLimits.MaxSignedPeerRecordLength + 1]))))) },
    };

    [Theory]
    [Trait("Clause", "PS-2.3")]
    [MemberData(nameof(OverLimit))]
    public void Rpc_over_a_limit_is_a_protocol_violation(string what, string hex)
    {
        var ex = Assert.Throws<PubSubProtocolException>(() => PubSubRpcCodec.Read(Convert.FromHexString(hex), PubSubLimits.MaxConfigurableMessageSize));

        Assert.False(string.IsNullOrEmpty(ex.Message), what);
    }

    [Fact]
    [Trait("Clause", "PS-2.3")]
    public void Message_longer_than_the_readers_limit_is_refused()
    {
        var rpc = Field(0x12, Field(0x12, new byte[2000]));

        Assert.Throws<PubSubProtocolException>(() => PubSubRpcCodec.Read(rpc, 1000));
    }

    public static TheoryData<string> Malformed => new()
    {
        "0a",                  // truncated length
        "0a05",                // field longer than what remains
        "0880",                // truncated varint, and field 1 must be length-delimited
        "08",                  // subscriptions with the varint wire type
        "0f",                  // wire type 7
        "0a0412050000",        // a topic longer than the subscription body holding it
        "0a04120280ff",        // topic that is not UTF-8
        "12040a000a00",        // message with from twice
        "1206220174220174",    // message with two topics
        "1a04220212ff",        // prune whose peers field is not a message
    };

    [Theory]
    [Trait("Clause", "PS-2.4")]
    [Trait("Clause", "PS-3.3")]
    [MemberData(nameof(Malformed))]
    public void Malformed_rpc_is_a_protocol_violation(string hex)
    {
        Assert.Throws<PubSubProtocolException>(() => PubSubRpcCodec.Read(Convert.FromHexString(hex), PubSubLimits.MaxConfigurableMessageSize));
    }

    [Fact]
    [Trait("Clause", "PS-2.1")]
    public void Unknown_fields_are_skipped_and_repeated_control_fields_merge()
    {
        // Field 9 (varint), then two control fields with one IHAVE each, then an unknown empty field 15.
        var rpc = Convert.FromHexString("4801" + "1a050a030a0161" + "1a050a030a0162" + "7a00");

        var read = PubSubRpcCodec.Read(rpc, 1000);

        Assert.Equal(["a", "b"], read.Control!.IHave.Select(i => i.Topic));
    }

    [Fact]
    [Trait("Clause", "PS-2.4")]
    public void Random_bytes_either_decode_or_are_a_protocol_violation()
    {
        var random = new Random(42);
        var seed = Convert.FromHexString(PubSubVectors.Rpc);
        for (var i = 0; i < 5000; i++)
        {
            var bytes = i % 2 == 0 ? new byte[random.Next(0, 200)] : (byte[])seed.Clone();
            if (i % 2 == 0)
            {
                random.NextBytes(bytes);
            }
            else
            {
                for (var flips = random.Next(1, 6); flips > 0; flips--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }
            }

            try
            {
                var rpc = PubSubRpcCodec.Read(bytes, PubSubLimits.MaxConfigurableMessageSize);
                var again = new byte[PubSubRpcCodec.GetSize(rpc)];
                PubSubRpcCodec.Write(rpc, again);
                PubSubRpcCodec.Read(again, PubSubLimits.MaxConfigurableMessageSize);
            }
            catch (PubSubProtocolException)
            {
            }
        }
    }

    [Fact]
    [Trait("Clause", "PS-2.1")]
    public void Random_rpcs_round_trip()
    {
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            var ids = Enumerable.Range(0, random.Next(0, 5)).Select(_ => new MessageId(RandomBytes(random, 1, 60))).ToArray();
            var rpc = new PubSubRpc(
                Enumerable.Range(0, random.Next(0, 3)).Select(j => new SubscriptionChange(random.Next(2) == 0, $"topic-{j}")).ToArray(),
                Enumerable.Range(0, random.Next(0, 3)).Select(j => PubSubMessageCodec.Create($"t{j}", RandomBytes(random, 0, 300), RandomBytes(random, 1, 40), RandomBytes(random, 8, 8), RandomBytes(random, 64, 64))).ToArray(),
                random.Next(2) == 0 ? null : new ControlMessage(
                    [new ControlIHave("a", ids)], [new ControlIWant(ids)], [new ControlGraft("g")],
                    [new ControlPrune("p", [new PeerExchangeInfo(RandomBytes(random, 1, 38), null)], (ulong)random.Next())], [new ControlIDontWant(ids)]));

            var frame = PubSubRpcCodec.EncodeFrame(rpc);
            var buffer = new ReadOnlySequence<byte>(frame);
            Assert.True(PubSubRpcCodec.TryReadFrame(ref buffer, PubSubLimits.MaxConfigurableMessageSize, out var read, out _));

            Assert.True(buffer.IsEmpty);
            Assert.Equal(frame, PubSubRpcCodec.EncodeFrame(read));
            Assert.Equal(rpc.Subscriptions, read.Subscriptions);
        }
    }

    internal static PeerId SeedOnePeer()
    {
        using var key = Ed25519PrivateKey.FromSeedNumber(1);
        return key.PeerId;
    }

    private static PubSubRpc VectorRpc()
    {
        var message = PubSubMessageCodec.Read(Convert.FromHexString(PubSubVectors.SignedMessage));
        return new PubSubRpc(
            [new SubscriptionChange(true, "foo"), new SubscriptionChange(false, "bar")],
            [message],
            new ControlMessage(
                [new ControlIHave("foo", [new MessageId([1, 2]), new MessageId([3])])],
                [new ControlIWant([new MessageId([4, 5, 6])])],
                [new ControlGraft("foo")],
                [new ControlPrune("bar", [new PeerExchangeInfo(SeedOnePeer().ToBytes(), [9, 9])], 60)],
                [new ControlIDontWant([new MessageId([7])])]));
    }

    private static string Hex(MessageId id) => Convert.ToHexStringLower(id.Span);

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static byte[] RandomBytes(Random random, int min, int max)
    {
        var bytes = new byte[random.Next(min, max + 1)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Field(byte tag, byte[] body) => [tag, .. Varint.Encode((ulong)body.Length), .. body];

    private static byte[] Repeat(byte tag, byte[] body, int count) => Enumerable.Range(0, count).SelectMany(_ => Field(tag, body)).ToArray();

    private static byte[] Sub(string topic) => [0x08, 0x01, .. Field(0x12, System.Text.Encoding.UTF8.GetBytes(topic))];

    private static byte[] Msg(string topic) => Field(0x22, System.Text.Encoding.UTF8.GetBytes(topic));
}
