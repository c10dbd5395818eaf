using System.Diagnostics;
using RustyNode.Consensus.Model;

namespace RustyNode.Consensus.Chain;

/// <summary>Block processing and best-chain activation with reorganisation (CHAIN-4.6, CHAIN-7.2).</summary>
public sealed partial class ChainManager
{
    /// <summary>
    /// Validates a block, stores it and moves the active chain to the best valid chain. A block
    /// refused by the context-free checks or (when it extends the tip) by the connect rules leaves
    /// the store unchanged. <paramref name="update"/> tells what was disconnected and connected.
    /// </summary>
    public ValidationResult ProcessBlock(Block block, out ChainUpdate update)
    {
        ArgumentNullException.ThrowIfNull(block);
        update = ChainUpdate.None;
        var result = AcceptBlock(block, out var entry);
        if (!result.IsAccepted)
        {
            if (result.Reason != RejectReason.Duplicate)
            {
                ConsensusMetrics.Rejected("block", result.Reason);
                Log.BlockRejected(_logger, block.Hash, result);
            }

            return result;
        }

        update = ActivateBestChain(entry!);
        return entry!.IsInvalid ? ValidationResult.Reject(RejectReason.KnownInvalid, "the block failed to connect") : result;
    }

    private ValidationResult AcceptBlock(Block block, out BlockIndexEntry? entry)
    {
        entry = null;
        if (_index.TryGetValue(block.Hash, out var known) && (known.HasData || known.IsInvalid))
        {
            return ValidationResult.Reject(known.IsInvalid ? RejectReason.KnownInvalid : RejectReason.Duplicate, block.Hash.ToString());
        }

        BlockIndexEntry? parent = known?.Previous;
        if (known is null)
        {
            var header = ValidateHeader(block.Header, out parent);
            if (!header.IsAccepted)
            {
                return header;
            }
        }

        var check = BlockValidator.CheckBlock(block, Parameters);
        if (!check.IsAccepted)
        {
            return check;
        }

        if (parent == Tip)
        {
            // The common case: the block extends the tip (its header new, or indexed by header sync).
            // Connect before anything is written, so a block that breaks a connect rule leaves no
            // trace beyond, for an indexed header, its invalid mark.
            return ConnectOnTip(block, known, parent, out entry);
        }

        entry = known ?? Register(block.Header, parent, _sequence++);
        entry.Status |= BlockStatus.HaveData;
        _store.StoreBlock(entry, block.ToBytes());
        _candidates.Add(entry);
        return ValidationResult.Ok;
    }

    private ValidationResult ConnectOnTip(Block block, BlockIndexEntry? known, BlockIndexEntry parent, out BlockIndexEntry? entry)
    {
        entry = null;
        var candidate = known ?? new BlockIndexEntry(block.Header, parent, _sequence);
        var stopwatch = Stopwatch.StartNew();
        var connect = BlockValidator.Connect(block, candidate, _store, Parameters, Options, _masternodes, out var changes, out var masternodeChanges);
        if (!connect.IsAccepted)
        {
            if (known is not null)
            {
                // The header commits to these transactions (CheckBlock passed): the block itself is invalid.
                MarkInvalid(known);
            }

            return connect;
        }

        if (known is null)
        {
            _sequence++;
            entry = Adopt(candidate);
        }
        else
        {
            entry = known;
            _candidates.Remove(known);
        }

        entry.Status |= BlockStatus.HaveData;
        StoreConnected(entry, block.ToBytes(), changes, masternodeChanges);
        _active.Add(entry);
        ConsensusMetrics.BlocksConnected.Add(1);
        ConsensusMetrics.ConnectSeconds.Record(stopwatch.Elapsed.TotalSeconds);
        Log.BlockConnected(_logger, entry.Hash, entry.Height, block.Transactions.Count);
        _pendingConnected.Add(block);
        return ValidationResult.Ok;
    }

    private readonly List<Block> _pendingConnected = [];

