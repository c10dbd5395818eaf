using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.TxProp.Announcing;

/// <summary>
/// Remembers about the last <c>capacity</c> transaction ids added, in bounded memory: two
/// generations of 64-bit keys, the older dropped when the newer fills. Keys come from the
/// process-seeded <see cref="HashCode"/>, so no peer can craft ids that collide here. A false
/// "contains" (about 2^-64 per lookup per entry) only costs an announcement or a request.
/// </summary>
public sealed class RollingTxIdFilter
{
    private readonly int _generationSize;
    private HashSet<ulong> _current;
    private HashSet<ulong> _previous;

    /// <param name="capacity">Ids remembered at least (the last ones added).</param>
    public RollingTxIdFilter(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        _generationSize = (capacity + 1) / 2;
        _current = [];
        _previous = [];
    }

    /// <summary>Ids held (at most about the capacity).</summary>
    public int Count => _current.Count + _previous.Count;

    public bool Contains(Hash256 txId)
    {
        var key = Key(txId);
        return _current.Contains(key) || _previous.Contains(key);
    }

    /// <summary>Adds <paramref name="txId"/>; returns false when it was already there.</summary>
    public bool Add(Hash256 txId)
    {
        var key = Key(txId);
        if (_current.Contains(key) || _previous.Contains(key))
        {
            return false;
        }

        if (_current.Count >= _generationSize)
        {
            (_previous, _current) = (_current, _previous);
            _current.Clear();
        }

        _current.Add(key);
        return true;
    }

    private static ulong Key(Hash256 txId) =>
        ((ulong)(uint)txId.GetHashCode() << 32) | (uint)HashCode.Combine(txId, 0x5bd1e995);
}
