using System.Buffers;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Protocols.BlockSync.Messages;
using RustyNode.Protocols.BlockSync.Tests.Testing;

namespace RustyNode.Protocols.BlockSync.Tests.Messages;

/// <summary>Golden payloads (specs/vectors/block-sync/messages.json): decode to the fields, encode back to the bytes.</summary>
public class MessageVectorTests
{
    private static readonly BlockHeader GenesisHeader = BlockHeader.FromBytes(Vectors.GenesisBlock.AsSpan(0, 80));

    public static TheoryData<string> Names() => new()
    {
        "getHeaders", "getHeadersEmpty", "headers", "headersEmpty", "blockRequest", "blockRequestByHash",
        "blockResponse", "blockResponseEmpty", "headerAnnouncement", "announcementAck",
    };

    [Theory]
    [MemberData(nameof(Names))]
    [Trait("Clause", "BS-1.1")]
    [Trait("Clause", "BS-2.8")]
    public void Golden_payload_round_trips_byte_for_byte_and_reads_from_fragments(string name)
    {
        var payload = Vectors.Payload(name);
        var message = BlockSyncMessageCodec.Read(new ReadOnlySequence<byte>(payload));
        Assert.Equal(payload.Length, BlockSyncMessageCodec.GetSize(message));
        var written = new ArrayBufferWriter<byte>();
        BlockSyncMessageCodec.Write(message, written);
        Assert.Equal(payload, written.WrittenSpan.ToArray());

        var again = BlockSyncMessageCodec.Read(Vectors.Fragmented(payload));
        var rewritten = new ArrayBufferWriter<byte>();
        BlockSyncMessageCodec.Write(again, rewritten);
        Assert.Equal(payload, rewritten.WrittenSpan.ToArray());
        Assert.Equal(payload[0], (byte)message.Code);
    }

    [Fact]
    [Trait("Clause", "BS-2.1")]
    public void GetHeaders_vector_holds_the_locator_and_the_stop_hash()
    {
        var message = Assert.IsType<GetHeaders>(Read("getHeaders"));
        Assert.Equal([Hash(0x11), Hash(0x22)], message.Locator);
        Assert.True(message.Stop.IsZero);
        var empty = Assert.IsType<GetHeaders>(Read("getHeadersEmpty"));
        Assert.Empty(empty.Locator);
        Assert.Equal(Hash(0x33), empty.Stop);
        Assert.True(message.IsRequest);
    }

    [Fact]
    [Trait("Clause", "BS-2.2")]
    public void Headers_vector_holds_the_genesis_header()
    {
        var message = Assert.IsType<Headers>(Read("headers"));
        Assert.Equal(GenesisHeader.Hash, Assert.Single(message.Items).Hash);
        Assert.Equal("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f", message.Items[0].Hash.ToString());
        Assert.Empty(Assert.IsType<Headers>(Read("headersEmpty")).Items);
        Assert.False(message.IsRequest);
    }

    [Fact]
    [Trait("Clause", "BS-2.3")]
    public void BlockRequest_vector_holds_the_heights()
    {
        var message = Assert.IsType<BlockRequest>(Read("blockRequest"));
        Assert.Equal((5u, 9u), (message.StartHeight, message.EndHeight));
        Assert.Equal(5, message.Count);
    }

    [Fact]
    [Trait("Clause", "BS-2.4")]
    public void BlockRequestByHash_vector_holds_the_hashes_in_order()
    {
        var message = Assert.IsType<BlockRequestByHash>(Read("blockRequestByHash"));
        Assert.Equal([Hash(0x33), Hash(0x11)], message.Hashes);
    }

    [Fact]
    [Trait("Clause", "BS-2.5")]
    public void BlockResponse_vector_holds_the_block_bytes_unparsed()
    {
        var message = Assert.IsType<BlockResponse>(Read("blockResponse"));
        Assert.Equal(Vectors.GenesisBlock, Assert.Single(message.Blocks).ToArray());
        Assert.Equal(GenesisHeader.Hash, Block.FromBytes(message.Blocks[0]).Hash);
        Assert.Empty(Assert.IsType<BlockResponse>(Read("blockResponseEmpty")).Blocks);
    }

    [Fact]
    [Trait("Clause", "BS-2.6")]
    [Trait("Clause", "BS-2.7")]
    public void Announcement_and_its_ack_vectors()
    {
        var message = Assert.IsType<HeaderAnnouncement>(Read("headerAnnouncement"));
        Assert.Equal(GenesisHeader.Hash, Assert.Single(message.Items).Hash);
        Assert.Same(AnnouncementAck.Instance, Read("announcementAck"));
        Assert.Equal([0x07], Vectors.Payload("announcementAck"));
    }

    private static BlockSyncMessage Read(string name) => BlockSyncMessageCodec.Read(new ReadOnlySequence<byte>(Vectors.Payload(name)));

    private static Hash256 Hash(byte fill) => new(Enumerable.Repeat(fill, 32).ToArray());
}
