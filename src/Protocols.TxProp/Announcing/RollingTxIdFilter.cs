using System.Runtime.InteropServices;
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
        // An empty filter (most peers' memory of abandoned transactions) answers without hashing.
        if (_current.Count == 0 && _previous.Count == 0)
        {
            return false;
        }

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

    /// <summary>
    /// Two independent seeded 32-bit hashes of the id's words. (Combining the id itself into the
    /// second half, as before, hashed only its 32-bit hash code again, so keys collided as 32-bit
    /// values would: about once in 20,000 transactions a new id looked known and was never
    /// announced to that peer, which the txrelay harness caught as a line stalling at one short.)
    /// </summary>
    private static ulong Key(Hash256 txId)
    {
        Span<byte> bytes = stackalloc byte[Hash256.Size];
        txId.WriteTo(bytes);
        var words = MemoryMarshal.Cast<byte, ulong>(bytes);
        var high = (uint)txId.GetHashCode();
        var low = (uint)HashCode.Combine(words[3], words[2], words[1], words[0], 0x5bd1e995);
        return ((ulong)high << 32) | low;
    }
}
