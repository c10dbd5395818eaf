using System.Buffers;
using RustyNode.Protocols.BlockSync.Messages;

namespace RustyNode.Protocols.BlockSync.Wire;

/// <summary>
/// Reassembles a chunked payload (BS-1.3) with bounds: the declared total is checked against the
/// 10 MiB limit before anything is kept, each chunk must continue exactly where the last ended
/// with the canonical length, and memory grows only with the data actually received.
/// </summary>
internal sealed class ChunkAssembler
{
    private readonly uint _total;
    private ChunkSegment? _first;
    private ChunkSegment? _last;
    private uint _received;

    /// <summary>Starts from the first chunk.</summary>
    /// <exception cref="BlockSyncProtocolException">The first chunk breaks BS-1.3.</exception>
    public ChunkAssembler(uint totalLength, uint offset, byte[] data)
    {
        if (totalLength <= BlockSyncLimits.MaxChunkData)
        {
            throw new BlockSyncProtocolException($"A payload of {totalLength} bytes fits one frame and may not be chunked.");
        }

        if (totalLength > BlockSyncLimits.MaxMessageSize)
        {
            throw new BlockSyncProtocolException($"A chunked payload of {totalLength} bytes exceeds the limit of {BlockSyncLimits.MaxMessageSize}.");
        }

        _total = totalLength;
        Add(totalLength, offset, data);
    }

    /// <summary>True once every byte of the payload has arrived.</summary>
    public bool IsComplete => _received == _total;

    /// <summary>Appends the next chunk; <paramref name="data"/> (a copy the caller made) is kept.</summary>
    /// <exception cref="BlockSyncProtocolException">Another total, a gap or overlap, or a non-canonical length.</exception>
    public void Add(uint totalLength, uint offset, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (IsComplete)
        {
            throw new BlockSyncProtocolException("A chunk followed the last one.");
        }

        if (totalLength != _total)
        {
            throw new BlockSyncProtocolException($"A chunk declares a total of {totalLength} bytes, not {_total}.");
        }

        if (offset != _received)
        {
            throw new BlockSyncProtocolException($"A chunk starts at offset {offset}, not {_received}.");
        }

        var expected = ChunkCodec.DataLength(_total, _received);
        if (data.Length != expected)
        {
            throw new BlockSyncProtocolException($"A chunk at offset {offset} carries {data.Length} bytes, not {expected}.");
        }

        var segment = new ChunkSegment(data, _received);
        if (_last is null)
        {
            _first = segment;
        }
        else
        {
            _last.Append(segment);
        }

        _last = segment;
        _received += (uint)expected;
    }

    /// <summary>The reassembled payload (valid once complete).</summary>
    public ReadOnlySequence<byte> Payload =>
        IsComplete ? new ReadOnlySequence<byte>(_first!, 0, _last!, _last!.Memory.Length) : throw new InvalidOperationException("The payload is not complete.");

    private sealed class ChunkSegment : ReadOnlySequenceSegment<byte>
    {
        public ChunkSegment(byte[] data, long runningIndex)
        {
            Memory = data;
            RunningIndex = runningIndex;
        }

        public void Append(ChunkSegment next) => Next = next;
    }
}
