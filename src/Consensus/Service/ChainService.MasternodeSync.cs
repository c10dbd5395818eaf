using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Service;

/// <summary>
/// What the masternode protocol asks of the header tree and the node's keys: the best header, ancestors
/// on a header chain (the lists a node follows may run ahead of its blocks), and the operator keys the
/// node holds for the masternodes it runs.
/// </summary>
public sealed partial class ChainService
{
    /// <summary>Raised after the best header changed, by a header batch or a block; see <see cref="BestHeaderChangedEventArgs.HasBlock"/>.</summary>
    public event EventHandler<BestHeaderChangedEventArgs>? BestHeaderChanged;

    /// <summary>The best header: hash, height, and whether its block is stored.</summary>
    public (Hash256 Hash, int Height, bool HasBlock) BestHeader
    {
        get
        {
            lock (_gate)
            {
                var best = _chain.BestHeader;
                return (best.Hash, best.Height, best.HasData);
            }
        }
    }

    /// <summary>The active tip and the list after it (a copy), read together.</summary>
    public (Hash256 Hash, int Height, MasternodeList List) GetTipMasternodeList()
    {
        lock (_gate)
        {
            return (_chain.Tip.Hash, _chain.Tip.Height, _chain.Masternodes.Clone());
        }
    }

    /// <summary>The hash of the ancestor at <paramref name="height"/> of the indexed header <paramref name="of"/>; null when unknown or above it.</summary>
    public Hash256? GetHeaderAncestor(Hash256 of, int height)
    {
        lock (_gate)
        {
            return _chain.TryGetEntry(of, out var entry) && entry.GetAncestor(height) is { } ancestor ? ancestor.Hash : null;
        }
    }

    /// <summary>
    /// The private key of <paramref name="operatorPublicKey"/> when this node operates the masternode
    /// <paramref name="proTxHash"/> with it: on regtest, a key the regtest helpers made (MNL-8.2); null otherwise.
    /// </summary>
    public PrivateKey? FindMasternodeOperatorKey(Hash256 proTxHash, ReadOnlySpan<byte> operatorPublicKey)
    {
        if (!Parameters.AllowsGenerate)
        {
            return null;
        }

        return Keyring().FindOperator(proTxHash, operatorPublicKey);
    }

    /// <summary>Snapshot of the best header taken inside the lock, to raise <see cref="BestHeaderChanged"/> after it.</summary>
    private Hash256 BestHeaderHashLocked() => _chain.BestHeader.Hash;

    /// <summary>Raises <see cref="BestHeaderChanged"/> when the best header is no longer <paramref name="before"/>.</summary>
    private void RaiseIfBestHeaderChanged(Hash256 before)
    {
        BestHeaderChangedEventArgs? args = null;
        lock (_gate)
        {
            var best = _chain.BestHeader;
            if (best.Hash != before)
            {
                args = new BestHeaderChangedEventArgs(best.Hash, best.Height, best.HasData);
            }
        }

        if (args is not null)
        {
            BestHeaderChanged?.Invoke(this, args);
        }
    }
}
