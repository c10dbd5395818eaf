using RustyNode.Consensus.Primitives;
using RustyNode.Network.Identity;
using RustyNode.Protocols.BlockSync.CompactBlocks.Messages;
using RustyNode.Protocols.BlockSync.CompactBlocks.Reconstruction;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Relay;

/// <summary>
/// The receiving side of compact block relay, free of streams (CB-5, CB-6): checks the header,
/// rebuilds from the mempool and the extra pool, keeps the blocks waiting for BlockTxs (bounded,
/// CB-5.6), decides between connecting, one GetBlockTxs and the full-block fallback, names the
/// score of a peer that broke a rule, and counts (CB-7.1). Thread-safe.
/// </summary>
public sealed class CompactBlockReceiver(ICompactChain chain, ExtraTransactionPool extraPool)
{
    private readonly ICompactChain _chain = chain ?? throw new ArgumentNullException(nameof(chain));
    private readonly ExtraTransactionPool _extraPool = extraPool ?? throw new ArgumentNullException(nameof(extraPool));
    private readonly Dictionary<Hash256, (PeerId Peer, PartialBlock Partial)> _waiting = [];
    private readonly Lock _gate = new();
    private long _received;
    private long _withoutRoundTrip;
    private long _getBlockTxsSent;
    private long _fallbacks;
    private long _bytesReceived;
    private long _bytesFullEquivalent;

    /// <summary>Blocks waiting for a BlockTxs.</summary>
    public int WaitingCount
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>A compact block from <paramref name="peer"/>, <paramref name="payloadBytes"/> long on the wire.</summary>
    public ReceiveOutcome OnCompactBlock(PeerId peer, CompactBlock compact, int payloadBytes)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(compact);
        var hash = compact.Header.Hash;
        Interlocked.Increment(ref _received);
        Interlocked.Add(ref _bytesReceived, payloadBytes);
        lock (_gate)
        {
            if (_waiting.ContainsKey(hash))
            {
                return ReceiveOutcome.None(hash);
            }
        }

        switch (_chain.CheckHeader(compact.Header))
        {
            case HeaderVerdict.Invalid:
                return ReceiveOutcome.None(hash, CompactBlockScoreReasons.InvalidHeader);
            case HeaderVerdict.Known:
            case HeaderVerdict.NotNext:
                return ReceiveOutcome.None(hash);
        }

        var partial = PartialBlock.Create(compact);
        partial.Fill(_chain.MempoolTransactions(), _extraPool.Snapshot());
        return partial.Status switch
        {
            ReconstructionStatus.Complete => Completed(partial, withoutRoundTrip: true),
            ReconstructionStatus.NeedTransactions => Wait(peer, partial),
            ReconstructionStatus.Invalid => Fallback(hash, CompactBlockScoreReasons.BadIndexes),
            _ => Fallback(hash, null),
        };
    }

    /// <summary>The answer to our GetBlockTxs (CB-5.3).</summary>
    public ReceiveOutcome OnBlockTxs(PeerId peer, BlockTxs answer, int payloadBytes)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(answer);
        Interlocked.Add(ref _bytesReceived, payloadBytes);
        PartialBlock partial;
        lock (_gate)
        {
            if (!_waiting.Remove(answer.BlockHash, out var waiting) || !waiting.Peer.Equals(peer))
            {
                if (waiting.Partial is not null)
                {
                    _waiting[answer.BlockHash] = waiting;
                }

                return ReceiveOutcome.None(answer.BlockHash, CompactBlockScoreReasons.Unrequested);
            }

            partial = waiting.Partial;
        }

        return partial.Complete(answer) switch
        {
            ReconstructionStatus.Complete => Completed(partial, withoutRoundTrip: false),
            ReconstructionStatus.Invalid => Fallback(answer.BlockHash, CompactBlockScoreReasons.WrongBlockTxs),
            _ => Fallback(answer.BlockHash, null),
        };
    }

    /// <summary>Our GetBlockTxs to <paramref name="peer"/> failed or was answered NotFound: fetch the full block.</summary>
    public ReceiveOutcome OnBlockTxsFailed(PeerId peer, Hash256 hash)
    {
        ArgumentNullException.ThrowIfNull(peer);
        lock (_gate)
        {
            if (!_waiting.TryGetValue(hash, out var waiting) || !waiting.Peer.Equals(peer))
            {
                return ReceiveOutcome.None(hash);
            }

            _waiting.Remove(hash);
        }

        return Fallback(hash, null);
    }

    /// <summary>Forgets the blocks <paramref name="peer"/> owed us; returns their hashes (to fetch in full).</summary>
    public IReadOnlyList<Hash256> OnPeerDisconnected(PeerId peer)
    {
        lock (_gate)
        {
            var owed = _waiting.Where(w => w.Value.Peer.Equals(peer)).Select(w => w.Key).ToList();
            foreach (var hash in owed)
            {
                _waiting.Remove(hash);
            }

            return owed;
        }
    }

    /// <summary>The counters (CB-7.1) with the given high-bandwidth peers.</summary>
    public CompactBlockStats Snapshot(IReadOnlyList<string> highBandwidthPeers) => new(
        Interlocked.Read(ref _received),
        Interlocked.Read(ref _withoutRoundTrip),
        Interlocked.Read(ref _getBlockTxsSent),
        Interlocked.Read(ref _fallbacks),
        highBandwidthPeers,
        Interlocked.Read(ref _bytesReceived),
        Interlocked.Read(ref _bytesFullEquivalent));

    private ReceiveOutcome Wait(PeerId peer, PartialBlock partial)
    {
        var hash = partial.Compact.Header.Hash;
        lock (_gate)
        {
            var fromPeer = _waiting.Values.Count(w => w.Peer.Equals(peer));
            if (_waiting.Count >= CompactBlockLimits.MaxPartialBlocks || fromPeer >= CompactBlockLimits.MaxPartialBlocksPerPeer)
            {
                return Fallback(hash, null);
            }

            if (!_waiting.TryAdd(hash, (peer, partial)))
            {
                return ReceiveOutcome.None(hash);
            }
        }

        Interlocked.Increment(ref _getBlockTxsSent);
        return new ReceiveOutcome(ReceiveAction.RequestTransactions, hash, Request: new GetBlockTxs(hash, partial.MissingIndexes));
    }

    private ReceiveOutcome Completed(PartialBlock partial, bool withoutRoundTrip)
    {
        if (withoutRoundTrip)
        {
            Interlocked.Increment(ref _withoutRoundTrip);
        }

        Interlocked.Add(ref _bytesFullEquivalent, partial.Block!.Size);
        return new ReceiveOutcome(ReceiveAction.Connect, partial.Block.Hash, partial.Block);
    }

    private ReceiveOutcome Fallback(Hash256 hash, string? scoreReason)
    {
        Interlocked.Increment(ref _fallbacks);
        return new ReceiveOutcome(ReceiveAction.FetchFullBlock, hash, ScoreReason: scoreReason);
    }
}
