using System.Buffers;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Protocols.BlockSync.Messages;
using RustyNode.Protocols.BlockSync.Tests.Testing;

namespace RustyNode.Protocols.BlockSync.Tests.Messages;

/// <summary>Every count limit is refused on read (before allocation) and on write; malformed payloads never crash.</summary>
public class MessageLimitTests
{
    private static readonly BlockHeader Header = BlockHeader.FromBytes(Vectors.GenesisBlock.AsSpan(0, 80));

    [Fact]
    [Trait("Clause", "BS-2.1")]
    public void Locator_of_102_hashes_is_refused_both_ways()
    {
        // varint 102 = 0x66; the count is refused before the hashes are read or allocated.
        var error = Assert.Throws<BlockSyncProtocolException>(() => Read([0x01, 0x66]));
        Assert.Contains("102", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => BlockSyncMessageCodec.GetSize(new GetHeaders([.. Enumerable.Repeat(Hash256.Zero, 102)], default)));
        Assert.Equal(1 + 1 + (102 * 32), BlockSyncMessageCodec.GetSize(new GetHeaders([.. Enumerable.Repeat(Hash256.Zero, 101)], default)));
    }

    [Fact]
    [Trait("Clause", "BS-2.2")]
    public void Headers_reply_of_2001_headers_is_refused_before_reading_them()
    {
        // varint 2001 = 0xd1 0x0f, and no header bytes at all: the count alone is refused.
        Assert.Contains("2001", Assert.Throws<BlockSyncProtocolException>(() => Read([0x02, 0xd1, 0x0f])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => BlockSyncMessageCodec.GetSize(new Headers([.. Enumerable.Repeat(Header, 2_001)])));
        var full = new Headers([.. Enumerable.Repeat(Header, 2_000)]);
        Assert.Equal(2_000, Assert.IsType<Headers>(RoundTrip(full)).Items.Count);
    }

    [Theory]
    [InlineData(9u, 5u)]
    [InlineData(0u, 500u)]
    [InlineData(0u, uint.MaxValue)]
    [Trait("Clause", "BS-2.3")]
    public void Block_range_reversed_or_over_500_heights_is_refused(uint start, uint end)
    {
        var body = new byte[9];
        body[0] = 0x03;
        BitConverter.TryWriteBytes(body.AsSpan(1), start);
        BitConverter.TryWriteBytes(body.AsSpan(5), end);
        Assert.Throws<BlockSyncProtocolException>(() => Read(body));
        Assert.Throws<ArgumentException>(() => BlockSyncMessageCodec.GetSize(new BlockRequest(start, end)));
        Assert.Equal(500, Assert.IsType<BlockRequest>(RoundTrip(new BlockRequest(0, 499))).Count);
    }

    [Fact]
    [Trait("Clause", "BS-2.4")]
    public void Hash_request_empty_over_500_or_with_a_duplicate_is_refused()
    {
        Assert.Throws<BlockSyncProtocolException>(() => Read([0x04, 0x00]));
        Assert.Throws<BlockSyncProtocolException>(() => Read([0x04, 0xf5, 0x03]));
        Assert.Throws<BlockSyncProtocolException>(() => Read([0x04, 0x02, .. new byte[64]]));
        Assert.Throws<ArgumentException>(() => BlockSyncMessageCodec.GetSize(new BlockRequestByHash([])));
        var full = new BlockRequestByHash([.. Enumerable.Range(0, 500).Select(i => Hashes(i))]);
        Assert.Equal(500, Assert.IsType<BlockRequestByHash>(RoundTrip(full)).Hashes.Count);
    }

    [Fact]
    [Trait("Clause", "BS-2.5")]
    public void Block_response_over_500_blocks_or_with_impossible_block_sizes_is_refused()
    {
        Assert.Throws<BlockSyncProtocolException>(() => Read([0x05, 0xf5, 0x03]));
        // A block of 80 bytes (no transaction count) and one of 2,000,001 bytes: refused at the length.
        Assert.Contains("shorter than any block", Assert.Throws<BlockSyncProtocolException>(() => Read([0x05, 0x01, 0x50, .. new byte[80]])).Message, StringComparison.Ordinal);
        Assert.Contains("2000001", Assert.Throws<BlockSyncProtocolException>(() => Read([0x05, 0x01, 0x81, 0x89, 0x7a])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => BlockSyncMessageCodec.GetSize(new BlockResponse([new byte[80]])));
        var block = Vectors.GenesisBlock;
        Assert.Throws<ArgumentException>(() => BlockSyncMessageCodec.GetSize(new BlockResponse([.. Enumerable.Repeat<ReadOnlyMemory<byte>>(block, 501)])));
    }

    [Fact]
    [Trait("Clause", "BS-2.5")]
    public void Block_response_over_10_MiB_is_refused_by_the_writer()
    {
        var big = new byte[2_000_000];
        big[80] = 1;
        var blocks = Enumerable.Repeat<ReadOnlyMemory<byte>>(big, 6).ToArray();
        Assert.Throws<ArgumentException>(() => BlockSyncMessageCodec.GetSize(new BlockResponse(blocks)));
        Assert.Equal(5, Assert.IsType<BlockResponse>(RoundTrip(new BlockResponse(blocks[..5]))).Blocks.Count);
    }

    [Fact]
    [Trait("Clause", "BS-2.6")]
    public void Announcement_empty_or_of_17_headers_is_refused()
    {
        Assert.Throws<BlockSyncProtocolException>(() => Read([0x06, 0x00]));
        Assert.Throws<BlockSyncProtocolException>(() => Read([0x06, 0x11]));
        Assert.Throws<ArgumentException>(() => BlockSyncMessageCodec.GetSize(new HeaderAnnouncement([.. Enumerable.Repeat(Header, 17)])));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x00 })]
    [InlineData(new byte[] { 0x08 })]
    [InlineData(new byte[] { 0x10, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0x07, 0x00 })]
    [InlineData(new byte[] { 0x01, 0x80, 0x00 })]
    [InlineData(new byte[] { 0x03, 0x01, 0x00, 0x00 })]
    [Trait("Clause", "BS-1.4")]
    public void Empty_unknown_chunk_trailing_non_minimal_or_truncated_payloads_are_malformed(byte[] payload)
    {
        Assert.Throws<BlockSyncProtocolException>(() => Read(payload));
    }

    [Fact]
    [Trait("Clause", "BS-1.4")]
    public void Random_payloads_never_escape_as_anything_but_a_protocol_error()
    {
        var random = new Random(20_260_101);
        for (var i = 0; i < 20_000; i++)
        {
            var payload = new byte[random.Next(0, 200)];
            random.NextBytes(payload);
            if (payload.Length > 0)
            {
                payload[0] = (byte)random.Next(0, 9);
            }

            try
            {
                var message = Read(payload);
                Assert.Equal(payload, Write(message));
            }
            catch (BlockSyncProtocolException)
            {
            }
        }
    }

    private static BlockSyncMessage Read(byte[] payload) => BlockSyncMessageCodec.Read(new ReadOnlySequence<byte>(payload));

    private static byte[] Write(BlockSyncMessage message)
    {
        var writer = new ArrayBufferWriter<byte>();
        BlockSyncMessageCodec.Write(message, writer);
        return writer.WrittenSpan.ToArray();
    }

    private static BlockSyncMessage RoundTrip(BlockSyncMessage message) => Read(Write(message));

    private static Hash256 Hashes(int i)
    {
        var bytes = new byte[32];
        BitConverter.TryWriteBytes(bytes, i);
        return new Hash256(bytes);
    }
}
