using System.Buffers;
using RustyNode.Consensus;
using RustyNode.Network.Multiformats;

namespace RustyNode.Protocols.BlockSync.Messages;

/// <summary>
/// Body of <see cref="BlockResponse"/> (BS-2.5): varint n (0..500), then per block a varint length
/// (81..2,000,000) and the serialized block.
/// </summary>
public static class BlockResponseCodec
{
    /// <summary>Body size in bytes.</summary>
    /// <exception cref="ArgumentException">Over 500 blocks, a block of a size no block can have, or a payload over 10 MiB.</exception>
    public static int GetSize(BlockResponse message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Blocks.Count > BlockSyncLimits.MaxBlocksPerReply)
        {
            throw new ArgumentException($"A block response holds at most {BlockSyncLimits.MaxBlocksPerReply} blocks.", nameof(message));
        }

        long size = Varint.GetSize((ulong)message.Blocks.Count);
        foreach (var block in message.Blocks)
        {
            if (block.Length is < BlockSyncLimits.MinBlockSize or > ChainLimits.MaxBlockSize)
            {
                throw new ArgumentException($"A block of {block.Length} bytes cannot be sent.", nameof(message));
            }

            size += EntrySize(block.Length);
        }

        // The code byte is part of the payload the 10 MiB limit applies to.
        if (size + 1 > BlockSyncLimits.MaxBlockResponsePayload)
        {
            throw new ArgumentException($"A block response of {size} bytes exceeds the cap of {BlockSyncLimits.MaxBlockResponsePayload}.", nameof(message));
        }

        return (int)size;
    }

    /// <summary>The bytes one block of <paramref name="blockSize"/> bytes adds to a response.</summary>
    public static int EntrySize(int blockSize) => Varint.GetSize((ulong)blockSize) + blockSize;

    /// <summary>Writes the body into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(BlockResponse message, Span<byte> destination)
    {
        var size = GetSize(message);
        var position = Varint.Write(destination, (ulong)message.Blocks.Count);
        foreach (var block in message.Blocks)
        {
            position += Varint.Write(destination[position..], (ulong)block.Length);
            block.Span.CopyTo(destination[position..]);
            position += block.Length;
        }

        return size;
    }

    /// <summary>Writes the body into <paramref name="writer"/>.</summary>
    public static void Write(BlockResponse message, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var size = Write(message, writer.GetSpan(GetSize(message)));
        writer.Advance(size);
    }

    /// <summary>Reads a body off the front of <paramref name="body"/>, copying each block out; false when it ends early.</summary>
    /// <exception cref="BlockSyncProtocolException">Over 500 blocks, or a block length no block can have.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> body, out BlockResponse message)
    {
        message = null!;
        var reader = new SequenceReader<byte>(body);
        if (!WireReader.TryReadCount(ref reader, BlockSyncLimits.MaxBlocksPerReply, "blocks", out var count))
        {
            return false;
        }

        var blocks = new ReadOnlyMemory<byte>[count];
        for (var i = 0; i < count; i++)
        {
            if (!WireReader.TryReadCount(ref reader, ChainLimits.MaxBlockSize, "block bytes", out var length))
            {
                return false;
            }

            if (length < BlockSyncLimits.MinBlockSize)
            {
                throw new BlockSyncProtocolException($"A block of {length} bytes is shorter than any block.");
            }

            if (reader.Remaining < length)
            {
                return false;
            }

            var bytes = new byte[length];
            reader.TryCopyTo(bytes);
            reader.Advance(length);
            blocks[i] = bytes;
        }

        message = new BlockResponse(blocks);
        body = body.Slice(reader.Position);
        return true;
    }
}
