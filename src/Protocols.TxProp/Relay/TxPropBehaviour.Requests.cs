using RustyNode.Consensus;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Network;
using RustyNode.Network.Swarm;
using RustyNode.Network.Identity;
using RustyNode.Protocols.TxProp.Messages;

namespace RustyNode.Protocols.TxProp.Relay;

public sealed partial class TxPropBehaviour
{
    /// <summary>
    /// Our request streams to one peer at once: two, so the next request is opened and answered
    /// while the previous one's transactions are validated. Their answers are read one request
    /// after the other, so the peer's transactions are still validated in its announcement order
    /// (parents first, TX-4.8).
    /// </summary>
    private const int MaxActiveRequestsPerPeer = 2;

    /// <summary>
    /// The scheduler: on every wake-up (an announcement, a response, a disconnect) and at least
    /// every tick, expires requests, sends due trickles and starts requests for what is requestable.
    /// </summary>
    private async Task RunSchedulerAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var wake = Volatile.Read(ref _wake);
            var delay = RunOnce();
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var sleep = Task.Delay(delay, Time, timer.Token);
            await Task.WhenAny(wake.Task, sleep);
            await timer.CancelAsync();
            if (wake.Task.IsCompleted)
            {
                Interlocked.CompareExchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), wake);
            }
        }
    }

    /// <summary>One scheduler pass; returns the time until the next one is due.</summary>
    private TimeSpan RunOnce()
    {
        var requests = new List<(RelayPeer Peer, List<Hash256> TxIds, Task Previous, TaskCompletionSource Done)>();
        var expired = new List<(PeerId Peer, Hash256 TxId)>();
        TimeSpan next;
        lock (_gate)
        {
            var now = Time.GetUtcNow();
            _tracker.ExpireRequests(now, expired);
            foreach (var (peerId, _) in expired)
            {
                if (_peers.TryGetValue(peerId, out var peer))
                {
                    peer.Counters.AddExpired(1);
                }

                Totals.AddExpired(1);
            }

            Trickle(now);
            foreach (var peer in _peers.Values)
            {
                if (peer.RoomWaiter is { } waiter && !_tracker.IsFull(peer.Id))
                {
                    peer.RoomWaiter = null;
                    waiter.TrySetResult();
                }

                var inFlight = _tracker.CountInFlight(peer.Id);
                var free = _options.MaxInFlightPerPeer - inFlight;
                if (peer.ActiveRequests >= MaxActiveRequestsPerPeer || free <= 0 || (inFlight > 0 && free < _options.MaxInFlightPerPeer / 2))
                {
                    continue;
                }

                // At most half the in-flight bound per GetData (TX-4.5): the second stream is asked at once
                // and answered while the first one's transactions are validated. A GetData of the whole
                // bound left no room for the second until the first had been read and validated, so
                // each link waited a full round trip per 100 transactions.
                var batch = Math.Max(1, _options.MaxInFlightPerPeer / 2);
                var ids = _tracker.GetRequestable(peer.Id, now, Math.Min(Math.Min(free, batch), TxPropLimits.MaxGetDataIds));
                if (ids.Count > 0)
                {
                    peer.ActiveRequests++;
                    peer.Counters.AddRequested(ids.Count);
                    Totals.AddRequested(ids.Count);
                    var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    requests.Add((peer, ids, peer.LastRequestRead, done));
                    peer.LastRequestRead = done.Task;
                }
            }

            var nextTrickle = _peers.Values.Where(p => p.Outbound).Select(p => p.NextTrickle).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
            if (_clock!.NextInbound < nextTrickle)
            {
                nextTrickle = _clock.NextInbound;
            }

            next = nextTrickle - now;
        }

        foreach (var (peer, ids, previous, done) in requests)
        {
            BackgroundTask.Forget(RequestAsync(peer, ids, previous, done), _logger, "tx-prop request");
        }

        return next < TimeSpan.Zero ? TimeSpan.Zero : next < _options.SchedulerTick ? next : _options.SchedulerTick;
    }

    /// <summary>
    /// One GetData on its own stream; reads TxData and NotFound until the responder closes (TX-1.1,
    /// TX-5.1), but only once the previous request to the peer has been read (<paramref name="previous"/>);
    /// completes <paramref name="done"/> when this one has.
    /// </summary>
    private async Task RequestAsync(RelayPeer peer, List<Hash256> txIds, Task previous, TaskCompletionSource done)
    {
        var pending = new HashSet<Hash256>(txIds);
        using var expiry = new CancellationTokenSource(_options.RequestExpiry, Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(expiry.Token, peer.Lifetime.Token, _shutdown.Token);
        try
        {
            var stream = await Swarm.OpenStreamAsync(peer.Id, [ProtocolId], linked.Token);
            await using (stream)
            {
                try
                {
                    Write(stream.Output, peer, new GetDataMessage(txIds));
                    await stream.Output.FlushAsync(linked.Token);
                    await stream.Output.CompleteAsync();
                    await previous.WaitAsync(linked.Token);
                    while (await ReadMessageAsync(stream.Input, peer, linked.Token) is { } message)
                    {
                        HandleResponse(peer, pending, message);
                    }
                }
                catch (TxPropProtocolException ex)
                {
                    Report(peer.Id, ex.IsOverLimit ? TxPropScoreReasons.OversizeMessage : TxPropScoreReasons.MalformedMessage, ex.IsOverLimit ? TxPropScoreReasons.OversizeMessageWeight : TxPropScoreReasons.MalformedMessageWeight, ex.Message);
                    stream.Stream.Reset();
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or Libp2pProtocolException or ObjectDisposedException or SwarmException)
        {
            Log.RequestFailed(_logger, txIds.Count, peer.Id, ex.Message);
        }
        finally
        {
            // Read or given up; the next request is read after the previous one either way.
            BackgroundTask.Forget(CompleteAfterAsync(previous, done), _logger, "tx-prop request order");
            lock (_gate)
            {
                peer.ActiveRequests--;
                foreach (var txId in pending)
                {
                    // Unanswered: the next announcer is asked (TX-4.4). When the scheduler expired
                    // the request first, it already counted it.
                    if (!_tracker.ReceivedResponse(peer.Id, txId))
                    {
                        continue;
                    }

                    if (expiry.IsCancellationRequested)
                    {
                        peer.Counters.AddExpired(1);
                        Totals.AddExpired(1);
                    }
                    else
                    {
                        peer.Counters.AddNotFound(1);
                        Totals.AddNotFound(1);
                    }
                }
            }

            Wake();
        }
    }

    private static async Task CompleteAfterAsync(Task previous, TaskCompletionSource done)
    {
        await previous;
        done.TrySetResult();
    }

    private void HandleResponse(RelayPeer peer, HashSet<Hash256> pending, TxMessage message)
    {
        switch (message)
        {
            case TxDataMessage data:
                if (!pending.Remove(data.Transaction.TxId))
                {
                    peer.Counters.AddUnrequested(1);
                    Totals.AddUnrequested(1);
                    Report(peer.Id, TxPropScoreReasons.UnrequestedTransaction, TxPropScoreReasons.UnrequestedTransactionWeight, data.Transaction.TxId.ToString());
                    return;
                }

                // The request stays in flight until the transaction is validated and forgotten
                // (ProcessTransaction), so no other announcer is asked for it meanwhile (TX-4.1).
                peer.Counters.AddReceived(1);
                Totals.AddReceived(1);
                ProcessTransaction(peer.Id, data.Transaction);
                break;
            case NotFoundMessage notFound:
                lock (_gate)
                {
                    foreach (var txId in notFound.TxIds)
                    {
                        if (pending.Remove(txId) && _tracker.ReceivedResponse(peer.Id, txId))
                        {
                            peer.Counters.AddNotFound(1);
                            Totals.AddNotFound(1);
                        }
                    }
                }

                Wake();
                break;
            default:
                throw new TxPropProtocolException($"{message.Code} is not an answer to GetData.");
        }
    }

    /// <summary>
    /// Validates a transaction a peer sent into the mempool (which announces it on when accepted),
    /// keeps orphans and asks their sender for the missing parents (TX-6.1), remembers rejects
    /// (TX-4.7) and scores the sender when the transaction proves it at fault (TX-7.3).
    /// </summary>
    internal void ProcessTransaction(PeerId from, Transaction tx)
    {
        var result = _chain.AcceptTransaction(tx);
        var reason = result.Result.Reason;
        var parentsTracked = false;
        lock (_gate)
        {
            _peers.TryGetValue(from, out var peer);
            peer?.Announcer.MarkKnown(tx.TxId);
            _tracker.ForgetTxHash(tx.TxId);
            if (reason == RejectReason.Orphan)
            {
                var now = Time.GetUtcNow();
                foreach (var parent in result.MissingParents)
                {
                    if (!_recentRejects.Contains(parent) && !_chain.HasTransaction(parent))
                    {
                        parentsTracked |= _tracker.ReceivedInv(from, parent, peer?.Outbound ?? false, now);
                    }
                }
            }
            else if (reason is RejectReason.AlreadyInMempool or RejectReason.AlreadyConfirmed)
            {
                peer?.Counters.AddDuplicate(1);
                Totals.AddDuplicate(1);
            }
            else if (!result.IsAccepted && reason is not (RejectReason.OrphanPoolFull or RejectReason.MempoolFull))
            {
                _recentRejects.Add(tx.TxId);
            }
        }

        if (!result.IsAccepted && reason != RejectReason.Orphan)
        {
            Log.TransactionRejected(_logger, tx.TxId, from, reason);
            if (TxPropScoreReasons.IsSendersFault(reason))
            {
                Report(from, TxPropScoreReasons.InvalidTransaction, TxPropScoreReasons.InvalidTransactionWeight, $"{tx.TxId}: {reason}");
            }
        }

        // Missing parents are requestable now. Otherwise the end of the request that brought this
        // transaction wakes the scheduler, once per request rather than once per transaction.
        if (parentsTracked)
        {
            Wake();
        }
    }
}
