using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;
using RustyNode.Network;
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
        foreach (var tx in e.Transactions)
        {
            if (!_chain.TryGetMempoolFee(tx.TxId, out var fee))
            {
                continue;
            }

            lock (_gate)
            {
                var depth = 1;
                foreach (var input in tx.Inputs)
                {
                    if (_depths.TryGetValue(input.PrevOut.TxId, out var parentDepth) && parentDepth >= depth)
                    {
                        depth = parentDepth + 1;
                    }
                }

                RememberDepth(tx.TxId, depth);
                candidates.Add(new RelayCandidate(tx.TxId, fee * 1000 / Math.Max(1, tx.Size), depth, _sequence++));
            }
        }

        lock (_gate)
        {
            foreach (var peer in _peers.Values)
            {
                foreach (var candidate in candidates)
                {
                    peer.Announcer.Enqueue(candidate);
                }
            }
        }
    }

    private void RememberDepth(Hash256 txId, int depth)
    {
        if (!_depths.TryAdd(txId, depth))
        {
            return;
        }

        _depthOrder.Enqueue(txId);
        while (_depthOrder.Count > DepthMemory && _depthOrder.TryDequeue(out var oldest))
        {
            _depths.Remove(oldest);
        }
    }

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

            if (!peer.CanAnnounce || peer.InvPending || peer.Announcer.QueuedCount == 0)
            {
                continue;
            }

            var batch = peer.Announcer.TakeBatch(_options.MaxAnnouncementsPerTrickle, _chain.HasTransaction);
            if (batch.Count > 0 && peer.Outgoing.Writer.TryWrite(new InvMessage(batch)))
            {
                peer.InvPending = true;
                peer.Counters.AddAnnouncedOut(batch.Count);
                Totals.AddAnnouncedOut(batch.Count);
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
        catch (Exception ex) when (ex is OperationCanceledException or IOException or Libp2pProtocolException or ObjectDisposedException)
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
