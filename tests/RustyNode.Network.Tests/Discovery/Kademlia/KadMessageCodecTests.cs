using System.Buffers;
using System.Text;
using RustyNode.Network.Addressing;
using RustyNode.Network.Discovery.Kademlia;
using RustyNode.Network.Discovery.Kademlia.Messages;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Tests.Discovery.Kademlia;

public class KadMessageCodecTests
{
    // Encoded by js-libp2p @libp2p/kad-dht 15.1.11 (its protons codec): a GET_VALUE response with a
    // record (key "/pk/abc", value 010203, timeReceived) and one closer peer (seed-1 peer id,
    // /ip4/127.0.0.1/tcp/4001, connection 0).
    private const string JsGetValueHex =
        "080112072f706b2f6162631a2e0a072f706b2f61626312030102032a1e323032362d30312d30325430333a30343a30352e3030303030303030305a"
        + "42340a26002408011220cecc1507dc1ddd7295951c290888f095adb9044d1b73d696e6df065d683bd4fc1208047f000001060fa11800";

    // js-libp2p's FIND_NODE request for the seed-1 peer: it writes clusterLevel 0 (field 10) explicitly.
    private const string JsFindNodeHex = "080450001226002408011220cecc1507dc1ddd7295951c290888f095adb9044d1b73d696e6df065d683bd4fc";

    private static readonly PeerId Seed1 = PeerId.Parse("12D3KooWPjceQrSwdWXPyLLeABRXmuqt69Rg3sBYbU1Nft9HyQ6X");

    [Fact]
    [Trait("Clause", "KAD-2.1")]
    public void Message_encoded_by_js_libp2p_decodes_field_by_field()
    {
        var message = KadMessageCodec.Parse(Convert.FromHexString(JsGetValueHex));

        Assert.Equal(KadMessageType.GetValue, message.Type);
        Assert.Equal("/pk/abc", Encoding.ASCII.GetString(message.Key));
        Assert.NotNull(message.Record);
        Assert.Equal("/pk/abc", Encoding.ASCII.GetString(message.Record!.Key));
        Assert.Equal([1, 2, 3], message.Record.Value);
        Assert.Equal("2026-01-02T03:04:05.000000000Z", message.Record.TimeReceived);
        var peer = Assert.Single(message.CloserPeers);
        Assert.Equal(Seed1, peer.Id);
        Assert.Equal(Multiaddr.Parse("/ip4/127.0.0.1/tcp/4001"), Assert.Single(peer.Addresses));
        Assert.Empty(message.ProviderPeers);

        var findNode = KadMessageCodec.Parse(Convert.FromHexString(JsFindNodeHex));
        Assert.Equal(KadMessageType.FindNode, findNode.Type);
        Assert.Equal(Seed1.ToBytes(), findNode.Key);
    }

    [Fact]
    [Trait("Clause", "KAD-2.1")]
    public void Our_encoding_is_the_proto3_form_with_defaults_left_out()
    {
        var message = new KadMessage(
            KadMessageType.GetValue,
            Encoding.ASCII.GetBytes("/pk/abc"),
            new KadRecord(Encoding.ASCII.GetBytes("/pk/abc"), [1, 2, 3], "2026-01-02T03:04:05.000000000Z"),
            [new KadPeer(Seed1, [Multiaddr.Parse("/ip4/127.0.0.1/tcp/4001")])],
            []);

        var bytes = Encode(message);

        // The js bytes minus the explicit "connection 0" (18 00), so the peer entry is 2 bytes shorter.
        var expected = JsGetValueHex.Replace("42340a26", "42320a26", StringComparison.Ordinal)[..^4];
        Assert.Equal(expected, Convert.ToHexStringLower(bytes));
        Assert.Equal(bytes.Length, KadMessageCodec.GetSize(message));
        Assert.Equal("0804", Convert.ToHexStringLower(Encode(KadMessage.Request(KadMessageType.FindNode, []))));
        Assert.Equal("", Convert.ToHexStringLower(Encode(KadMessage.Request(KadMessageType.PutValue, []))));
    }

