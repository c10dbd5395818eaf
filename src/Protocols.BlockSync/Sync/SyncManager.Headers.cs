using System.Numerics;
using RustyNode.Consensus;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Network.Identity;
using RustyNode.Protocols.BlockSync.Messages;

namespace RustyNode.Protocols.BlockSync.Sync;

/// <summary>Headers first (BS-4): the session with the sync peer, announcements received, the work threshold.</summary>
internal sealed partial class SyncManager
{
    private HeaderSyncSession? _session;
    private long _nextSessionId;
    private long _headersCommitted;
    private HeaderSyncStats? _lastHeaderSync;

    private void OnAnnouncement(AnnouncementIn e)
    {
        try
        {
            if (_peers.TryGetValue(e.Peer, out var peer))
            {
                TakeAnnouncement(peer, e.Announcement.Items);
            }
        }
        finally
        {
            e.Done.TrySetResult();
        }
    }

    /// <summary>BS-4.6: check, then place the announced tip, committing it when it connects and has the work.</summary>
    private void TakeAnnouncement(SyncPeer peer, IReadOnlyList<BlockHeader> headers)
    {
        peer.SpeaksBlockSync = true;
        peer.LacksAbove = int.MaxValue;
        if (CheckArrivingHeaders(peer.Id, headers, 0) is not null)
        {
            return;
        }

        var tip = LastHash(headers);
        peer.ToldTip = tip;
        if (_chain.TryGetHeaderInfo(tip, out var known))
        {
            if (known.IsInvalid)
            {
                Penalise(peer.Id, BlockSyncPenalties.InvalidHeader, $"announced tip {tip} is on an invalid chain");
                return;
            }

            SetBestKnown(peer, tip);
            return;
        }

        if (!_chain.TryGetHeaderInfo(headers[0].PreviousHash, out var parent))
        {
            peer.UnknownTip = tip;
            StartSessionIfIdle();
            return;
        }

        var result = Commit(parent, headers, CompactWork(headers));
        if (result is { IsAccepted: false } refused && refused.Reason != RejectReason.InsufficientWork)
        {
            Penalise(peer.Id, BlockSyncPenalties.ForHeader(refused.Reason), refused.ToString());
        }
        else if (result is { IsAccepted: true })
        {
            SetBestKnown(peer, tip);
        }
    }

    /// <summary>
    /// BS-4.3 on headers as they arrive: each the parent of the next, each meeting its own nBits.
    /// Returns the penalty given, or null when they pass.
    /// </summary>
    private string? CheckArrivingHeaders(PeerId peer, IReadOnlyList<BlockHeader> headers, int first)
    {
        for (var i = first; i < headers.Count; i++)
        {
            if (i > 0 && headers[i].PreviousHash != headers[i - 1].Hash)
            {
                Penalise(peer, BlockSyncPenalties.HeadersDoNotConnect, $"header {i} does not follow header {i - 1}");
                return BlockSyncPenalties.HeadersDoNotConnect;
            }

            var pow = HeaderValidator.CheckProofOfWork(headers[i], _chain.Parameters);
            if (!pow.IsAccepted)
            {
                Penalise(peer, BlockSyncPenalties.BadProofOfWork, pow.ToString());
                return BlockSyncPenalties.BadProofOfWork;
            }
        }

        return null;
    }

    /// <summary>
    /// Commits <paramref name="headers"/> (building on <paramref name="parent"/>) when the chain they
    /// end beats our tip and the minimum chain work (BS-4.4); null while the work is not there yet.
    /// </summary>
    private ValidationResult? Commit(Consensus.Service.HeaderInfo parent, IReadOnlyList<BlockHeader> headers, BigInteger work)
    {
        var threshold = BigInteger.Max(_chain.TipInfo.ChainWork + 1, _options.MinimumChainWork);
        if (parent.ChainWork + work < threshold)
        {
            return null;
        }

        var result = _chain.ProcessHeaderChain(headers, threshold);
        if (result.IsAccepted || result.Reason == RejectReason.Duplicate)
        {
            _headersCommitted += headers.Count;
            RefreshMissing();
            Schedule();
            return ValidationResult.Ok;
        }

        return result;
    }

    private static BigInteger CompactWork(IReadOnlyList<BlockHeader> headers)
    {
        var work = BigInteger.Zero;
        foreach (var header in headers)
        {
            work += CompactTarget.WorkForBits(header.Bits);
        }

        return work;
    }

