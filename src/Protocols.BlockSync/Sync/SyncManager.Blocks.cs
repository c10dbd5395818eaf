using RustyNode.Consensus;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;
using RustyNode.Protocols.BlockSync.Messages;

namespace RustyNode.Protocols.BlockSync.Sync;

/// <summary>Block download (BS-5): the window, requests, checks on arrival, connecting in order, stalls.</summary>
internal sealed partial class SyncManager
{
    private readonly Dictionary<Hash256, BufferedBlock> _buffer = [];
    private readonly HashSet<Hash256> _connecting = [];
    private IReadOnlyList<BlockRef> _missing = [];
    private HashSet<Hash256> _missingSet = [];
    private Hash256 _bestHeaderSeen;
    private long _bufferedBytes;
    private long _blocksConnected;
    private long _blocksReceived;
    private long _bytesReceived;

    /// <summary>Bytes of waiting blocks above which nothing more is requested (BS-5.5); tests lower it.</summary>
    internal long BufferLimit { get; init; } = BlockSyncLimits.MaxBufferedBlockBytes;

    /// <summary>Reads the window of missing blocks (BS-5.1) and drops buffered blocks no longer wanted.</summary>
    private void RefreshMissing()
    {
        var tip = _chain.TipInfo;
        _missing = _chain.GetMissingBlocks(tip.Height + _options.DownloadWindow, _options.DownloadWindow);
        _missingSet = [.. _missing.Select(m => m.Hash)];
        foreach (var stale in _buffer.Keys.Where(h => !_missingSet.Contains(h)).ToList())
        {
            _bufferedBytes -= _buffer[stale].Size;
            _buffer.Remove(stale);
        }

        var best = _chain.BestHeaderInfo.Hash;
        if (best != _bestHeaderSeen)
        {
            _bestHeaderSeen = best;
            foreach (var peer in _peers.Values)
            {
                UpdateAvailability(peer);
            }
        }
    }

    /// <summary>BS-5.2: how far along our best header chain the peer has blocks.</summary>
    private void UpdateAvailability(SyncPeer peer)
    {
        var height = peer.BestKnown is { } known ? _chain.GetForkHeight(known, _chain.BestHeaderInfo.Hash) : -1;
        _scheduler.SetAvailableHeight(peer.Id, Math.Min(height, peer.LacksAbove));
    }

    /// <summary>The peer did not deliver the block at <paramref name="height"/>: ask it for nothing from there (BS-5.3).</summary>
    private void LowerAvailability(Network.Identity.PeerId peer, int height)
    {
        if (_peers.TryGetValue(peer, out var state))
        {
            state.LacksAbove = Math.Min(state.LacksAbove, height - 1);
            UpdateAvailability(state);
        }
    }

    /// <summary>Requests what the scheduler assigns, unless too much already waits in memory (BS-5.5).</summary>
    private void Schedule()
    {
        if (_bufferedBytes >= BufferLimit || _missing.Count == 0)
        {
            return;
        }

        foreach (var plan in _scheduler.Assign(_missing, h => _buffer.ContainsKey(h) || _connecting.Contains(h) || ArrivingElsewhere(h)))
        {
            var request = new BlockRequestByHash([.. plan.Blocks.Select(b => b.Hash)]);
            Send(plan.Peer, request, (response, failure) => ReadBlocks(plan, response, failure));
        }
    }

    /// <summary>Off the loop: parses and checks the blocks of a response as they arrived (BS-5.3).</summary>
    private BlocksIn ReadBlocks(BlockRequestPlan plan, BlockSyncMessage? response, string? failure)
    {
        if (failure is not null)
        {
            return new BlocksIn(plan, null, failure);
        }

        if (response is not BlockResponse blocks)
        {
            return new BlocksIn(plan, null, "wrong response", BlockSyncPenalties.MalformedMessage);
        }

        if (blocks.Blocks.Count > plan.Blocks.Count)
        {
            return new BlocksIn(plan, null, "oversized reply", BlockSyncPenalties.OversizedReply);
        }

        var received = new List<ReceivedBlock>(blocks.Blocks.Count);
        foreach (var bytes in blocks.Blocks)
        {
            try
            {
                var block = BlockCodec.FromBytes(bytes);
                received.Add(new ReceivedBlock(block, bytes.Length, BlockValidator.CheckBlock(block, _chain.Parameters)));
            }
            catch (ConsensusFormatException ex)
            {
                received.Add(new ReceivedBlock(null, bytes.Length, ValidationResult.Reject(RejectReason.Malformed, ex.Message)));
            }
        }

        return new BlocksIn(plan, received, null);
    }

