using System.Buffers;
using System.IO.Pipelines;
using RustyNode.Network.RequestResponse;

namespace RustyNode.Network.Tests.RequestResponse;

public class LengthPrefixedCodecTests
{
    private static readonly string[] Protocol = ["/test/rr/1.0.0"];

    [Fact]
    [Trait("Clause", "RR-2.1")]
    public void Golden_vector_is_varint_length_then_payload()
    {
        var codec = new BytesCodec(Protocol);
        var writer = new ArrayBufferWriter<byte>();
        codec.WriteRequestFrame(writer, [0x01, 0x02, 0x03]);
        Assert.Equal("03010203", Convert.ToHexStringLower(writer.WrittenSpan));

        writer.Clear();
        codec.WriteResponseFrame(writer, new byte[300]);
        Assert.Equal("ac02", Convert.ToHexStringLower(writer.WrittenSpan[..2]));
        Assert.Equal(302, writer.WrittenCount);

        writer.Clear();
        codec.WriteRequestFrame(writer, []);
        Assert.Equal("00", Convert.ToHexStringLower(writer.WrittenSpan));
    }

    [Fact]
    [Trait("Clause", "RR-2.1")]
    public void Golden_frame_parses_and_is_consumed_exactly()
    {
        var buffer = new ReadOnlySequence<byte>(Convert.FromHexString("0301020304ff"));
        Assert.True(RequestResponseFrame.TryRead(ref buffer, 16, out var payload));
        Assert.Equal("010203", Convert.ToHexStringLower(payload.ToArray()));
        Assert.Equal("04ff", Convert.ToHexStringLower(buffer.ToArray()));
    }

    [Fact]
    [Trait("Clause", "RR-2.1")]
    public void Two_frames_in_a_row_are_read_one_by_one_with_nothing_left()
    {
        var codec = new BytesCodec(Protocol);
        var writer = new ArrayBufferWriter<byte>();
        codec.WriteRequestFrame(writer, [0xAA]);
        codec.WriteRequestFrame(writer, [0xBB, 0xCC]);
        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);
        Assert.True(RequestResponseFrame.TryRead(ref buffer, 16, out var first));
        Assert.True(RequestResponseFrame.TryRead(ref buffer, 16, out var second));
        Assert.Equal([0xAA], first.ToArray());
        Assert.Equal([0xBB, 0xCC], second.ToArray());
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    [Trait("Clause", "RR-2.1")]
    public void Incomplete_prefix_or_payload_asks_for_more_and_leaves_the_buffer_alone()
    {
        foreach (var hex in new[] { "", "80", "ac02", "0301", "03010203"[..6] })
        {
            var original = new ReadOnlySequence<byte>(Convert.FromHexString(hex));
            var buffer = original;
            Assert.False(RequestResponseFrame.TryRead(ref buffer, 1024, out _));
            Assert.Equal(original.Length, buffer.Length);
        }
    }

    [Fact]
    [Trait("Clause", "RR-2.2")]
    public void Length_over_the_limit_is_rejected_before_any_payload_arrives()
    {
        // Only the prefix is present: the limit must be checked before waiting for the payload.
        var buffer = new ReadOnlySequence<byte>(Convert.FromHexString("8101"));
        var ex = Assert.Throws<MessageTooLargeException>(() => RequestResponseFrame.TryRead(ref buffer, 128, out _));
        Assert.Equal(129UL, ex.Length);
        Assert.Equal(128, ex.Limit);

        var atLimit = new ReadOnlySequence<byte>(Convert.FromHexString("8001"));
        Assert.False(RequestResponseFrame.TryRead(ref atLimit, 128, out _));
    }

    [Fact]
    [Trait("Clause", "RR-2.2")]
    public void Writer_refuses_a_message_over_its_limit_and_writes_nothing()
    {
        var codec = new BytesCodec(Protocol, maxRequestSize: 4, maxResponseSize: 8);
        var writer = new ArrayBufferWriter<byte>();
        Assert.Throws<MessageTooLargeException>(() => codec.WriteRequestFrame(writer, new byte[5]));
        Assert.Throws<MessageTooLargeException>(() => codec.WriteResponseFrame(writer, new byte[9]));
        Assert.Equal(0, writer.WrittenCount);
    }

