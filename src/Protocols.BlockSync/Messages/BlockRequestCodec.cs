using System.Buffers;
using System.Buffers.Binary;

namespace RustyNode.Protocols.BlockSync.Messages;

/// <summary>Body of <see cref="BlockRequest"/> (BS-2.3): start and end height, u32 little-endian each; 1 to 500 blocks.</summary>
public static class BlockRequestCodec
{
    /// <summary>Body size in bytes.</summary>
    public const int Size = 8;

    /// <summary>Body size in bytes.</summary>
    /// <exception cref="ArgumentException">The range is empty, reversed or longer than 500.</exception>
    public static int GetSize(BlockRequest message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!IsValidRange(message.StartHeight, message.EndHeight))
        {
            throw new ArgumentException($"A block request asks for 1 to {BlockSyncLimits.MaxBlocksPerRequest} heights in order.", nameof(message));
        }

        return Size;
    }

    /// <summary>Writes the body into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(BlockRequest message, Span<byte> destination)
    {
        GetSize(message);
        BinaryPrimitives.WriteUInt32LittleEndian(destination, message.StartHeight);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], message.EndHeight);
        return Size;
    }

    /// <summary>Writes the body into <paramref name="writer"/>.</summary>
    public static void Write(BlockRequest message, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Advance(Write(message, writer.GetSpan(Size)));
    }

    /// <summary>Reads a body off the front of <paramref name="body"/>; false when it ends early.</summary>
    /// <exception cref="BlockSyncProtocolException">A reversed range or more than 500 heights.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> body, out BlockRequest message)
    {
        message = null!;
        var reader = new SequenceReader<byte>(body);
        if (!WireReader.TryReadUInt32(ref reader, out var start) || !WireReader.TryReadUInt32(ref reader, out var end))
        {
            return false;
        }

        if (!IsValidRange(start, end))
        {
            throw new BlockSyncProtocolException($"Block request for heights {start} to {end}: a range holds 1 to {BlockSyncLimits.MaxBlocksPerRequest} heights in order.");
        }

        message = new BlockRequest(start, end);
        body = body.Slice(reader.Position);
        return true;
    }

    private static bool IsValidRange(uint start, uint end) => end >= start && end - start < BlockSyncLimits.MaxBlocksPerRequest;
}
