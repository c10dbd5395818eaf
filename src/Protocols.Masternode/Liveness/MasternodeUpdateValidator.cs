using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;
using RustyNode.Network.Protection;
using RustyNode.Protocols.Masternode.Messages;
using RustyNode.Protocols.Masternode.Sync;

namespace RustyNode.Protocols.Masternode.Liveness;

/// <summary>
/// Decides whether a <see cref="MasternodeUpdate"/> is taken in and relayed (MN-9): a listed, valid
/// masternode; a block of the best header chain at most <see cref="MasternodeLimits.MaxUpdateBlockAge"/>
/// below the best header; a timestamp at most <see cref="MasternodeLimits.MaxUpdateClockSkew"/> ahead and
/// later than the last one accepted; the signature of the operator key in the node's list; and at most
/// one update a minute per masternode (token bucket, burst 2). Cheap checks run first; the rate budget
/// is charged only for updates whose signature verified, so forgeries cannot spend an operator's budget.
/// State is held only for masternodes in the list. Thread-safe.
/// </summary>
public sealed class MasternodeUpdateValidator
{
    private readonly Lock _gate = new();
    private readonly ChainService _chain;
    private readonly Func<MasternodeView> _view;
    private readonly TimeProvider _time;
    private readonly ISecp256k1 _backend;
    private readonly Dictionary<Hash256, Sender> _senders = [];

    /// <param name="chain">The header chain (the update's block).</param>
    /// <param name="view">The node's current list.</param>
    /// <param name="time">The local clock.</param>
    /// <param name="backend">secp256k1 for the signature.</param>
    public MasternodeUpdateValidator(ChainService chain, Func<MasternodeView> view, TimeProvider time, ISecp256k1 backend)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(backend);
        _chain = chain;
        _view = view;
        _time = time;
        _backend = backend;
    }

    /// <summary>Judges <paramref name="update"/>; an accepted one is recorded as its masternode's latest.</summary>
    /// <param name="entry">The masternode's entry in the node's list, when accepted.</param>
    public UpdateVerdict Validate(MasternodeUpdate update, out MasternodeEntry? entry)
    {
        ArgumentNullException.ThrowIfNull(update);
        entry = null;
        if (!_view().List.TryGet(update.ProTxHash, out var listed))
        {
            return UpdateVerdict.Reject("the masternode is not listed");
        }

        if (!listed.IsValid)
        {
            return UpdateVerdict.Reject("the masternode has no operator key or no service");
        }

        var now = _time.GetUtcNow();
        if (update.Timestamp > (ulong)(now + MasternodeLimits.MaxUpdateClockSkew).ToUnixTimeSeconds())
        {
            return UpdateVerdict.Reject($"timestamp {update.Timestamp} is more than {MasternodeLimits.MaxUpdateClockSkew.TotalMinutes:0} minutes ahead");
        }

        if (CheckBlock(update.BlockHash) is { } stale)
        {
            return UpdateVerdict.Ignore(stale);
        }

        lock (_gate)
        {
            if (_senders.TryGetValue(update.ProTxHash, out var known) && update.Timestamp <= known.LastTimestamp)
            {
                return UpdateVerdict.Ignore($"timestamp {update.Timestamp} is not after the last accepted, {known.LastTimestamp}");
            }
        }

        if (!PayloadSignature.Verify(_backend, listed.OperatorKey, update.Signature, update.SigningHash()))
        {
            return UpdateVerdict.Reject("the signature does not verify with the operator key");
        }

        lock (_gate)
        {
            if (!_senders.TryGetValue(update.ProTxHash, out var sender))
            {
                sender = new Sender(new TokenBucket(MasternodeLimits.UpdatesPerSecond, MasternodeLimits.UpdateBurst, _time.TimestampFrequency));
                _senders.Add(update.ProTxHash, sender);
            }

            if (update.Timestamp <= sender.LastTimestamp)
            {
                return UpdateVerdict.Ignore($"timestamp {update.Timestamp} is not after the last accepted, {sender.LastTimestamp}");
            }

            if (!sender.Budget.TryTake(1, _time.GetTimestamp()))
            {
                return UpdateVerdict.Ignore("more than one update a minute");
            }

            sender.LastTimestamp = update.Timestamp;
        }

        entry = listed;
        return UpdateVerdict.Accept;
    }

    /// <summary>Forgets masternodes no longer in <paramref name="list"/>.</summary>
    public void Prune(MasternodeList list)
    {
        ArgumentNullException.ThrowIfNull(list);
        lock (_gate)
        {
            foreach (var id in _senders.Keys.Where(id => !list.Contains(id)).ToList())
            {
                _senders.Remove(id);
            }
        }
    }

    /// <summary>Null when <paramref name="block"/> is on the best header chain at most the allowed depth down; otherwise why not.</summary>
    private string? CheckBlock(Hash256 block)
    {
        if (!_chain.TryGetHeader(block, out _, out var height, out _))
        {
            return $"block {block} is unknown";
        }

        var best = _chain.BestHeader;
        if (height > best.Height || _chain.GetHeaderAncestor(best.Hash, height) != block)
        {
            return $"block {block} is not on the best header chain";
        }

        return best.Height - height > MasternodeLimits.MaxUpdateBlockAge
            ? $"block {block} is {best.Height - height} blocks below the best header, more than {MasternodeLimits.MaxUpdateBlockAge}"
            : null;
    }

    private sealed class Sender(TokenBucket budget)
    {
        public TokenBucket Budget { get; } = budget;

        public ulong LastTimestamp { get; set; }
    }
}
