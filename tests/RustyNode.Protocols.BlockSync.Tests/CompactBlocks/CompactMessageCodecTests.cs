using System.Buffers;
using System.IO.Pipelines;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Network.RequestResponse;
using RustyNode.Protocols.BlockSync.CompactBlocks;
using RustyNode.Protocols.BlockSync.CompactBlocks.Messages;
using RustyNode.Protocols.BlockSync.CompactBlocks.Wire;

namespace RustyNode.Protocols.BlockSync.Tests.CompactBlocks;

public class CompactMessageCodecTests
{
    [Fact]
    [Trait("Clause", "CB-2.2")]
    [Trait("Clause", "CB-1.2")]
    public void A_compact_block_matches_the_golden_payload_and_is_read_back_whole()
    {
        var v = CompactTestData.Vectors().GetProperty("compactBlock");
        var header = BlockHeader.FromBytes(Convert.FromHexString(v.GetProperty("header").GetString()!));
        var nonce = Convert.ToUInt64(v.GetProperty("nonce").GetString(), 16);
        var ids = v.GetProperty("shortIds").EnumerateArray().Select(e => Convert.ToUInt64(e.GetString(), 16)).ToArray();
        var coinbase = TransactionCodec.FromBytes(Convert.FromHexString(v.GetProperty("prefilled")[0].GetProperty("tx").GetString()!));
        var message = new CompactBlock(header, nonce, ids, [new PrefilledTransaction(0, coinbase)]);
        var golden = v.GetProperty("payload").GetString()!;

        var bytes = Encode(message);
        Assert.Equal(golden, Convert.ToHexString(bytes).ToLowerInvariant());

        var read = Assert.IsType<CompactBlock>(CompactMessageCodec.Read(new ReadOnlySequence<byte>(bytes)));
        Assert.Equal(header.Hash, read.Header.Hash);
        Assert.Equal(nonce, read.Nonce);
        Assert.Equal(ids, read.ShortIds);
        Assert.Equal(0, Assert.Single(read.Prefilled).Index);
        Assert.Equal(coinbase.TxId, read.Prefilled[0].Transaction.TxId);
        Assert.Equal(5, read.TransactionCount);
    }

    private static readonly string[] Names = ["send-low", "send-high", "compact", "get-compact", "get-txs", "txs", "new-block", "ack", "not-found"];

    public static TheoryData<string> Messages() => new(Names);

    [Theory]
    [MemberData(nameof(Messages))]
    [Trait("Clause", "CB-2.1")]
    [Trait("Clause", "CB-2.4")]
    [Trait("Clause", "CB-2.5")]
    [Trait("Clause", "CB-2.6")]
    [Trait("Clause", "CB-2.7")]
    public void Every_message_round_trips_and_is_consumed_exactly(string name)
    {
        var message = Sample(name);
        var bytes = Encode(message);
        Assert.Equal(CompactMessageCodec.GetSize(message), bytes.Length);
        Assert.Equal((byte)message.Code, bytes[0]);
        var read = CompactMessageCodec.Read(new ReadOnlySequence<byte>(bytes));
        Assert.Equal(bytes, Encode(read));

        // One byte more is trailing garbage; one byte less is a truncated body.
        Assert.Throws<CompactBlockProtocolException>(() => CompactMessageCodec.Read(new ReadOnlySequence<byte>([.. bytes, 0])));
        if (bytes.Length > 1)
        {
            Assert.Throws<CompactBlockProtocolException>(() => CompactMessageCodec.Read(new ReadOnlySequence<byte>(bytes.AsMemory(0, bytes.Length - 1))));
        }
    }

    [Fact]
    [Trait("Clause", "CB-2.1")]
    public void A_send_compact_mode_other_than_0_or_1_is_malformed()
    {
        byte[] bytes = [0x01, 0x02, 1, 0, 0, 0, 0, 0, 0, 0];
        Assert.Throws<CompactBlockProtocolException>(() => CompactMessageCodec.Read(new ReadOnlySequence<byte>(bytes)));
    }

