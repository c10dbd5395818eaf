using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;
using RustyNode.Network;
using RustyNode.Network.Swarm;
using RustyNode.Protocols.TxProp.Announcing;
using RustyNode.Protocols.TxProp.Messages;

namespace RustyNode.Protocols.TxProp.Relay;

public sealed partial class TxPropBehaviour
{
    /// <summary>
    /// Transactions entered the mempool (from a peer, the control interface or a released orphan):
    /// queue them for every peer that does not know them (TX-3.1), with their fee rate and depth.
    /// </summary>
    private void OnTransactionsAccepted(object? sender, TransactionsAcceptedEventArgs e)
    {
        var candidates = new List<RelayCandidate>(e.Transactions.Count);
        lock (_gate)
        {
            for (var i = 0; i < e.Transactions.Count; i++)
            {
                var tx = e.Transactions[i];
                var depth = 1;
                for (var inputIndex = 0; inputIndex < tx.Inputs.Count; inputIndex++)
                {
                    if (_accepted.TryGetValue(tx.Inputs[inputIndex].PrevOut.TxId, out var parent) && parent.Depth >= depth)
                    {
                        depth = parent.Depth + 1;
                    }
                }

                var sequence = _sequence++;
                RememberAccepted(tx.TxId, depth, sequence);
                candidates.Add(new RelayCandidate(tx.TxId, e.Fees[i] * 1000 / Math.Max(1, tx.Size), depth, sequence));
            }

            foreach (var peer in _peers.Values)
            {
                foreach (var candidate in candidates)
                {
                    peer.Announcer.Enqueue(candidate);
                }
            }
        }
    }

    private void RememberAccepted(Hash256 txId, int depth, long sequence)
    {
        if (!_accepted.TryAdd(txId, (depth, sequence)))
        {
            return;
        }

        _acceptedOrder.Enqueue(txId);
        while (_acceptedOrder.Count > AcceptedMemory && _acceptedOrder.TryDequeue(out var oldest))
        {
            _accepted.Remove(oldest);
        }
    }

    /// <summary>
    /// TX-5.1: whether <paramref name="peer"/> may be sent <paramref name="txId"/>: it was announced
    /// to the peer (or the peer announced or sent it), or it entered the mempool before every
    /// transaction still queued for the peer at our last trickle to it (so it was announced or
    /// filtered by the peer's fee filter). A transaction not remembered is older than that. Called
    /// under the lock.
    /// </summary>
    private bool MayServe(RelayPeer peer, Hash256 txId) =>
        peer.Announcer.Knows(txId) || !_accepted.TryGetValue(txId, out var accepted) || accepted.Sequence < peer.AnnouncedBefore;

    /// <summary>Hands each peer whose trickle timer fired its batch (TX-3.2, TX-3.4); called under the lock.</summary>
    private void Trickle(DateTimeOffset now)
    {
        var inboundDue = _clock!.TryFireInbound(now);
        foreach (var peer in _peers.Values)
        {
            var due = peer.Outbound ? peer.NextTrickle <= now : inboundDue;
            if (!due)
            {
                continue;
            }

            if (peer.Outbound)
            {
                peer.NextTrickle = _clock.NextOutbound(now);
            }

            if (!peer.CanAnnounce || peer.InvPending)
            {
                continue;
            }

            if (peer.Announcer.QueuedCount > 0)
            {
                var batch = peer.Announcer.TakeBatch(_options.MaxAnnouncementsPerTrickle, _chain.HasTransaction);
                if (batch.Count > 0 && peer.Outgoing.Writer.TryWrite(new InvMessage(batch)))
                {
                    peer.InvPending = true;
                    peer.Counters.AddAnnouncedOut(batch.Count);
                    Totals.AddAnnouncedOut(batch.Count);
                }
            }

            // Everything accepted before the oldest transaction still queued was announced (or known,
            // or filtered): servable. Only "nothing queued" once counted, so under a sustained load
            // whose queue never emptied, transactions announced more than the known-inventory filter
            // holds (TX-3.3) before the peer asked for them were refused as NotFound, lost to the peer,
            // and their children overflowed its orphan pool (a 60,000-transaction burst through a
            // line of five daemons stalled at 16,452).
            var oldestQueued = peer.Announcer.OldestQueuedSequence ?? _sequence;
            if (oldestQueued > peer.AnnouncedBefore)
            {
                peer.AnnouncedBefore = oldestQueued;
            }
        }
    }

    /// <summary>
    /// Our announcement stream to one peer: opened once, begins with our fee filter (TX-3.5), then
    /// carries each trickle's Inv. A slow reader holds back only this peer's trickles.
    /// </summary>
    private async Task RunSenderAsync(RelayPeer peer)
    {
        var cancellationToken = peer.Lifetime.Token;
        try
        {
            using var open = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            open.CancelAfter(_options.WriteTimeout);
            var stream = await Swarm.OpenStreamAsync(peer.Id, [ProtocolId], open.Token);
            await using (stream)
            {
                Write(stream.Output, peer, new FeeFilterMessage((ulong)_chain.MinRelayFeeRatePerKb));
                await stream.Output.FlushAsync(cancellationToken);
                lock (_gate)
                {
                    peer.CanAnnounce = true;
                }

                await foreach (var message in peer.Outgoing.Reader.ReadAllAsync(cancellationToken))
                {
                    Write(stream.Output, peer, message);
                    await stream.Output.FlushAsync(cancellationToken);
                    lock (_gate)
                    {
                        peer.InvPending = false;
                    }
                }

                await stream.Output.CompleteAsync();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or Libp2pProtocolException or ObjectDisposedException or SwarmException)
        {
            Log.AnnouncementStreamEnded(_logger, peer.Id, ex.Message);
        }
        finally
        {
            lock (_gate)
            {
                peer.CanAnnounce = false;
            }
        }
    }
}