    private ChainUpdate ActivateBestChain(BlockIndexEntry trigger)
    {
        var disconnected = new List<Block>();
        var connected = new List<Block>(_pendingConnected);
        _pendingConnected.Clear();
        var oldTip = connected.Count > 0 ? trigger.Previous! : Tip;
        while (FindBestCandidate() is { } best)
        {
            var fork = best;
            while (!IsActive(fork))
            {
                fork = fork.Previous!;
            }

            while (Tip != fork)
            {
                disconnected.Add(DisconnectTip());
            }

            var path = new List<BlockIndexEntry>();
            for (var entry = best; entry != fork; entry = entry.Previous!)
            {
                path.Add(entry);
            }

            path.Reverse();
            foreach (var entry in path)
            {
                if (!TryConnect(entry, out var block))
                {
                    break;
                }

                connected.Add(block);
            }
        }

        if (disconnected.Count > 0)
        {
            Log.Reorganised(_logger, oldTip.Hash, Tip.Hash, disconnected.Count, connected.Count);
        }

        return disconnected.Count == 0 && connected.Count == 0 ? ChainUpdate.None : new ChainUpdate(disconnected, connected);
    }

    private BlockIndexEntry? FindBestCandidate()
    {
        BlockIndexEntry? best = null;
        foreach (var candidate in _candidates)
        {
            if (candidate.IsInvalid || !candidate.IsBetterThan(best ?? Tip) || !PathHasData(candidate))
            {
                continue;
            }

            best = candidate;
        }

        return best;
    }

    private bool PathHasData(BlockIndexEntry entry)
    {
        for (; !IsActive(entry); entry = entry.Previous!)
        {
            if (!entry.HasData || entry.IsInvalid)
            {
                return false;
            }
        }

        return true;
    }

    private Block DisconnectTip()
    {
        var tip = Tip;
        var block = LoadBlock(tip);
        _masternodes.Revert(_store.DisconnectBlock(tip, block));
        _active.RemoveAt(_active.Count - 1);
        _candidates.Add(tip);
        ConsensusMetrics.BlocksDisconnected.Add(1);
        Log.BlockDisconnected(_logger, tip.Hash, tip.Height);
        return block;
    }

    private bool TryConnect(BlockIndexEntry entry, out Block block)
    {
        var stopwatch = Stopwatch.StartNew();
        block = LoadBlock(entry);
        var result = BlockValidator.Connect(block, entry, _store, Parameters, Options, _masternodes, out var changes, out var masternodeChanges);
        if (!result.IsAccepted)
        {
            Log.BlockInvalid(_logger, entry.Hash, entry.Height, result);
            ConsensusMetrics.Rejected("block", result.Reason);
            MarkInvalid(entry);
            return false;
        }

        StoreConnected(entry, null, changes, masternodeChanges);
        _active.Add(entry);
        _candidates.Remove(entry);
        ConsensusMetrics.BlocksConnected.Add(1);
        ConsensusMetrics.ConnectSeconds.Record(stopwatch.Elapsed.TotalSeconds);
        Log.BlockConnected(_logger, entry.Hash, entry.Height, block.Transactions.Count);
        return true;
    }

    private Block LoadBlock(BlockIndexEntry entry)
    {
        var bytes = _store.GetBlockBytes(entry.Hash) ?? throw new InvalidOperationException($"Block {entry.Hash} is indexed as stored but its bytes are missing.");
        return Block.FromBytes(bytes);
    }

    /// <summary>Marks an entry and all its descendants invalid, in memory and in the store.</summary>
    private void MarkInvalid(BlockIndexEntry entry)
    {
        var pending = new Stack<BlockIndexEntry>();
        pending.Push(entry);
        while (pending.TryPop(out var current))
        {
            current.Status |= BlockStatus.Invalid;
            _candidates.Remove(current);
            _store.SetStatus(current.Hash, current.Status);
            if (_children.TryGetValue(current.Hash, out var children))
            {
                foreach (var child in children)
                {
                    pending.Push(child);
                }
            }
        }

        if (BestHeader.GetAncestor(entry.Height) == entry)
        {
            BestHeader = Tip;
            foreach (var candidate in _index.Values)
            {
                if (!candidate.IsInvalid && candidate.IsBetterThan(BestHeader))
                {
                    BestHeader = candidate;
                }
            }
        }
    }
}