    [Fact]
    [Trait("Clause", "RR-2.1")]
    public void Non_minimal_length_prefix_is_malformed()
    {
        var buffer = new ReadOnlySequence<byte>(Convert.FromHexString("830001"));
        Assert.Throws<RequestResponseProtocolException>(() => RequestResponseFrame.TryRead(ref buffer, 1024, out _));
    }

    [Fact]
    [Trait("Clause", "RR-2.1")]
    public async Task Round_trip_over_a_pipe_in_small_segments()
    {
        var codec = new BytesCodec(Protocol);
        var random = new Random(7);
        foreach (var size in new[] { 0, 1, 127, 128, 16_383, 16_384, 200_000 })
        {
            var message = new byte[size];
            random.NextBytes(message);
            var pipe = new Pipe(new PipeOptions(minimumSegmentSize: 512, pauseWriterThreshold: 0));
            await codec.WriteRequestAsync(Protocol[0], pipe.Writer, message, CancellationToken.None);
            await codec.WriteResponseAsync(Protocol[0], pipe.Writer, message, CancellationToken.None);
            await pipe.Writer.CompleteAsync();
            var request = await codec.ReadRequestAsync(Protocol[0], pipe.Reader, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            var response = await codec.ReadResponseAsync(Protocol[0], pipe.Reader, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(message, request);
            Assert.Equal(message, response);
            var rest = await pipe.Reader.ReadAsync();
            Assert.True(rest.IsCompleted);
            Assert.True(rest.Buffer.IsEmpty);
        }
    }

    [Fact]
    [Trait("Clause", "RR-1.4")]
    public async Task Stream_ending_before_a_message_is_end_of_stream_and_inside_one_is_malformed()
    {
        var codec = new BytesCodec(Protocol);
        var empty = new Pipe();
        await empty.Writer.CompleteAsync();
        await Assert.ThrowsAsync<EndOfStreamException>(() => codec.ReadResponseAsync(Protocol[0], empty.Reader, CancellationToken.None).AsTask());

        var cut = new Pipe();
        await cut.Writer.WriteAsync(Convert.FromHexString("050102"));
        await cut.Writer.CompleteAsync();
        await Assert.ThrowsAsync<RequestResponseProtocolException>(() => codec.ReadResponseAsync(Protocol[0], cut.Reader, CancellationToken.None).AsTask());
    }

    [Fact]
    [Trait("Clause", "RR-2.3")]
    public async Task Decoder_failure_becomes_a_protocol_exception()
    {
        var codec = new StrictCodec();
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(Convert.FromHexString("0102"));
        await pipe.Writer.CompleteAsync();
        await Assert.ThrowsAsync<RequestResponseProtocolException>(() => codec.ReadRequestAsync("/strict/1", pipe.Reader, CancellationToken.None).AsTask());
    }

    [Fact]
    [Trait("Clause", "RR-2.2")]
    public void Random_input_only_parses_asks_for_more_or_throws_the_protocol_exception()
    {
        var random = new Random(20261121);
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 24)];
            random.NextBytes(bytes);
            var buffer = new ReadOnlySequence<byte>(bytes);
            try
            {
                if (RequestResponseFrame.TryRead(ref buffer, 16, out var payload))
                {
                    var prefix = bytes.Length - (int)payload.Length - (int)buffer.Length;
                    Assert.True(payload.Length <= 16);
                    Assert.InRange(prefix, 1, 10);
                    Assert.Equal(bytes.AsSpan(prefix, (int)payload.Length).ToArray(), payload.ToArray());
                }
            }
            catch (RequestResponseProtocolException)
            {
                // Malformed or over the limit: the only failure allowed.
            }
        }
    }

    /// <summary>A codec whose request must be exactly 4 bytes, to see decoder errors surface.</summary>
    private sealed class StrictCodec : LengthPrefixedCodec<int, int>
    {
        public StrictCodec()
            : base(["/strict/1"])
        {
        }

        protected override int GetRequestSize(int request) => 4;

        protected override void WriteRequest(int request, Span<byte> destination) =>
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(destination, request);

        protected override int ParseRequest(ReadOnlySequence<byte> payload) =>
            payload.Length == 4 ? 0 : throw new FormatException($"expected 4 bytes, got {payload.Length}");

        protected override int GetResponseSize(int response) => 4;

        protected override void WriteResponse(int response, Span<byte> destination) =>
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(destination, response);

        protected override int ParseResponse(ReadOnlySequence<byte> payload) => ParseRequest(payload);
    }
}