    private void StartSessionIfIdle()
    {
        if (_session is not null)
        {
            return;
        }

        var next = _peers.Values.FirstOrDefault(p => p.UnknownTip is not null && p.SpeaksBlockSync != false);
        if (next is null)
        {
            return;
        }

        next.UnknownTip = null;
        _session = new HeaderSyncSession(++_nextSessionId, next.Id, _time.GetTimestamp());
        var locator = _chain.GetHeaderLocator();
        Log.HeaderSyncStarted(_logger, next.Id, locator[0]);
        RequestHeaders(_session, locator);
    }

    private void RequestHeaders(HeaderSyncSession session, IReadOnlyList<Hash256> locator)
    {
        session.RequestInFlight = true;
        var id = session.Id;
        var peer = session.Peer;
        Send(peer, new GetHeaders(locator, Hash256.Zero), (response, failure) => new HeadersIn(id, peer, response, failure));
    }

    private void OnHeaders(HeadersIn e)
    {
        var session = _session;
        if (session is null || session.Id != e.Session)
        {
            return;
        }

        session.RequestInFlight = false;
        if (e.Failure is not null)
        {
            EndSession(e.Failure);
            return;
        }

        if (e.Response is not Headers reply)
        {
            Penalise(e.Peer, BlockSyncPenalties.MalformedMessage, $"{e.Response?.Code} in answer to GetHeaders");
            EndSession("wrong response");
            return;
        }

        _peers.GetValueOrDefault(e.Peer)?.SpeaksBlockSync = true;
        var headers = reply.Items;
        if (headers.Count > 0 && !TakeHeaders(session, headers))
        {
            EndSession("refused headers");
            return;
        }

        if (headers.Count < BlockSyncLimits.MaxHeadersPerReply)
        {
            EndSession(null);
        }
    }

    /// <summary>One reply of the session: BS-4.3, then the next request (before committing), then BS-4.4 and BS-4.5.</summary>
    private bool TakeHeaders(HeaderSyncSession session, IReadOnlyList<BlockHeader> headers)
    {
        var parentHash = headers[0].PreviousHash;
        var inPending = session.IndexOfPending(parentHash);
        if (inPending >= 0)
        {
            session.TruncateAfter(inPending);
        }
        else if (_chain.HasHeader(parentHash))
        {
            session.ClearPending();
        }
        else
        {
            Penalise(session.Peer, BlockSyncPenalties.HeadersDoNotConnect, $"first header's parent {parentHash} is unknown");
            return false;
        }

        if (CheckArrivingHeaders(session.Peer, headers, 0) is not null)
        {
            return false;
        }

        if (headers.Count == BlockSyncLimits.MaxHeadersPerReply)
        {
            // Pipelined: the peer serves the next batch while this one is committed.
            var locator = _chain.GetHeaderLocator();
            RequestHeaders(session, [LastHash(headers), .. locator.Take(BlockSyncLimits.MaxLocatorHashes - 1)]);
        }

        session.Append(headers);
        if (session.Pending.Count > BlockSyncLimits.MaxPendingHeaders)
        {
            Penalise(session.Peer, BlockSyncPenalties.LowWorkHeaderChain, $"{session.Pending.Count} headers without more work than our tip");
            return false;
        }

        if (!_chain.TryGetHeaderInfo(session.Pending[0].PreviousHash, out var fork))
        {
            return false;
        }

        var result = Commit(fork, session.Pending, session.PendingWork);
        if (result is null || result.Value.Reason == RejectReason.InsufficientWork)
        {
            return true;
        }

        if (!result.Value.IsAccepted)
        {
            Penalise(session.Peer, BlockSyncPenalties.ForHeader(result.Value.Reason), result.Value.ToString());
            return false;
        }

        session.Committed += session.Pending.Count;
        if (_peers.TryGetValue(session.Peer, out var peer))
        {
            SetBestKnown(peer, session.PendingTip!.Value);
        }

        session.ClearPending();
        return true;
    }

    private void EndSession(string? failure)
    {
        var session = _session;
        if (session is null)
        {
            return;
        }

        _session = null;
        var seconds = _time.GetElapsedTime(session.StartedAt).TotalSeconds;
        if (session.Committed > 0)
        {
            _lastHeaderSync = new HeaderSyncStats(session.Peer.ToString(), session.Committed, seconds);
        }

        Log.HeaderSyncEnded(_logger, session.Peer, session.Committed, seconds, _chain.BestHeaderInfo.Height);
        foreach (var peer in _peers.Values)
        {
            // Tips that were unknown may be placed now; the session's own peer is not asked again at once.
            if (peer.UnknownTip is { } tip && _chain.HasHeader(tip))
            {
                peer.UnknownTip = null;
                SetBestKnown(peer, tip);
            }
        }

        StartSessionIfIdle();
    }

    private void SetBestKnown(SyncPeer peer, Hash256 tip)
    {
        peer.BestKnown = tip;
        UpdateAvailability(peer);
        Schedule();
    }
}