    [Fact]
    [Trait("Clause", "KAD-2.1")]
    public void Every_field_survives_a_round_trip()
    {
        var key = Ed25519PrivateKey.FromSeedNumber(9);
        var message = new KadMessage(
            KadMessageType.GetProviders,
            [0x12, 0x20, .. new byte[32]],
            new KadRecord([1], [2, 3], null),
            [new KadPeer(Seed1, [Multiaddr.Parse("/ip4/10.0.0.1/tcp/1"), Multiaddr.Parse("/ip6/::1/tcp/2")], KadConnectionType.CanConnect)],
            [new KadPeer(key.PeerId, [], KadConnectionType.Connected)],
            ClusterLevel: 7);

        var decoded = KadMessageCodec.Parse(Encode(message));

        Assert.Equal(message.Type, decoded.Type);
        Assert.Equal(message.Key, decoded.Key);
        Assert.Equal(message.Record!.Key, decoded.Record!.Key);
        Assert.Equal(message.Record.Value, decoded.Record.Value);
        Assert.Null(decoded.Record.TimeReceived);
        Assert.Equal(7, decoded.ClusterLevel);
        Assert.Equal(message.CloserPeers[0].Addresses, decoded.CloserPeers[0].Addresses);
        Assert.Equal(KadConnectionType.CanConnect, decoded.CloserPeers[0].Connection);
        Assert.Equal(key.PeerId, decoded.ProviderPeers[0].Id);
        Assert.Equal(KadConnectionType.Connected, decoded.ProviderPeers[0].Connection);
    }

    [Fact]
    [Trait("Clause", "KAD-2.2")]
    public void Frames_are_consumed_exactly_and_a_partial_frame_waits_for_more()
    {
        var writer = new ArrayBufferWriter<byte>();
        KadMessageCodec.WriteFrame(writer, KadMessage.Request(KadMessageType.FindNode, [1, 2, 3]));
        KadMessageCodec.WriteFrame(writer, KadMessage.Request(KadMessageType.Ping, []));
        var all = writer.WrittenMemory;

        var partial = new ReadOnlySequence<byte>(all[..3]);
        Assert.False(KadMessageCodec.TryReadFrame(ref partial, out _));
        Assert.Equal(3, partial.Length);

        var buffer = new ReadOnlySequence<byte>(all);
        Assert.True(KadMessageCodec.TryReadFrame(ref buffer, out var first));
        Assert.True(KadMessageCodec.TryReadFrame(ref buffer, out var second));
        Assert.True(buffer.IsEmpty);
        Assert.Equal(KadMessageType.FindNode, first!.Type);
        Assert.Equal(KadMessageType.Ping, second!.Type);
    }

    [Fact]
    [Trait("Clause", "KAD-2.2")]
    public void A_frame_declaring_more_than_the_size_limit_is_refused_before_its_body_arrives()
    {
        var header = new ArrayBufferWriter<byte>();
        Network.Multiformats.Varint.Write(header, (ulong)KadLimits.MaxMessageSize + 1);
        var buffer = new ReadOnlySequence<byte>(header.WrittenMemory);

        Assert.Throws<KadProtocolException>(() => KadMessageCodec.TryReadFrame(ref buffer, out _));
    }

    [Fact]
    [Trait("Clause", "KAD-2.2")]
    public void We_refuse_to_write_a_message_over_the_size_limit()
    {
        var huge = new KadMessage(KadMessageType.PutValue, [1], new KadRecord([1], new byte[KadLimits.MaxMessageSize]), [], []);

        Assert.Throws<KadProtocolException>(() => KadMessageCodec.WriteFrame(new ArrayBufferWriter<byte>(), huge));
    }

