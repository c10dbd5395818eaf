using System.Buffers;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Protocols.TxProp.Messages;

namespace RustyNode.Protocols.TxProp.Tests.Messages;

public sealed class TxMessageCodecTests
{
    private static readonly Hash256 IdA = new(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
    private static readonly Hash256 IdB = new(Enumerable.Repeat((byte)0xee, 32).ToArray());

    [Fact]
    [Trait("Clause", "TX-1.2")]
    [Trait("Clause", "TX-2.1")]
    public void Inv_has_the_golden_layout_and_is_consumed_exactly()
    {
        var bytes = Encode(new InvMessage([IdA, IdB]));
        var expected = "42" + "01" + "02" + Convert.ToHexString(IdA.ToArray()) + Convert.ToHexString(IdB.ToArray());
        Assert.Equal(expected, Convert.ToHexString(bytes), ignoreCase: true);
        var message = Assert.IsType<InvMessage>(DecodeExactly(bytes));
        Assert.Equal([IdA, IdB], message.TxIds);
    }

    [Fact]
    [Trait("Clause", "TX-2.2")]
    [Trait("Clause", "TX-2.4")]
    public void GetData_and_NotFound_share_the_id_list_layout_under_their_own_codes()
    {
        var getData = Encode(new GetDataMessage([IdB]));
        var notFound = Encode(new NotFoundMessage([IdB]));
        Assert.Equal("2202" + "01" + Convert.ToHexString(IdB.ToArray()), Convert.ToHexString(getData), ignoreCase: true);
        Assert.Equal("2204" + "01" + Convert.ToHexString(IdB.ToArray()), Convert.ToHexString(notFound), ignoreCase: true);
        Assert.Equal([IdB], Assert.IsType<GetDataMessage>(DecodeExactly(getData)).TxIds);
        Assert.Equal([IdB], Assert.IsType<NotFoundMessage>(DecodeExactly(notFound)).TxIds);
    }

    [Fact]
    [Trait("Clause", "TX-2.3")]
    public void TxData_carries_the_canonical_transaction_and_keeps_its_id()
    {
        var tx = SampleTransaction();
        var bytes = Encode(new TxDataMessage(tx));
        var canonical = TransactionCodec.GetSize(tx);
        Assert.Equal(1 + 1 + canonical, bytes.Length);
        Assert.Equal(0x03, bytes[1]);
        var decoded = Assert.IsType<TxDataMessage>(DecodeExactly(bytes));
        Assert.Equal(tx.TxId, decoded.Transaction.TxId);
    }

    [Fact]
    [Trait("Clause", "TX-2.5")]
    public void FeeFilter_is_eight_little_endian_bytes()
    {
        var bytes = Encode(new FeeFilterMessage(1000));
        Assert.Equal("0905E803000000000000", Convert.ToHexString(bytes));
        Assert.Equal(1000UL, Assert.IsType<FeeFilterMessage>(DecodeExactly(bytes)).FeeRatePerKb);
    }

    [Fact]
    [Trait("Clause", "TX-1.2")]
    public void A_length_over_the_limit_is_refused_before_the_payload_arrives()
    {
        var writer = new ArrayBufferWriter<byte>();
        RustyNode.Network.Framing.LengthPrefixed.WriteHeader(writer, TxPropLimits.MaxMessageSize + 1);
        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);
        var ex = Assert.Throws<TxPropProtocolException>(() => TxMessageCodec.TryRead(ref buffer, out _));
        Assert.True(ex.IsOverLimit);
    }

    [Fact]
    [Trait("Clause", "TX-2.1")]
    public void An_inv_of_the_maximum_size_round_trips_and_one_more_id_is_refused()
    {
        var ids = Enumerable.Range(0, TxPropLimits.MaxInvIds).Select(i => new Hash256(BitConverter.GetBytes((long)i).Concat(new byte[24]).ToArray())).ToArray();
        var bytes = Encode(new InvMessage(ids));
        Assert.Equal(TxPropLimits.MaxInvIds, Assert.IsType<InvMessage>(DecodeExactly(bytes)).TxIds.Count);
        Assert.Throws<ArgumentException>(() => Encode(new InvMessage([.. ids, IdA])));
        var forged = Payload(0x01, [0xd1, 0x86, 0x03], new byte[32]); // count 50,001
        var ex = Assert.Throws<TxPropProtocolException>(() => TxMessageCodec.ReadPayload(forged));
        Assert.True(ex.IsOverLimit);
    }

