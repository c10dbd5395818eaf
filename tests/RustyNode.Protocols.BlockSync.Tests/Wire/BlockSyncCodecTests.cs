using System.Buffers;
using System.IO.Pipelines;
using RustyNode.Network.Multiformats;
using RustyNode.Network.RequestResponse;
using RustyNode.Protocols.BlockSync.Messages;
using RustyNode.Protocols.BlockSync.Tests.Testing;
using RustyNode.Protocols.BlockSync.Wire;

namespace RustyNode.Protocols.BlockSync.Tests.Wire;

/// <summary>Frames, the request size limit and chunked responses (BS-1) over an in-memory pipe.</summary>
public class BlockSyncCodecTests
{
    private const string Protocol = BlockSyncCodec.ProtocolId;
    private readonly BlockSyncCodec _codec = new();

    [Fact]
    [Trait("Clause", "BS-1.1")]
    public async Task Request_is_one_varint_framed_payload()
    {
        var pipe = new Pipe();
        await _codec.WriteRequestAsync(Protocol, pipe.Writer, new BlockRequest(5, 9), CancellationToken.None);
        await pipe.Writer.CompleteAsync();
        var bytes = await ReadAllAsync(pipe.Reader);
        Assert.Equal([0x09, .. Vectors.Payload("blockRequest")], bytes);

        var again = new Pipe();
        await again.Writer.WriteAsync(bytes);
        Assert.Equal(new BlockRequest(5, 9), await _codec.ReadRequestAsync(Protocol, again.Reader, CancellationToken.None));
        Assert.Equal("/rusty/block-sync/1.0", Assert.Single(_codec.Protocols));
    }

