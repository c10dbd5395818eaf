using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.TxProp.Announcing;

/// <summary>
/// What one peer is to be told (TX-3): the transactions queued for its next trickle and the ids it
/// is known to have (announced by it, received from it, or announced to it), so nothing is
/// announced to it twice. Not thread-safe: the owner serializes calls.
/// </summary>
public sealed class PeerAnnouncer
{
    private readonly Dictionary<Hash256, RelayCandidate> _queued = [];
    private readonly RollingTxIdFilter _known = new(TxPropLimits.KnownInventoryCapacity);

    /// <summary>The lowest fee rate the peer wants announced (its FeeFilter; 0 until it sends one).</summary>
    public ulong FeeFilter { get; set; }

    /// <summary>Transactions waiting for the next trickle.</summary>
    public int QueuedCount => _queued.Count;

    /// <summary>
    /// The lowest acceptance sequence among the queued transactions, or null when none is queued:
    /// every transaction accepted before it was announced to the peer, known to it, withheld by its
    /// fee filter or refused by a full queue (TX-5.1).
    /// </summary>
    public long? OldestQueuedSequence => _queued.Count == 0 ? null : _queued.Values.Min(c => c.Sequence);

    /// <summary>True when the peer is known to have <paramref name="txId"/>.</summary>
    public bool Knows(Hash256 txId) => _known.Contains(txId);

    /// <summary>Records that the peer has <paramref name="txId"/> (it announced or sent it): it is not announced to it.</summary>
    public void MarkKnown(Hash256 txId)
    {
        _known.Add(txId);
        _queued.Remove(txId);
    }

    /// <summary>Queues <paramref name="candidate"/> unless the peer knows it or the queue is full.</summary>
    /// <returns>True when queued.</returns>
    public bool Enqueue(RelayCandidate candidate)
    {
        if (_known.Contains(candidate.TxId) || _queued.Count >= TxPropLimits.MaxQueuedAnnouncementsPerPeer)
        {
            return false;
        }

        return _queued.TryAdd(candidate.TxId, candidate);
    }

    /// <summary>
    /// Takes this trickle's announcements (TX-3.4, TX-3.5, TX-3.6): at most <paramref name="max"/>,
    /// parents before children and then by fee rate, skipping those under the peer's fee filter and
    /// those <paramref name="isRelayable"/> says left the mempool. Taken ids become known to the peer.
    /// </summary>
    public List<Hash256> TakeBatch(int max, Func<Hash256, bool> isRelayable)
    {
        ArgumentNullException.ThrowIfNull(isRelayable);
        var ordered = _queued.Values.ToList();
        ordered.Sort(RelayCandidate.Compare);
        var batch = new List<Hash256>(Math.Min(max, ordered.Count));
        foreach (var candidate in ordered)
        {
            if (batch.Count >= max)
            {
                break;
            }

            _queued.Remove(candidate.TxId);
            if ((ulong)Math.Max(candidate.FeeRatePerKb, 0) < FeeFilter || !isRelayable(candidate.TxId) || !_known.Add(candidate.TxId))
            {
                continue;
            }

            batch.Add(candidate.TxId);
        }

        return batch;
    }
}
