using RustyNode.Consensus.Primitives;
using RustyNode.Network.Identity;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Relay;

/// <summary>What compact relay knows of one connected peer: the mode it asked for and the blocks it has seen from or through us.</summary>
internal sealed class CompactPeer(PeerId id)
{
    private const int RememberedBlocks = 32;
    private readonly Queue<Hash256> _order = new();
    private readonly HashSet<Hash256> _known = [];

    private int _outstanding;

    public PeerId Id { get; } = id;

    /// <summary>Counts one more message awaiting the peer's answer; false (counting nothing) past the bound (CB-4.3).</summary>
    public bool TryBeginSend()
    {
        if (Interlocked.Increment(ref _outstanding) > CompactBlockLimits.MaxOutstandingSends)
        {
            Interlocked.Decrement(ref _outstanding);
            return false;
        }

        return true;
    }

    /// <summary>The peer answered (or the send failed).</summary>
    public void EndSend() => Interlocked.Decrement(ref _outstanding);

    /// <summary>Null until the peer sent SendCompact; then true for high bandwidth (CB-4.1).</summary>
    public bool? WantsHighBandwidth { get; set; }

    /// <summary>Remembers that the peer has <paramref name="block"/>; false when it was known already.</summary>
    public bool MarkKnown(Hash256 block)
    {
        if (!_known.Add(block))
        {
            return false;
        }

        _order.Enqueue(block);
        if (_order.Count > RememberedBlocks)
        {
            _known.Remove(_order.Dequeue());
        }

        return true;
    }
}