    private void OnBlocks(BlocksIn e)
    {
        var peer = e.Plan.Peer;
        if (e.Penalty is not null)
        {
            Penalise(peer, e.Penalty, e.Failure ?? e.Penalty);
        }

        if (e.Blocks is null)
        {
            // A failed request: its blocks go to other peers, and this one is taken to lack them (BS-5.8).
            LowerAvailability(peer, e.Plan.Blocks.Min(b => b.Height));
            _scheduler.Complete(e.Plan, 0);
            Schedule();
            return;
        }

        var asked = e.Plan.Blocks.ToDictionary(b => b.Hash, b => b.Height);
        var seen = new HashSet<Hash256>();
        var delivered = 0;
        foreach (var received in e.Blocks)
        {
            if (received.Block is not { } block)
            {
                Penalise(peer, BlockSyncPenalties.InvalidBlock, received.Check.ToString());
                continue;
            }

            if (!asked.TryGetValue(block.Hash, out var height) || !seen.Add(block.Hash))
            {
                Penalise(peer, BlockSyncPenalties.UnrequestedData, $"block {block.Hash} was not asked for in this request, or came twice");
                continue;
            }

            if (!received.Check.IsAccepted)
            {
                Penalise(peer, BlockSyncPenalties.InvalidBlock, $"block {block.Hash}: {received.Check}");
                continue;
            }

            delivered++;
            _blocksReceived++;
            _bytesReceived += received.Size;
            if (_missingSet.Contains(block.Hash) && !_connecting.Contains(block.Hash) && _buffer.TryAdd(block.Hash, new BufferedBlock(block, peer, received.Size, height)))
            {
                _bufferedBytes += received.Size;
            }
        }

        var lacking = e.Plan.Blocks.Where(b => !seen.Contains(b.Hash)).Select(b => b.Height).DefaultIfEmpty(int.MaxValue).Min();
        if (lacking != int.MaxValue)
        {
            LowerAvailability(peer, lacking);
        }

        _scheduler.Complete(e.Plan, delivered);
        TryStartConnect();
        Schedule();
    }

    /// <summary>Hands the connector the buffered blocks that come next, lowest first (BS-5.4).</summary>
    private void TryStartConnect()
    {
        if (_connector.Busy)
        {
            return;
        }

        var run = new List<BufferedBlock>();
        foreach (var next in _missing)
        {
            if (_connecting.Contains(next.Hash))
            {
                continue;
            }

            if (run.Count == _options.ConnectBatch || !_buffer.Remove(next.Hash, out var block))
            {
                break;
            }

            _connecting.Add(next.Hash);
            run.Add(block);
        }

        if (run.Count > 0)
        {
            _connector.Connect(run);
        }
    }

    private void OnConnectDone(ConnectDone e)
    {
        _connector.Finished();
        foreach (var (block, result) in e.Results)
        {
            _connecting.Remove(block.Block.Hash);
            _bufferedBytes -= block.Size;
            if (result is null)
            {
                // Not tried after a failure: back in the buffer, where the refresh keeps it if still wanted.
                _buffer[block.Block.Hash] = block;
                _bufferedBytes += block.Size;
                continue;
            }

            if (result.Value.IsAccepted || result.Value.Reason == RejectReason.Duplicate)
            {
                _blocksConnected++;
                continue;
            }

            Penalise(block.Sender, BlockSyncPenalties.InvalidBlock, $"block {block.Block.Hash} at height {block.Height}: {result}");
        }

        RefreshMissing();
        TryStartConnect();
        Schedule();
        AnnounceToAll();
    }

    /// <summary>BS-5.6: is the next block to connect held up by the peer it was asked of?</summary>
    private void CheckStall()
    {
        if (_missing.Count == 0)
        {
            return;
        }

        var next = _missing.FirstOrDefault(m => !_connecting.Contains(m.Hash));
        if (next.Hash.IsZero || _buffer.ContainsKey(next.Hash))
        {
            return;
        }

        if (_scheduler.CheckStall(next.Hash) is { } stall)
        {
            Log.PeerStalled(_logger, stall.Peer, stall.Height, stall.Released, stall.NewTimeout);
            Penalise(stall.Peer, BlockSyncPenalties.StalledDownload, $"block at height {stall.Height} held for longer than the stall timeout");
            Schedule();
        }
    }
}
