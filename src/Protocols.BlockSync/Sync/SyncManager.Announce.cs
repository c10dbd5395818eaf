using RustyNode.Consensus.Model;
using RustyNode.Consensus.Service;
using RustyNode.Network.RequestResponse;
using RustyNode.Protocols.BlockSync.Messages;

namespace RustyNode.Protocols.BlockSync.Sync;

/// <summary>Announcing our tip to peers (BS-4.6, BS-6.2): one in flight per peer, paced, always the latest tip.</summary>
internal sealed partial class SyncManager
{
    private void AnnounceToAll()
    {
        foreach (var peer in _peers.Values)
        {
            MaybeAnnounce(peer, force: false);
        }
    }

    private void MaybeAnnounce(SyncPeer peer, bool force)
    {
        if (peer.SpeaksBlockSync == false || peer.AnnouncePending)
        {
            return;
        }

        var tip = _chain.TipInfo;
        if (!force && peer.ToldTip == tip.Hash)
        {
            return;
        }

        var catchingUp = _chain.BestHeaderInfo.Height - tip.Height > BlockSyncLimits.MaxAnnouncedHeaders;
        var interval = catchingUp ? _options.CatchUpAnnounceInterval : _options.AnnounceInterval;
        if (!force && _time.GetElapsedTime(peer.LastAnnounceAt) < interval)
        {
            return;
        }

        var headers = HeadersToAnnounce(peer, tip);
        peer.AnnouncePending = true;
        peer.LastAnnounceAt = _time.GetTimestamp();
        var id = peer.Id;
        Send(id, new HeaderAnnouncement(headers), (response, failure) => new AnnounceDone(
            id, tip.Hash, response is AnnouncementAck, failure == nameof(RequestFailure.UnsupportedProtocol)));
    }

    /// <summary>The tip and the headers before it the peer has not been shown, when there are at most 16 of them.</summary>
    private IReadOnlyList<BlockHeader> HeadersToAnnounce(SyncPeer peer, HeaderInfo tip)
    {
        var known = peer.BestKnown ?? peer.ToldTip;
        if (known is { } hash && _chain.TryGetHeaderInfo(hash, out var info))
        {
            var fork = _chain.GetForkHeight(hash, tip.Hash);
            if (fork == info.Height && fork < tip.Height && tip.Height - fork <= BlockSyncLimits.MaxAnnouncedHeaders)
            {
                var headers = _chain.GetRecentHeaders(fork, BlockSyncLimits.MaxAnnouncedHeaders);
                if (headers.Count > 0 && headers[^1].Hash == tip.Hash)
                {
                    return headers;
                }
            }
        }

        return [tip.Header];
    }

    private void OnAnnounceDone(AnnounceDone e)
    {
        if (!_peers.TryGetValue(e.Peer, out var peer))
        {
            return;
        }

        peer.AnnouncePending = false;
        if (e.Unsupported)
        {
            peer.SpeaksBlockSync = false;
            Log.PeerWithoutBlockSync(_logger, e.Peer);
            return;
        }

        if (e.Delivered)
        {
            peer.SpeaksBlockSync = true;
            peer.ToldTip = e.Tip;
        }

        // The tip may have moved while this one was in flight: announce the latest when due.
        MaybeAnnounce(peer, force: false);
    }
}
