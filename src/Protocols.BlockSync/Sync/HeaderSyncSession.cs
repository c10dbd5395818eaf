using System.Numerics;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Network.Identity;

namespace RustyNode.Protocols.BlockSync.Sync;

/// <summary>
/// One header-sync session with the sync peer (BS-4.2): the headers received and not yet committed
/// (BS-4.4, at most <see cref="BlockSyncLimits.MaxPendingHeaders"/>) and what was committed.
/// </summary>
internal sealed class HeaderSyncSession(long id, PeerId peer, long startedAt)
{
    private readonly List<BlockHeader> _pending = [];

    public long Id { get; } = id;

    public PeerId Peer { get; } = peer;

    /// <summary>When the session began (timestamp).</summary>
    public long StartedAt { get; } = startedAt;

    /// <summary>Headers received and held uncommitted.</summary>
    public IReadOnlyList<BlockHeader> Pending => _pending;

    /// <summary>Sum of the pending headers' work.</summary>
    public BigInteger PendingWork { get; private set; }

    /// <summary>Headers this session committed.</summary>
    public int Committed { get; set; }

    /// <summary>True while a GetHeaders of this session is in flight.</summary>
    public bool RequestInFlight { get; set; }

    /// <summary>True once a reply shorter than the maximum arrived: no further request.</summary>
    public bool LastReplySeen { get; set; }

    /// <summary>The hash a continuation should start after: the last pending header, or null.</summary>
    public Hash256? PendingTip => _pending.Count > 0 ? _pending[^1].Hash : null;

    /// <summary>The index of <paramref name="hash"/> in the pending headers, or -1.</summary>
    public int IndexOfPending(Hash256 hash)
    {
        for (var i = _pending.Count - 1; i >= 0; i--)
        {
            if (_pending[i].Hash == hash)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Drops the pending headers after index <paramref name="keep"/> (the peer's chain moved).</summary>
    public void TruncateAfter(int keep)
    {
        for (var i = _pending.Count - 1; i > keep; i--)
        {
            PendingWork -= Consensus.Primitives.CompactTarget.WorkForBits(_pending[i].Bits);
            _pending.RemoveAt(i);
        }
    }

    /// <summary>Appends checked headers.</summary>
    public void Append(IReadOnlyList<BlockHeader> headers)
    {
        foreach (var header in headers)
        {
            _pending.Add(header);
            PendingWork += CompactTarget.WorkForBits(header.Bits);
        }
    }

    /// <summary>Forgets the pending headers (committed, or dropped).</summary>
    public void ClearPending()
    {
        _pending.Clear();
        PendingWork = BigInteger.Zero;
    }
}
