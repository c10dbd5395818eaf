using RustyNode.Consensus;
using RustyNode.Consensus.Model;
using RustyNode.Network;
using RustyNode.Network.Identity;
using RustyNode.Network.RequestResponse;
using RustyNode.Protocols.BlockSync.CompactBlocks.Messages;
using RustyNode.Protocols.BlockSync.CompactBlocks.Reconstruction;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Relay;

/// <summary>Answering requests and rebuilding the compact blocks peers send (CB-2.8, CB-5).</summary>
public sealed partial class CompactBlocksBehaviour
{
    private ValueTask<CompactMessage> HandleRequestAsync(PeerId peer, CompactMessage request, CancellationToken cancellationToken)
    {
        switch (request)
        {
            case SendCompact send:
                OnSendCompact(peer, send);
                return ValueTask.FromResult<CompactMessage>(Ack.Instance);
            case CompactBlock compact:
                // Acknowledged at once; rebuilding may take a GetBlockTxs round trip.
                BackgroundTask.Forget(ProcessCompactAsync(peer, compact), _logger, "compact block");
                return ValueTask.FromResult<CompactMessage>(Ack.Instance);
            case NewBlock announced:
                OnNewBlock(peer, announced);
                return ValueTask.FromResult<CompactMessage>(Ack.Instance);
            case GetCompactBlock get:
                return ValueTask.FromResult<CompactMessage>(_chain.GetBlock(get.BlockHash) is { } block ? CompactFor(peer, block) : NotFound.Instance);
            case GetBlockTxs get:
                return ValueTask.FromResult(AnswerBlockTxs(peer, get));
            default:
                throw new CompactBlockProtocolException($"{request.Code} is not a request.");
        }
    }

    private void OnSendCompact(PeerId peer, SendCompact send)
    {
        if (send.Version != CompactBlockLimits.Version)
        {
            return;
        }

        lock (_gate)
        {
            if (_peers.TryGetValue(peer, out var state))
            {
                state.WantsHighBandwidth = send.HighBandwidth;
            }
        }
    }

    private CompactBlock CompactFor(PeerId peer, Block block)
    {
        MarkKnown(peer, block.Hash);
        return CompactBlockFactory.Create(block);
    }

    private CompactMessage AnswerBlockTxs(PeerId peer, GetBlockTxs get)
    {
        if (_chain.GetBlock(get.BlockHash) is not { } block)
        {
            return NotFound.Instance;
        }

        if (CompactBlockFactory.Answer(block, get) is { } answer)
        {
            return answer;
        }

        Score(peer, CompactBlockScoreReasons.BadIndexes);
        return NotFound.Instance;
    }

    /// <summary>Low bandwidth (CB-4.3): a new tip that extends ours is asked for in compact form.</summary>
    private void OnNewBlock(PeerId peer, NewBlock announced)
    {
        var hash = announced.Header.Hash;
        MarkKnown(peer, hash);
        if (!_arriving.TryAdd(hash, peer))
        {
            return;
        }

        var verdict = new ChainServiceCompactChain(_chain).CheckHeader(announced.Header);
        if (verdict != HeaderVerdict.Extends)
        {
            _arriving.TryRemove(hash, out _);
            if (verdict == HeaderVerdict.Invalid)
            {
                Score(peer, CompactBlockScoreReasons.InvalidHeader);
            }

            return;
        }

        BackgroundTask.Forget(FetchCompactAsync(peer, hash), _logger, "get compact block");
    }

    private async Task FetchCompactAsync(PeerId peer, Consensus.Primitives.Hash256 hash)
    {
        CompactMessage? answer = null;
        try
        {
            answer = await _requests.SendRequestAsync(peer, new GetCompactBlock(hash), _stop.Token);
        }
        catch (RequestFailedException ex)
        {
            CompactLog.RequestFailed(_logger, peer, ex.Reason);
        }
        finally
        {
            if (answer is not CompactBlock)
            {
                _arriving.TryRemove(hash, out _);
            }
        }

        if (answer is CompactBlock compact)
        {
            if (compact.Header.Hash != hash)
            {
                _arriving.TryRemove(hash, out _);
                Score(peer, CompactBlockScoreReasons.Unrequested);
                return;
            }

            await ProcessCompactAsync(peer, compact, alreadyMarked: true);
        }
    }

    private async Task ProcessCompactAsync(PeerId peer, CompactBlock compact, bool alreadyMarked = false)
    {
        var hash = compact.Header.Hash;
        MarkKnown(peer, hash);
        if (!alreadyMarked && !_arriving.TryAdd(hash, peer))
        {
            return;
        }

        try
        {
            // Header checks and short-id hashing run off the stream's task.
            await Task.Yield();
            var outcome = _receiver.OnCompactBlock(peer, compact, CompactMessageCodec.GetSize(compact));
            CompactLog.CompactBlockReceived(_logger, hash, peer, outcome.Action);
            if (outcome.Action == ReceiveAction.RequestTransactions)
            {
                outcome = await RequestTransactionsAsync(peer, outcome);
            }

            if (outcome.ScoreReason is { } reason)
            {
                Score(peer, reason);
            }

            if (outcome is { Action: ReceiveAction.Connect, Block: { } block })
            {
                Connect(peer, block);
            }
        }
        finally
        {
            _arriving.TryRemove(hash, out _);
        }
    }

    private async Task<ReceiveOutcome> RequestTransactionsAsync(PeerId peer, ReceiveOutcome outcome)
    {
        try
        {
            var answer = await _requests.SendRequestAsync(peer, outcome.Request!, _stop.Token);
            return answer is BlockTxs txs
                ? _receiver.OnBlockTxs(peer, txs, CompactMessageCodec.GetSize(txs))
                : _receiver.OnBlockTxsFailed(peer, outcome.BlockHash);
        }
        catch (RequestFailedException ex)
        {
            CompactLog.RequestFailed(_logger, peer, ex.Reason);
            return _receiver.OnBlockTxsFailed(peer, outcome.BlockHash);
        }
    }

    /// <summary>A rebuilt block: pushed on to high-bandwidth peers before validation (CB-4.2), then connected.</summary>
    private void Connect(PeerId from, Block block)
    {
        PushToHighBandwidthPeers(block, from);
        var result = _chain.ProcessBlock(block);
        if (!result.IsAccepted && result.Reason is not RejectReason.Duplicate)
        {
            // Not scored here: a refusal may follow a reorganisation race; block sync re-fetches and scores a bad block.
            CompactLog.BlockRefused(_logger, block.Hash, from, result);
            return;
        }

        if (_chain.Tip.Hash == block.Hash)
        {
            SelectHighBandwidth(from);
        }
    }
}
