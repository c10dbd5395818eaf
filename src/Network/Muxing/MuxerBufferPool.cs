using System.Buffers;

namespace RustyNode.Network.Muxing;

/// <summary>
/// Fixed-size blocks for the muxers' per-stream pipes. The shared array pool keeps only a few
/// arrays per size and core, far fewer than the blocks a fast stream with a large window holds in
/// flight, so its misses would allocate on the data path; this pool keeps up to
/// <see cref="MaxRetainedBlocks"/> blocks (the block objects too) for reuse.
/// </summary>
internal sealed class MuxerBufferPool : MemoryPool<byte>
{
    /// <summary>Size of every block: 16 KiB.</summary>
    public const int BlockSize = 16 * 1024;

    /// <summary>Blocks kept for reuse process-wide (64 MiB); beyond that, returned blocks are dropped.</summary>
    public const int MaxRetainedBlocks = 4096;

    private readonly Stack<Block> _free = new();
    private readonly Lock _sync = new();

    /// <summary>The pool all muxer streams share.</summary>
    public static new MuxerBufferPool Shared { get; } = new();

    /// <inheritdoc />
    public override int MaxBufferSize => BlockSize;

    /// <inheritdoc />
    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        lock (_sync)
        {
            if (_free.TryPop(out var block))
            {
                block.Rented = true;
                return block;
            }
        }

        return new Block(this) { Rented = true };
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        // Shared and process-wide: nothing to release.
    }

    private void Return(Block block)
    {
        lock (_sync)
        {
            if (block.Rented && _free.Count < MaxRetainedBlocks)
            {
                block.Rented = false;
                _free.Push(block);
            }
        }
    }

    private sealed class Block(MuxerBufferPool pool) : IMemoryOwner<byte>
    {
        private readonly byte[] _array = GC.AllocateUninitializedArray<byte>(BlockSize);

        public bool Rented { get; set; }

        public Memory<byte> Memory => _array;

        public void Dispose() => pool.Return(this);
    }
}