    [Fact]
    [Trait("Clause", "CB-2.2")]
    public void Short_id_and_prefilled_counts_over_the_limit_are_refused_before_allocating()
    {
        var header = new byte[80];
        byte[] tooManyIds = [0x02, .. header, .. new byte[8], 0xfd, 0x36, 0x82];
        Assert.Throws<CompactBlockProtocolException>(() => CompactMessageCodec.Read(new ReadOnlySequence<byte>(tooManyIds)));

        // Two short ids leave room for 33,331 prefilled: 33,332 is one too many.
        byte[] tooManyPrefilled = [0x02, .. header, .. new byte[8], 0x02, .. new byte[12], 0xfd, 0x34, 0x82];
        Assert.Throws<CompactBlockProtocolException>(() => CompactMessageCodec.Read(new ReadOnlySequence<byte>(tooManyPrefilled)));

        byte[] empty = [0x02, .. header, .. new byte[8], 0x00, 0x00];
        Assert.Throws<CompactBlockProtocolException>(() => CompactMessageCodec.Read(new ReadOnlySequence<byte>(empty)));

        // A count that the remaining bytes cannot hold is a truncated body, found before the id array exists.
        byte[] claimsMore = [0x02, .. header, .. new byte[8], 0xfd, 0x00, 0x80, 1, 2, 3];
        Assert.Throws<CompactBlockProtocolException>(() => CompactMessageCodec.Read(new ReadOnlySequence<byte>(claimsMore)));
    }

    [Fact]
    [Trait("Clause", "CB-2.3")]
    public void A_prefilled_index_beyond_the_block_is_a_bad_index()
    {
        var tx = CompactTestData.Coinbase(1).ToBytes();

        // One short id and one prefilled transaction: positions 0 and 1 exist, 2 does not.
        byte[] bytes = [0x02, .. new byte[80], .. new byte[8], 0x01, .. new byte[6], 0x01, 0x02, .. tx];
        var ex = Assert.Throws<CompactBlockProtocolException>(() => CompactMessageCodec.Read(new ReadOnlySequence<byte>(bytes)));
        Assert.True(ex.BadIndexes);
    }

    [Fact]
    [Trait("Clause", "CB-2.5")]
    [Trait("Clause", "CB-2.6")]
    public void Get_block_txs_and_block_txs_need_one_to_33333_entries()
    {
        var hash = new byte[32];
        Assert.Throws<CompactBlockProtocolException>(() => CompactMessageCodec.Read(new ReadOnlySequence<byte>([0x04, .. hash, 0x00])));
        Assert.Throws<CompactBlockProtocolException>(() => CompactMessageCodec.Read(new ReadOnlySequence<byte>([0x04, .. hash, 0xfd, 0x36, 0x82])));
        Assert.Throws<CompactBlockProtocolException>(() => CompactMessageCodec.Read(new ReadOnlySequence<byte>([0x05, .. hash, 0x00])));
        Assert.Throws<CompactBlockProtocolException>(() => CompactMessageCodec.Read(new ReadOnlySequence<byte>([0x05, .. hash, 0xfd, 0x36, 0x82])));

        // A large count with two index bytes behind it is truncated, not a 33,000-entry array.
        Assert.Throws<CompactBlockProtocolException>(() => CompactMessageCodec.Read(new ReadOnlySequence<byte>([0x04, .. hash, 0xfd, 0x00, 0x80, 0, 0])));
    }

    [Fact]
    [Trait("Clause", "CB-1.4")]
    public void Unknown_codes_and_malformed_transactions_are_protocol_errors()
    {
        Assert.Throws<CompactBlockProtocolException>(() => CompactMessageCodec.Read(new ReadOnlySequence<byte>([0x09])));
        Assert.Throws<CompactBlockProtocolException>(() => CompactMessageCodec.Read(new ReadOnlySequence<byte>([0x00])));
        Assert.Throws<CompactBlockProtocolException>(() => CompactMessageCodec.Read(ReadOnlySequence<byte>.Empty));
        byte[] badTx = [0x05, .. new byte[32], 0x01, 1, 0, 0, 0, 0xff, 0xff];
        Assert.Throws<CompactBlockProtocolException>(() => CompactMessageCodec.Read(new ReadOnlySequence<byte>(badTx)));
    }

