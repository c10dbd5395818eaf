using System.Buffers;

namespace RustyNode.Protocols.BlockSync.Messages;

/// <summary>
/// One piece of a message payload larger than 1 MiB (BS-1.3): the whole payload's length, this
/// piece's offset in it, and the piece. Only <see cref="ChunkCodec"/> and the framing see chunks.
/// </summary>
public readonly record struct Chunk(uint TotalLength, uint Offset, ReadOnlySequence<byte> Data);
