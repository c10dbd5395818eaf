using System.Buffers;
using System.IO.Pipelines;
using RustyNode.Network.RequestResponse;
using RustyNode.Protocols.BlockSync.Messages;

namespace RustyNode.Protocols.BlockSync.Wire;

/// <summary>
/// The request/response codec of /rusty/block-sync/1.0 (BS-1): every frame is a varint length and a
/// payload (RR-2.1) whose first byte is the message code; requests are one frame of at most
/// 16 KiB; a response over 1 MiB travels as chunks of 1 MiB, reassembled with bounds.
/// </summary>
public sealed class BlockSyncCodec : IRequestResponseCodec<BlockSyncMessage, BlockSyncMessage>
{
    /// <summary>The protocol id.</summary>
    public const string ProtocolId = "/rusty/block-sync/1.0";

    private static readonly Func<ReadOnlySequence<byte>, BlockSyncMessage> ParseRequest = ReadRequestPayload;
    private static readonly Func<ReadOnlySequence<byte>, ResponseFrame> ParseResponseFrame = ReadResponseFrame;

    /// <inheritdoc />
    public IReadOnlyList<string> Protocols { get; } = [ProtocolId];

    /// <inheritdoc />
    public int MaxRequestSize => BlockSyncLimits.MaxRequestSize;

    /// <inheritdoc />
    public int MaxResponseSize => BlockSyncLimits.MaxMessageSize;

    /// <inheritdoc />
    public ValueTask<BlockSyncMessage> ReadRequestAsync(string protocol, PipeReader input, CancellationToken cancellationToken) =>
        RequestResponseFrame.ReadAsync(input, BlockSyncLimits.MaxRequestSize, ParseRequest, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<BlockSyncMessage> ReadResponseAsync(string protocol, PipeReader input, CancellationToken cancellationToken)
    {
        var first = await RequestResponseFrame.ReadAsync(input, BlockSyncLimits.MaxFramePayload, ParseResponseFrame, cancellationToken);
        if (first.Message is { } single)
        {
            return single;
        }

        var assembler = new ChunkAssembler(first.TotalLength, first.Offset, first.Data!);
        while (!assembler.IsComplete)
        {
            ResponseFrame next;
            try
            {
                next = await RequestResponseFrame.ReadAsync(input, BlockSyncLimits.MaxFramePayload, ParseResponseFrame, cancellationToken);
            }
            catch (EndOfStreamException ex)
            {
                throw new BlockSyncProtocolException("The stream ended between the chunks of a response.", ex);
            }

            if (next.Message is not null)
            {
                throw new BlockSyncProtocolException("A whole message came where the next chunk was due.");
            }

            assembler.Add(next.TotalLength, next.Offset, next.Data!);
        }

        return ToResponse(BlockSyncMessageCodec.Read(assembler.Payload));
    }

    /// <inheritdoc />
    public ValueTask WriteRequestAsync(string protocol, PipeWriter output, BlockSyncMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(request);
        if (!request.IsRequest)
        {
            throw new ArgumentException($"{request.Code} is not a request.", nameof(request));
        }

        var size = BlockSyncMessageCodec.GetSize(request);
        if (size > BlockSyncLimits.MaxRequestSize)
        {
            throw new MessageTooLargeException((ulong)size, BlockSyncLimits.MaxRequestSize);
        }

        WriteSingleFrame(output, request, size);
        return FlushAsync(output, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask WriteResponseAsync(string protocol, PipeWriter output, BlockSyncMessage response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsRequest)
        {
            throw new ArgumentException($"{response.Code} is not a response.", nameof(response));
        }

        var size = BlockSyncMessageCodec.GetSize(response);
        if (size > BlockSyncLimits.MaxMessageSize)
        {
            throw new MessageTooLargeException((ulong)size, BlockSyncLimits.MaxMessageSize);
        }

        if (size <= BlockSyncLimits.MaxChunkData)
        {
            WriteSingleFrame(output, response, size);
            await output.FlushAsync(cancellationToken);
            return;
        }

        var payload = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            BlockSyncMessageCodec.Write(response, payload);
            for (var offset = 0; offset < size; offset += BlockSyncLimits.MaxChunkData)
            {
                WriteChunkFrame(output, payload.AsSpan(0, size), offset);
                await output.FlushAsync(cancellationToken);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    /// <summary>Writes <paramref name="payload"/>'s chunk at <paramref name="offset"/> as one frame (BS-1.3).</summary>
    internal static void WriteChunkFrame(PipeWriter output, ReadOnlySpan<byte> payload, int offset)
    {
        var length = ChunkCodec.DataLength((uint)payload.Length, (uint)offset);
        var frame = BlockSyncLimits.ChunkHeaderSize + length;
        RequestResponseFrame.WriteHeader(output, frame);
        var span = output.GetSpan(frame);
        span[0] = (byte)MessageCode.Chunk;
        ChunkCodec.WriteHeader((uint)payload.Length, (uint)offset, span[1..]);
        payload.Slice(offset, length).CopyTo(span[BlockSyncLimits.ChunkHeaderSize..]);
        output.Advance(frame);
    }

    private static void WriteSingleFrame(PipeWriter output, BlockSyncMessage message, int size)
    {
        RequestResponseFrame.WriteHeader(output, size);
        BlockSyncMessageCodec.Write(message, output.GetSpan(size));
        output.Advance(size);
    }

    private static async ValueTask FlushAsync(PipeWriter output, CancellationToken cancellationToken) => await output.FlushAsync(cancellationToken);

    private static BlockSyncMessage ReadRequestPayload(ReadOnlySequence<byte> payload)
    {
        var message = BlockSyncMessageCodec.Read(payload);
        return message.IsRequest ? message : throw new BlockSyncProtocolException($"{message.Code} is not a request.");
    }

    private static ResponseFrame ReadResponseFrame(ReadOnlySequence<byte> payload)
    {
        if (payload.IsEmpty || payload.FirstSpan[0] != (byte)MessageCode.Chunk)
        {
            if (payload.Length > BlockSyncLimits.MaxChunkData)
            {
                throw new BlockSyncProtocolException($"A single-frame message of {payload.Length} bytes exceeds {BlockSyncLimits.MaxChunkData}.");
            }

            return new ResponseFrame(ToResponse(BlockSyncMessageCodec.Read(payload)), 0, 0, null);
        }

        var body = payload.Slice(1);
        if (!ChunkCodec.TryRead(ref body, out var chunk))
        {
            throw new BlockSyncProtocolException("A chunk frame is shorter than its header.");
        }

        // The data is still in the pipe's buffers: copy it (once) before the frame is released.
        return new ResponseFrame(null, chunk.TotalLength, chunk.Offset, chunk.Data.ToArray());
    }

    private static BlockSyncMessage ToResponse(BlockSyncMessage message) =>
        message.IsRequest ? throw new BlockSyncProtocolException($"{message.Code} is not a response.") : message;

    private readonly record struct ResponseFrame(BlockSyncMessage? Message, uint TotalLength, uint Offset, byte[]? Data);
}