    [Fact]
    [Trait("Clause", "KAD-2.3")]
    public void Over_limit_fields_and_lists_are_refused()
    {
        var tooManyPeers = new KadMessage(KadMessageType.FindNode, [1], null, Enumerable.Repeat(new KadPeer(Seed1, []), KadLimits.MaxPeersPerMessage + 1).ToArray(), []);
        Assert.Throws<KadProtocolException>(() => KadMessageCodec.Parse(Encode(tooManyPeers)));

        var longKey = KadMessage.Request(KadMessageType.GetValue, new byte[KadLimits.MaxKeyLength + 1]);
        Assert.Throws<KadProtocolException>(() => KadMessageCodec.Parse(Encode(longKey)));

        var bigValue = new KadMessage(KadMessageType.PutValue, [1], new KadRecord([1], new byte[KadLimits.MaxValueLength + 1]), [], []);
        Assert.Throws<KadProtocolException>(() => KadMessageCodec.Parse(Encode(bigValue)));
    }

    [Fact]
    [Trait("Clause", "KAD-2.3")]
    public void Addresses_beyond_the_per_peer_limit_and_unknown_transports_are_dropped()
    {
        var addresses = Enumerable.Range(1, KadLimits.MaxAddressesPerPeer + 5).Select(i => Multiaddr.Parse($"/ip4/10.0.0.{i}/tcp/1")).ToArray();
        var decoded = KadMessageCodec.Parse(Encode(new KadMessage(KadMessageType.FindNode, [1], null, [new KadPeer(Seed1, addresses)], [])));
        Assert.Equal(KadLimits.MaxAddressesPerPeer, decoded.CloserPeers[0].Addresses.Count);

        // A peer entry whose only address is of an unknown protocol code (0x3fff): kept, without the address.
        byte[] unknownAddress = [0xff, 0x7f, 0x00];
        var peer = new byte[] { 0x0a, (byte)Seed1.AsSpan().Length }.Concat(Seed1.ToBytes()).Concat(new byte[] { 0x12, 3 }).Concat(unknownAddress).ToArray();
        var body = new byte[] { 0x08, 0x04, 0x42, (byte)peer.Length }.Concat(peer).ToArray();
        Assert.Empty(KadMessageCodec.Parse(body).CloserPeers[0].Addresses);
    }

    [Fact]
    [Trait("Clause", "KAD-2.1")]
    public void Unknown_fields_are_skipped_and_unknown_types_refused()
    {
        byte[] withUnknown = [0x08, 0x04, 0x12, 0x01, 0xaa, 0xb8, 0x01, 0x05, 0xc2, 0x01, 0x02, 0x01, 0x02];
        var parsed = KadMessageCodec.Parse(withUnknown);
        Assert.Equal(KadMessageType.FindNode, parsed.Type);
        Assert.Equal([0xaa], parsed.Key);

        Assert.Throws<KadProtocolException>(() => KadMessageCodec.Parse([0x08, 0x09]));
        Assert.Throws<KadProtocolException>(() => KadMessageCodec.Parse([0x42, 0x02, 0x12, 0x00]));
    }

    [Fact]
    [Trait("Clause", "KAD-2.3")]
    public void Random_input_never_fails_other_than_with_a_protocol_error()
    {
        var random = new Random(20);
        var valid = Encode(new KadMessage(KadMessageType.GetValue, [1, 2], new KadRecord([1, 2], [3]), [new KadPeer(Seed1, [Multiaddr.Parse("/ip4/1.2.3.4/tcp/5")])], []));
        for (var i = 0; i < 20_000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 80)];
                random.NextBytes(input);
            }
            else
            {
                input = (byte[])valid.Clone();
                input[random.Next(input.Length)] = (byte)random.Next(256);
            }

            try
            {
                KadMessageCodec.Parse(input);
            }
            catch (KadProtocolException)
            {
            }
        }
    }

    private static byte[] Encode(KadMessage message)
    {
        var writer = new ArrayBufferWriter<byte>();
        KadMessageCodec.Write(writer, message);
        return writer.WrittenSpan.ToArray();
    }
}
