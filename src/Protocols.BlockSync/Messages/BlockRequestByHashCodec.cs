using System.Buffers;
using RustyNode.Consensus.Primitives;
using RustyNode.Network.Multiformats;

namespace RustyNode.Protocols.BlockSync.Messages;

/// <summary>Body of <see cref="BlockRequestByHash"/> (BS-2.4): varint n (1..500), n distinct hashes.</summary>
public static class BlockRequestByHashCodec
{
    /// <summary>Body size in bytes.</summary>
    /// <exception cref="ArgumentException">No hash, or more than 500.</exception>
    public static int GetSize(BlockRequestByHash message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Hashes.Count is 0 or > BlockSyncLimits.MaxBlocksPerRequest)
        {
            throw new ArgumentException($"A block request names 1 to {BlockSyncLimits.MaxBlocksPerRequest} hashes.", nameof(message));
        }

        return Varint.GetSize((ulong)message.Hashes.Count) + (message.Hashes.Count * Hash256.Size);
    }

    /// <summary>Writes the body into <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(BlockRequestByHash message, Span<byte> destination)
    {
        var size = GetSize(message);
        var position = Varint.Write(destination, (ulong)message.Hashes.Count);
        foreach (var hash in message.Hashes)
        {
            hash.WriteTo(destination[position..]);
            position += Hash256.Size;
        }

        return size;
    }

    /// <summary>Writes the body into <paramref name="writer"/>.</summary>
    public static void Write(BlockRequestByHash message, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var size = Write(message, writer.GetSpan(GetSize(message)));
        writer.Advance(size);
    }

    /// <summary>Reads a body off the front of <paramref name="body"/>; false when it ends early.</summary>
    /// <exception cref="BlockSyncProtocolException">No hash, over 500, or a hash twice.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> body, out BlockRequestByHash message)
    {
        message = null!;
        var reader = new SequenceReader<byte>(body);
        if (!WireReader.TryReadCount(ref reader, BlockSyncLimits.MaxBlocksPerRequest, "requested blocks", out var count)
            || !WireReader.TryReadHashes(ref reader, count, out var hashes))
        {
            return false;
        }

        if (count == 0)
        {
            throw new BlockSyncProtocolException("A block request names no hash.");
        }

        if (new HashSet<Hash256>(hashes).Count != count)
        {
            throw new BlockSyncProtocolException("A block request names a hash twice.");
        }

        message = new BlockRequestByHash(hashes);
        body = body.Slice(reader.Position);
        return true;
    }
}