    [Theory]
    [Trait("Clause", "TX-2.6")]
    [InlineData("")]
    [InlineData("06")]
    [InlineData("0100")]
    [InlineData("0101")]
    [InlineData("020301")]
    [InlineData("05e803")]
    [InlineData("05e80300000000000000")]
    [InlineData("0380")]
    public void Malformed_payloads_are_refused(string hex)
    {
        Assert.Throws<TxPropProtocolException>(() => TxMessageCodec.ReadPayload(new ReadOnlySequence<byte>(Convert.FromHexString(hex))));
    }

    [Fact]
    [Trait("Clause", "TX-2.6")]
    public void Trailing_bytes_after_a_transaction_are_refused()
    {
        var bytes = Encode(new TxDataMessage(SampleTransaction()));
        var payload = bytes.AsSpan(2).ToArray().Concat(new byte[] { 0 }).ToArray();
        Assert.Throws<TxPropProtocolException>(() => TxMessageCodec.ReadPayload(new ReadOnlySequence<byte>(payload)));
    }

    [Fact]
    [Trait("Clause", "TX-1.2")]
    public void Incomplete_input_reads_nothing_and_split_input_reads_the_same_message()
    {
        var bytes = Encode(new InvMessage([IdA, IdB]));
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var partial = new ReadOnlySequence<byte>(bytes.AsMemory(0, cut));
            Assert.False(TxMessageCodec.TryRead(ref partial, out _));
            Assert.Equal(cut, partial.Length);
        }

        var split = Segments(bytes, 7);
        Assert.True(TxMessageCodec.TryRead(ref split, out var message));
        Assert.True(split.IsEmpty);
        Assert.Equal([IdA, IdB], Assert.IsType<InvMessage>(message).TxIds);
    }

    [Fact]
    [Trait("Clause", "TX-2.6")]
    public void Random_input_never_escapes_as_anything_but_a_protocol_error()
    {
        var random = new Random(7);
        for (var i = 0; i < 5_000; i++)
        {
            var bytes = new byte[random.Next(0, 80)];
            random.NextBytes(bytes);
            if (bytes.Length > 1)
            {
                bytes[1] = (byte)random.Next(0, 7);
            }

            var buffer = new ReadOnlySequence<byte>(bytes);
            try
            {
                while (TxMessageCodec.TryRead(ref buffer, out _))
                {
                }
            }
            catch (TxPropProtocolException)
            {
            }
        }
    }

    internal static Transaction SampleTransaction() =>
        new(1, [new TxIn(new OutPoint(IdA, 1), [0x51, 0x52])], [new TxOut(5_000, [0x76, 0xa9]), new TxOut(7, [])], 0);

    private static byte[] Encode(TxMessage message)
    {
        var writer = new ArrayBufferWriter<byte>();
        TxMessageCodec.Write(message, writer);
        Assert.Equal(TxMessageCodec.GetSize(message), writer.WrittenCount);
        return writer.WrittenSpan.ToArray();
    }

    private static TxMessage DecodeExactly(byte[] bytes)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(TxMessageCodec.TryRead(ref buffer, out var message));
        Assert.True(buffer.IsEmpty);
        return message;
    }

    private static ReadOnlySequence<byte> Payload(byte code, byte[] count, byte[] rest) =>
        new([code, .. count, .. rest]);

    private static ReadOnlySequence<byte> Segments(byte[] bytes, int size)
    {
        Segment? first = null;
        Segment? last = null;
        for (var offset = 0; offset < bytes.Length; offset += size)
        {
            var segment = new Segment(bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset)), last);
            first ??= segment;
            last = segment;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, Segment? previous)
        {
            Memory = memory;
            if (previous is not null)
            {
                RunningIndex = previous.RunningIndex + previous.Memory.Length;
                previous.Next = this;
            }
        }
    }
}
