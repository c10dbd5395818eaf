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
    /// GetData messages outstanding to one peer at once: two, so the peer answers the next while the
    /// previous one's transactions are validated. Both ride the one request stream, answered in order,
    /// so the peer's transactions are still validated in its announcement order (parents first, TX-4.8).
    /// </summary>
    private const int MaxActiveRequestsPerPeer = 2;

    /// <summary>
    /// At most this many received transactions are validated as one batch (TX-4.9): the chain is
    /// held for the batch, about 5 ms at validation speed. As many again may wait, read, for it.
    /// </summary>
    private const int MaxValidationBatch = 200;

    /// <summary>And at most this many bytes of them (and of those waiting), so a peer sending large transactions holds no more than this read ahead.</summary>
    private const int MaxValidationBatchBytes = 1_000_000;

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
        var starts = new List<(RelayPeer Peer, RequestStream Requests)>();
        var stalled = new List<RequestStream>();
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

                    // Answers come in order, so the peer sat on its oldest GetData for the whole
                    // expiry: the stream is given up, and with it what else was asked on it (TX-4.4).
                    if (peer.Requests is { Expired: false } requests)
                    {
                        requests.Expired = true;
                        stalled.Add(requests);
                    }
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

                // At most half the in-flight bound per GetData (TX-4.5): the second is asked at once and
                // answered while the first one's transactions are validated. A GetData of the whole bound
                // left no room for the second until the first had been read and validated, so each link
                // waited a full round trip per 100 transactions.
                var batch = Math.Max(1, _options.MaxInFlightPerPeer / 2);
                var ids = _tracker.GetRequestable(peer.Id, now, Math.Min(Math.Min(free, batch), TxPropLimits.MaxGetDataIds));
                if (ids.Count > 0)
                {
                    peer.Counters.AddRequested(ids.Count);
                    Totals.AddRequested(ids.Count);
                    if (peer.Requests is null)
                    {
                        peer.Requests = new RequestStream();
                        starts.Add((peer, peer.Requests));
                    }

                    var request = new PendingGetData(ids);
                    peer.Requests.Outstanding.Enqueue(request);
                    peer.Requests.ToWrite.Writer.TryWrite(request);
                }
            }

            var nextTrickle = _peers.Values.Where(p => p.Outbound).Select(p => p.NextTrickle).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
            if (_clock!.NextInbound < nextTrickle)
            {
                nextTrickle = _clock.NextInbound;
            }

            next = nextTrickle - now;
            UpdateBusy();
        }

        foreach (var requests in stalled)
        {
            requests.Abort.Cancel();
        }

        foreach (var (peer, requests) in starts)
        {
            BackgroundTask.Forget(RunRequestStreamAsync(peer, requests), _logger, "tx-prop request stream");
        }

        return next < TimeSpan.Zero ? TimeSpan.Zero : next < _options.SchedulerTick ? next : _options.SchedulerTick;
    }

    /// <summary>
    /// Our request stream to a peer (TX-1.1): opens it, writes each GetData the scheduler asks and reads
    /// the answers in order, until the peer closes it, breaks the protocol, lets a request expire or
    /// leaves. Then what is still unanswered is passed over (TX-4.4) and the next GetData opens a new stream.
    /// </summary>
    private async Task RunRequestStreamAsync(RelayPeer peer, RequestStream requests)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requests.Abort.Token, peer.Lifetime.Token, _shutdown.Token);
        try
        {
            var stream = await Swarm.OpenStreamAsync(peer.Id, [ProtocolId], linked.Token);
            await using (stream)
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(linked.Token);
                var writing = WriteRequestsAsync(stream, peer, requests, stop);
                try
                {
                    await ReadAnswersAsync(stream, peer, requests, stop.Token);
                }
                catch (TxPropProtocolException ex)
                {
                    Report(peer.Id, ex.IsOverLimit ? TxPropScoreReasons.OversizeMessage : TxPropScoreReasons.MalformedMessage, ex.IsOverLimit ? TxPropScoreReasons.OversizeMessageWeight : TxPropScoreReasons.MalformedMessageWeight, ex.Message);
                    stream.Stream.Reset();
                }
                finally
                {
                    await stop.CancelAsync();
                    await writing;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or Libp2pProtocolException or ObjectDisposedException or SwarmException)
        {
            Log.RequestStreamEnded(_logger, peer.Id, ex.Message);
        }
        finally
        {
            EndRequestStream(peer, requests);
        }
    }

    /// <summary>Writes each GetData as the scheduler asks it; a failed write stops the reader through <paramref name="stop"/>.</summary>
    private async Task WriteRequestsAsync(ProtocolStream stream, RelayPeer peer, RequestStream requests, CancellationTokenSource stop)
    {
        try
        {
            var reader = requests.ToWrite.Reader;
            while (await reader.WaitToReadAsync(stop.Token))
            {
                while (reader.TryRead(out var request))
                {
                    Write(stream.Output, peer, new GetDataMessage(request.TxIds));
                }

                await stream.Output.FlushAsync(stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or Libp2pProtocolException or ObjectDisposedException)
        {
            if (!stop.IsCancellationRequested)
            {
                Log.RequestStreamEnded(_logger, peer.Id, ex.Message);
                await stop.CancelAsync();
            }
        }
    }

    /// <summary>
    /// Reads answers until the peer closes the stream; each belongs to the oldest GetData not fully
    /// answered. What arrived together (read when nothing more had yet, or 200 transactions or
    /// 1,000,000 bytes of it) is handed to the stream's validator, and reading goes on while it is
    /// validated: each transaction leaves the in-flight bound as it is read, so the next GetData goes
    /// while the earlier ones wait (TX-4.5). While the validator's queue is full, the stream is read
    /// no further (TX-4.9).
    /// </summary>
    private async Task ReadAnswersAsync(ProtocolStream stream, RelayPeer peer, RequestStream requests, CancellationToken cancellationToken)
    {
        var arrivals = new ArrivalQueue(MaxValidationBatch, MaxValidationBatchBytes);
        var validating = Task.Run(() => ValidateArrivalsAsync(peer.Id, arrivals), CancellationToken.None);
        var arrived = new List<Transaction>();
        var arrivedBytes = 0;
        try
        {
            while (true)
            {
                if (arrived.Count >= MaxValidationBatch || arrivedBytes >= MaxValidationBatchBytes || !TryReadBufferedMessage(stream.Input, peer, out var message))
                {
                    if (arrived.Count > 0)
                    {
                        await arrivals.AddAsync(arrived, cancellationToken);
                        arrivedBytes = 0;
                    }

                    message = await ReadMessageAsync(stream.Input, peer, cancellationToken);
                    if (message is null)
                    {
                        return;
                    }
                }

                PendingGetData? oldest;
                lock (_gate)
                {
                    requests.Outstanding.TryPeek(out oldest);
                }

                var before = arrived.Count;
                var completed = HandleAnswer(peer, oldest, message, arrived);
                if (arrived.Count > before)
                {
                    arrivedBytes += arrived[^1].Size;
                }

                if (!completed)
                {
                    continue;
                }

                lock (_gate)
                {
                    requests.Outstanding.Dequeue();
                }

                // Once per GetData rather than once per transaction: the scheduler may ask the next,
                // which the peer answers while these are validated.
                Wake();
            }
        }
        finally
        {
            // Transactions that came before the stream broke or the peer misbehaved are still validated,
            // unless the validator itself failed: then they are settled as it could not validate them.
            if (!arrivals.Complete(arrived))
            {
                SettleUnvalidated(peer.Id, arrived);
            }

            await validating;
        }
    }

    /// <summary>
    /// Validates what a request stream's reader queued, a batch at a time (TX-4.9): whatever waits
    /// when the previous batch is done, at most 200 transactions or 1,000,000 bytes. Ends when the
    /// reader completed the queue and it is empty; at shutdown what waits is dropped.
    /// </summary>
    private async Task ValidateArrivalsAsync(PeerId from, ArrivalQueue arrivals)
    {
        var batch = new List<Transaction>();
        try
        {
            while (await arrivals.TakeBatchAsync(batch, MaxValidationBatch, MaxValidationBatchBytes))
            {
                if (!_shutdown.IsCancellationRequested)
                {
                    ProcessTransactions(from, batch);
                }

                lock (_gate)
                {
                    _unvalidated -= batch.Count;
                    UpdateBusy();
                }

                batch.Clear();
            }
        }
        finally
        {
            // Should validation fail, a reader waiting for room stops instead of waiting for ever, and
            // neither the failed batch nor what waited behind it is left counted as awaiting validation.
            batch.AddRange(arrivals.Abandon());
            SettleUnvalidated(from, batch);
        }
    }

    /// <summary>
    /// Transactions received from <paramref name="from"/> that will not be validated, because the
    /// stream's validator failed: they no longer count as awaiting validation (TX-8.2), and one the
    /// node does not hold is no longer in flight (TX-4.1), so the next announcer is asked for it.
    /// The sender is remembered as having sent each, so it is not asked again, not even as an
    /// orphan's missing parent or after announcing it anew (TX-4.4). Without this, such a
    /// transaction would never be fetched again while its sender stayed connected.
    /// </summary>
    private void SettleUnvalidated(PeerId from, List<Transaction> txs)
    {
        if (txs.Count == 0)
        {
            return;
        }

        var running = !_shutdown.IsCancellationRequested;
        lock (_gate)
        {
            _unvalidated -= txs.Count;
            if (running)
            {
                _peers.TryGetValue(from, out var peer);
                foreach (var tx in txs)
                {
                    peer?.Abandoned.Add(tx.TxId);
                    if (_chain.HasTransaction(tx.TxId))
                    {
                        _tracker.ForgetTxHash(tx.TxId);
                    }
                    else
                    {
                        _tracker.ReceivedResponse(from, tx.TxId);
                    }
                }
            }

            UpdateBusy();
        }

        if (running)
        {
            Log.ValidationAbandoned(_logger, from, txs.Count);
            Wake();
        }
    }

    /// <summary>
    /// Starts or stops the busy clock (TX-8.2 busySeconds): busy while a request is in flight to some
    /// peer or a transaction read from one waits for validation, so trickle waits and the
    /// non-preferred delay are left out. Called under the lock whenever that may have changed: each
    /// scheduler pass (which follows every answered GetData, expiry and disconnect) and each
    /// validated batch.
    /// </summary>
    private void UpdateBusy()
    {
        var busy = _unvalidated > 0 || _peers.Keys.Any(peer => _tracker.CountInFlight(peer) > 0);
        if (busy == _busySince.HasValue)
        {
            return;
        }

        var now = Time.GetTimestamp();
        if (busy)
        {
            _busySince = now;
        }
        else
        {
            _busy += Time.GetElapsedTime(_busySince!.Value, now);
            _busySince = null;
        }
    }

    /// <summary>Passes over what the stream leaves unanswered (TX-4.4); the next GetData opens a new stream.</summary>
    private void EndRequestStream(RelayPeer peer, RequestStream requests)
    {
        lock (_gate)
        {
            if (ReferenceEquals(peer.Requests, requests))
            {
                peer.Requests = null;
            }

            requests.ToWrite.Writer.TryComplete();
            while (requests.Outstanding.TryDequeue(out var request))
            {
                foreach (var txId in request.Pending)
                {
                    // When the scheduler expired the request first, it already counted it.
                    if (!_tracker.ReceivedResponse(peer.Id, txId))
                    {
                        continue;
                    }

                    if (requests.Expired)
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
        }

        Wake();
    }

    /// <summary>
    /// One answer to the oldest outstanding GetData (<paramref name="oldest"/>, null when none is):
    /// returns true when it completes that GetData. A transaction it brings is added to
    /// <paramref name="arrived"/>, to validate. Its answers are a TxData for each transaction
    /// the peer has, then a NotFound for the rest, left out when there is none (TX-5.1).
    /// </summary>
    private bool HandleAnswer(RelayPeer peer, PendingGetData? oldest, TxMessage message, List<Transaction> arrived)
    {
        switch (message)
        {
            case TxDataMessage data:
                if (oldest is null || !oldest.Pending.Remove(data.Transaction.TxId))
                {
                    peer.Counters.AddUnrequested(1);
                    Totals.AddUnrequested(1);
                    Report(peer.Id, TxPropScoreReasons.UnrequestedTransaction, TxPropScoreReasons.UnrequestedTransactionWeight, data.Transaction.TxId.ToString());
                    return false;
                }

                // The request leaves the peer's in-flight bound, but no other announcer is asked for
                // the transaction until it is validated and forgotten (ProcessTransactions, TX-4.1).
                lock (_gate)
                {
                    _tracker.ReceivedTransaction(peer.Id, data.Transaction.TxId);
                    _unvalidated++;
                }

                peer.Counters.AddReceived(1);
                Totals.AddReceived(1);
                arrived.Add(data.Transaction);
                return oldest.Pending.Count == 0;
            case NotFoundMessage:
                if (oldest is null)
                {
                    throw new TxPropProtocolException("NotFound answers no outstanding GetData.");
                }

                // It ends the GetData's answers: whatever was neither sent nor listed is not coming either.
                lock (_gate)
                {
                    foreach (var txId in oldest.Pending)
                    {
                        if (_tracker.ReceivedResponse(peer.Id, txId))
                        {
                            peer.Counters.AddNotFound(1);
                            Totals.AddNotFound(1);
                        }
                    }
                }

                oldest.Pending.Clear();
                return true;
            default:
                throw new TxPropProtocolException($"{message.Code} is not an answer to GetData.");
        }
    }

    /// <summary>
    /// Validates transactions a peer sent into the mempool, in order (which announces them on when
    /// accepted), keeps orphans and asks their sender for the missing parents (TX-6.1), remembers
    /// rejects (TX-4.7) and scores the sender for each that proves it at fault (TX-7.3).
    /// </summary>
    internal void ProcessTransactions(PeerId from, IReadOnlyList<Transaction> txs)
    {
        var results = _chain.AcceptTransactions(txs);
        var parentsTracked = false;
        lock (_gate)
        {
            _peers.TryGetValue(from, out var peer);
            var now = Time.GetUtcNow();
            for (var i = 0; i < txs.Count; i++)
            {
                var txId = txs[i].TxId;
                var result = results[i];
                var reason = result.Result.Reason;
                peer?.Announcer.MarkKnown(txId);
                _tracker.ForgetTxHash(txId);
                if (reason == RejectReason.Orphan)
                {
                    foreach (var parent in result.MissingParents)
                    {
                        if (!_recentRejects.Contains(parent) && peer?.Abandoned.Contains(parent) != true && !_chain.HasTransaction(parent))
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
                    _recentRejects.Add(txId);
                }
            }
        }

        for (var i = 0; i < txs.Count; i++)
        {
            var reason = results[i].Result.Reason;
            if (!results[i].IsAccepted && reason != RejectReason.Orphan)
            {
                Log.TransactionRejected(_logger, txs[i].TxId, from, reason);
                if (TxPropScoreReasons.IsSendersFault(reason))
                {
                    Report(from, TxPropScoreReasons.InvalidTransaction, TxPropScoreReasons.InvalidTransactionWeight, $"{txs[i].TxId}: {reason}");
                }
            }
        }

        // Missing parents are requestable now. Otherwise the end of the request that brought these
        // transactions wakes the scheduler, once per request rather than once per transaction.
        if (parentsTracked)
        {
            Wake();
        }
    }
}