    [Fact]
    [Trait("Clause", "CB-1.4")]
    public void Random_payloads_parse_or_fail_with_the_protocol_error_only()
    {
        var random = new Random(7);
        var samples = Names.Select(n => Encode(Sample(n))).ToArray();
        for (var run = 0; run < 3_000; run++)
        {
            byte[] bytes;
            if (run % 2 == 0)
            {
                bytes = new byte[random.Next(0, 200)];
                random.NextBytes(bytes);
                if (bytes.Length > 0)
                {
                    bytes[0] = (byte)random.Next(0, 10);
                }
            }
            else
            {
                bytes = (byte[])samples[random.Next(samples.Length)].Clone();
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }
            }

            try
            {
                CompactMessageCodec.Read(new ReadOnlySequence<byte>(bytes));
            }
            catch (CompactBlockProtocolException)
            {
            }
        }
    }

    [Fact]
    [Trait("Clause", "CB-1.1")]
    [Trait("Clause", "CB-1.3")]
    public async Task The_codec_speaks_its_protocol_id_and_refuses_a_frame_over_3_MiB_before_buffering()
    {
        var codec = new CompactBlocksCodec();
        Assert.Equal(["/rusty/compact-blocks/1.0"], codec.Protocols);
        Assert.Equal(3 * 1024 * 1024, codec.MaxRequestSize);
        Assert.Equal(3 * 1024 * 1024, codec.MaxResponseSize);

        var pipe = new Pipe();
        var length = (uint)(3 * 1024 * 1024) + 1;
        await pipe.Writer.WriteAsync(new byte[] { (byte)(length | 0x80), (byte)((length >> 7) | 0x80), (byte)(length >> 14), 0x02 });
        await Assert.ThrowsAsync<MessageTooLargeException>(async () => await codec.ReadRequestAsync(CompactBlocksCodec.ProtocolId, pipe.Reader, CancellationToken.None));
    }

    [Fact]
    [Trait("Clause", "CB-2.8")]
    public async Task A_response_code_in_a_request_or_a_request_code_in_a_response_is_malformed()
    {
        var codec = new CompactBlocksCodec();
        await Assert.ThrowsAsync<CompactBlockProtocolException>(() => RoundTrip(codec, Ack.Instance, asRequest: true));
        await Assert.ThrowsAsync<CompactBlockProtocolException>(() => RoundTrip(codec, new GetBlockTxs(Hash256.Zero, [1]), asRequest: false));
        Assert.IsType<CompactBlock>(await RoundTrip(codec, Sample("compact"), asRequest: true));
        Assert.IsType<CompactBlock>(await RoundTrip(codec, Sample("compact"), asRequest: false));
        Assert.IsType<NotFound>(await RoundTrip(codec, NotFound.Instance, asRequest: false));
    }

    internal static CompactMessage Sample(string name)
    {
        var block = CompactTestData.Block(CompactTestData.Txs(3));
        return name switch
        {
            "send-low" => new SendCompact(false, 1),
            "send-high" => new SendCompact(true, 1),
            "compact" => new CompactBlock(block.Header, 42, [1, 0xffff_ffff_ffff, 77], [new PrefilledTransaction(0, block.Transactions[0]), new PrefilledTransaction(3, block.Transactions[3])]),
            "get-compact" => new GetCompactBlock(block.Hash),
            "get-txs" => new GetBlockTxs(block.Hash, [1, 2, 300, 33_332]),
            "txs" => new BlockTxs(block.Hash, [.. block.Transactions.Skip(1)]),
            "new-block" => new NewBlock(block.Header),
            "ack" => Ack.Instance,
            "not-found" => NotFound.Instance,
            _ => throw new ArgumentException(name),
        };
    }

    internal static byte[] Encode(CompactMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        CompactMessageCodec.Write(message, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static async Task<CompactMessage> RoundTrip(CompactBlocksCodec codec, CompactMessage message, bool asRequest)
    {
        var pipe = new Pipe();
        var frame = new ArrayBufferWriter<byte>();
        var payload = Encode(message);
        var length = payload.Length;
        while (length >= 0x80)
        {
            frame.Write([(byte)(length | 0x80)]);
            length >>= 7;
        }

        frame.Write([(byte)length]);
        frame.Write(payload);
        await pipe.Writer.WriteAsync(frame.WrittenMemory);
        await pipe.Writer.CompleteAsync();
        return asRequest
            ? await codec.ReadRequestAsync(CompactBlocksCodec.ProtocolId, pipe.Reader, CancellationToken.None)
            : await codec.ReadResponseAsync(CompactBlocksCodec.ProtocolId, pipe.Reader, CancellationToken.None);
    }
}