    [Fact]
    [Trait("Clause", "BS-1.4")]
    public async Task Request_over_16_KiB_is_refused_at_its_length_and_a_response_code_is_not_a_request()
    {
        var pipe = new Pipe();
        // A frame header declaring 16,385 bytes and nothing after it.
        await pipe.Writer.WriteAsync(Varint.Encode(16_385));
        await Assert.ThrowsAsync<MessageTooLargeException>(async () => await _codec.ReadRequestAsync(Protocol, pipe.Reader, CancellationToken.None));

        var wrongKind = new Pipe();
        await wrongKind.Writer.WriteAsync(new byte[] { 0x01, 0x07 });
        await Assert.ThrowsAsync<BlockSyncProtocolException>(async () => await _codec.ReadRequestAsync(Protocol, wrongKind.Reader, CancellationToken.None));

        var requestAsResponse = new Pipe();
        await requestAsResponse.Writer.WriteAsync((byte[])[0x09, .. Vectors.Payload("blockRequest")]);
        await Assert.ThrowsAsync<BlockSyncProtocolException>(async () => await _codec.ReadResponseAsync(Protocol, requestAsResponse.Reader, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(async () => await _codec.WriteRequestAsync(Protocol, new Pipe().Writer, AnnouncementAck.Instance, CancellationToken.None));
    }

    [Fact]
    [Trait("Clause", "BS-1.2")]
    [Trait("Clause", "BS-1.3")]
    public async Task Response_over_1_MiB_travels_as_canonical_chunks_and_is_reassembled()
    {
        var blocks = new ReadOnlyMemory<byte>[] { Filled(1_900_000, 1), Filled(1_500_000, 2), Vectors.GenesisBlock };
        var response = new BlockResponse(blocks);
        var size = BlockSyncMessageCodec.GetSize(response);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        await _codec.WriteResponseAsync(Protocol, pipe.Writer, response, CancellationToken.None);
        await pipe.Writer.CompleteAsync();
        var wire = await ReadAllAsync(pipe.Reader);

        // Four frames: three full chunks of 1 MiB and the rest, each with the total and its offset.
        var frames = SplitFrames(wire);
        Assert.Equal(4, frames.Count);
        for (var i = 0; i < frames.Count; i++)
        {
            Assert.Equal((byte)MessageCode.Chunk, frames[i][0]);
            Assert.Equal((uint)size, BitConverter.ToUInt32(frames[i], 1));
            Assert.Equal((uint)(i * 1_048_576), BitConverter.ToUInt32(frames[i], 5));
            Assert.Equal(Math.Min(1_048_576, size - (i * 1_048_576)), frames[i].Length - 9);
        }

        var read = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        await read.Writer.WriteAsync(wire);
        var decoded = Assert.IsType<BlockResponse>(await _codec.ReadResponseAsync(Protocol, read.Reader, CancellationToken.None));
        Assert.Equal(blocks.Length, decoded.Blocks.Count);
        Assert.All(Enumerable.Range(0, blocks.Length), i => Assert.True(blocks[i].Span.SequenceEqual(decoded.Blocks[i].Span)));
    }

    [Fact]
    [Trait("Clause", "BS-1.3")]
    public async Task Chunk_frame_vector_matches_the_writer()
    {
        var vector = Vectors.Message("chunkFrame");
        var payload = new byte[(int)vector["total"]!];
        Convert.FromHexString((string)vector["data"]!).CopyTo(payload, (int)vector["offset"]!);
        var pipe = new Pipe();
        BlockSyncCodec.WriteChunkFrame(pipe.Writer, payload, (int)vector["offset"]!);
        await pipe.Writer.CompleteAsync();
        Assert.Equal((string)vector["frame"]!, Convert.ToHexStringLower(await ReadAllAsync(pipe.Reader)));
    }

    public static TheoryData<string> BrokenChunkings() =>
    [
        "payload that fits one frame", "total over 10 MiB", "first chunk not at offset 0", "short first chunk", "gap",
        "other total", "long last chunk", "whole message where a chunk is due", "stream ends between chunks", "header cut short",
    ];

    [Theory]
    [MemberData(nameof(BrokenChunkings))]
    [Trait("Clause", "BS-1.3")]
    public async Task Chunking_that_breaks_the_rules_is_a_malformed_response(string what)
    {
        const int mib = 1_048_576;
        const int total = mib + 10;
        byte[][] frames = what switch
        {
            "payload that fits one frame" => [Chunk(mib, 0, mib)],
            "total over 10 MiB" => [Chunk((10 * mib) + 1, 0, mib)],
            "first chunk not at offset 0" => [Chunk(total, 10, mib)],
            "short first chunk" => [Chunk(total, 0, mib - 1)],
            "gap" => [Chunk(total, 0, mib), Chunk(total, mib + 1, 9)],
            "other total" => [Chunk(total, 0, mib), Chunk(total + 1, mib, 10)],
            "long last chunk" => [Chunk(total, 0, mib), Chunk(total, mib, 11)],
            "whole message where a chunk is due" => [Chunk(total, 0, mib), [0x01, 0x07]],
            "stream ends between chunks" => [Chunk(total, 0, mib)],
            _ => [[0x05, 0x10, 0x01, 0x02, 0x03, 0x04]],
        };
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        foreach (var frame in frames)
        {
            await pipe.Writer.WriteAsync(frame);
        }

        await pipe.Writer.CompleteAsync();
        var error = await Assert.ThrowsAnyAsync<RequestResponseProtocolException>(async () => await _codec.ReadResponseAsync(Protocol, pipe.Reader, CancellationToken.None));
        Assert.False(string.IsNullOrEmpty(error.Message), what);
    }

    [Fact]
    [Trait("Clause", "BS-1.2")]
    public async Task Frame_longer_than_a_full_chunk_is_refused_at_its_length()
    {
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Varint.Encode(1_048_576 + 10));
        await Assert.ThrowsAsync<MessageTooLargeException>(async () => await _codec.ReadResponseAsync(Protocol, pipe.Reader, CancellationToken.None));

        // A single-frame message of 1 MiB + 1 bytes (not chunked) is malformed even under the frame limit.
        var single = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var payload = new byte[1_048_577];
        payload[0] = (byte)MessageCode.Headers;
        await single.Writer.WriteAsync(Varint.Encode((ulong)payload.Length));
        await single.Writer.WriteAsync(payload);
        await Assert.ThrowsAsync<BlockSyncProtocolException>(async () => await _codec.ReadResponseAsync(Protocol, single.Reader, CancellationToken.None));
    }

    [Fact]
    [Trait("Clause", "BS-1.1")]
    public async Task Stream_that_ends_before_a_response_is_a_refusal_not_a_malformed_message()
    {
        var pipe = new Pipe();
        await pipe.Writer.CompleteAsync();
        await Assert.ThrowsAsync<EndOfStreamException>(async () => await _codec.ReadResponseAsync(Protocol, pipe.Reader, CancellationToken.None));
    }

    private static byte[] Chunk(int total, int offset, int length)
    {
        var frame = new byte[9 + length];
        frame[0] = (byte)MessageCode.Chunk;
        BitConverter.TryWriteBytes(frame.AsSpan(1), (uint)total);
        BitConverter.TryWriteBytes(frame.AsSpan(5), (uint)offset);
        return [.. Varint.Encode((ulong)frame.Length), .. frame];
    }

    private static byte[] Filled(int length, byte value)
    {
        var bytes = new byte[length];
        Array.Fill(bytes, value);
        return bytes;
    }

    private static List<byte[]> SplitFrames(byte[] wire)
    {
        var frames = new List<byte[]>();
        var offset = 0;
        while (offset < wire.Length)
        {
            Varint.TryRead(wire.AsSpan(offset), out var length, out var consumed);
            offset += consumed;
            frames.Add(wire.AsSpan(offset, (int)length).ToArray());
            offset += (int)length;
        }

        return frames;
    }

    private static async Task<byte[]> ReadAllAsync(PipeReader reader)
    {
        while (true)
        {
            var result = await reader.ReadAsync();
            if (result.IsCompleted)
            {
                var bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
