using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Network.Identity;
using RustyNode.Network.Multiformats;
using RustyNode.Network.RequestResponse;
using RustyNode.Protocols.Masternode.Messages;

namespace RustyNode.Protocols.Masternode.Sync;

internal sealed partial class MasternodeSyncManager
{
    /// <summary>Asks the connected peers in turn for the list at <paramref name="target"/>; true once one gave a list that checks out.</summary>
    private async Task<bool> SyncFromNetworkAsync(Hash256 target, CancellationToken cancellationToken)
    {
        if (!_chain.TryGetHeader(target, out var header, out var height, out _))
        {
            return true;
        }

        var peers = _network.SyncPeers;
        if (peers.Count == 0)
        {
            return false;
        }

        var start = Interlocked.Increment(ref _rotation);
        for (var i = 0; i < peers.Count; i++)
        {
            var peer = peers[(int)((uint)(start + i) % (uint)peers.Count)];
            if (await FetchFromAsync(peer, header, height, cancellationToken) is { } view)
            {
                Hold(view);
                return true;
            }

            if (_chain.BestHeader.Hash != target)
            {
                // A newer header came meanwhile: the next round syncs to it instead.
                return true;
            }
        }

        Log.NoPeerServed(_logger, target, height, peers.Count);
        return false;
    }

    /// <summary>The list at <paramref name="header"/> from one peer: a diff from the best base held, or the full list when the diff is refused (MN-7.2).</summary>
    private async Task<MasternodeView?> FetchFromAsync(PeerId peer, BlockHeader header, int height, CancellationToken cancellationToken)
    {
        MasternodeView baseView;
        lock (_gate)
        {
            baseView = _retained.FindBase(_chain, header.Hash, height) ?? MasternodeView.Empty(_genesis);
        }

        var started = _time.GetTimestamp();
        var (response, bytes) = await AskAsync(peer, new MasternodeListSyncRequest(baseView.BlockHash, header.Hash), cancellationToken);
        if (response is RequestFailure.Refused)
        {
            return await FetchFullAsync(peer, header, height, cancellationToken);
        }

        if (response is not MasternodeListSync diff)
        {
            CheckResponseType(peer, response, "MasternodeListSync");
            return null;
        }

        var verdict = MasternodeDiffVerifier.Apply(baseView.List, diff, header, height, out var list);
        if (!verdict.IsOk)
        {
            Refuse(peer, verdict);
            return null;
        }

        var record = Record(peer, header.Hash, height, bytes, started, list!, diff.Added.Count + diff.Updated.Count + diff.Removed.Count);
        lock (_gate)
        {
            _diffSyncs++;
            _lastDiff = record;
        }

        Log.Synced(_logger, "diff", header.Hash, height, peer, list!.Count, list.Root, bytes, record.Duration.TotalMilliseconds);
        return new MasternodeView(header.Hash, height, list, MasternodeListSource.Diff);
    }

    /// <summary>Every chunk of the list from one peer, in order, each checked as it comes (MN-2.3).</summary>
    private async Task<MasternodeView?> FetchFullAsync(PeerId peer, BlockHeader header, int height, CancellationToken cancellationToken)
    {
        var assembler = new MasternodeListAssembler(header, height);
        var started = _time.GetTimestamp();
        long total = 0;
        while (!assembler.IsComplete)
        {
            var (response, bytes) = await AskAsync(peer, new MasternodeListRequest(header.Hash, assembler.NextChunk), cancellationToken);
            total += bytes;
            if (response is not MasternodeListResponse chunk)
            {
                CheckResponseType(peer, response, "MasternodeListResponse");
                return null;
            }

            var verdict = assembler.Add(chunk);
            if (!verdict.IsOk)
            {
                Refuse(peer, verdict);
                return null;
            }
        }

        var list = assembler.Result!;
        var record = Record(peer, header.Hash, height, total, started, list, list.Count);
        lock (_gate)
        {
            _fullSyncs++;
            _lastFull = record;
        }

        Log.Synced(_logger, "full", header.Hash, height, peer, list.Count, list.Root, total, record.Duration.TotalMilliseconds);
        return new MasternodeView(header.Hash, height, list, MasternodeListSource.Full);
    }

    /// <summary>One request; the response with its bytes on the wire, or the failure (already counted).</summary>
    private async Task<(object Response, long Bytes)> AskAsync(PeerId peer, IMasternodeMessage request, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _network.SendAsync(peer, request, cancellationToken);
            var size = MasternodeMessageCodec.GetSize(response);
            return (response, size + Varint.GetSize((ulong)size));
        }
        catch (RequestFailedException ex)
        {
            Log.RequestFailed(_logger, request.Type, peer, ex.Message);
            lock (_gate)
            {
                _failedRequests++;
            }

            return (ex.Reason, 0);
        }
    }

    /// <summary>A response of another type than asked is malformed (MN-8.1); a failure was already counted.</summary>
    private void CheckResponseType(PeerId peer, object response, string expected)
    {
        if (response is IMasternodeMessage other)
        {
            lock (_gate)
            {
                _failedRequests++;
            }

            _network.Report(peer, MasternodeScoreReasons.MalformedMessage, MasternodeScoreReasons.MalformedMessageWeight, $"a {other.Type} answered a request for {expected}");
        }
    }

    private void Refuse(PeerId peer, MasternodeSyncResult verdict)
    {
        lock (_gate)
        {
            _refused++;
        }

        var (reason, weight) = MasternodeScoreReasons.For(verdict.Failure);
        _network.Report(peer, reason, weight, verdict.ToString());
    }

    private MasternodeSyncRecord Record(PeerId peer, Hash256 block, int height, long bytes, long started, Consensus.Masternodes.MasternodeList list, int changes) =>
        new(block, height, peer, bytes, _time.GetElapsedTime(started), _time.GetUtcNow(), list.Count, list.Root, changes);
}
