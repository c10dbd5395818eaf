using RustyNode.Network.Identity;

namespace RustyNode.Network.PubSub.Scoring;

internal sealed partial class PeerScorer
{
    /// <summary>A message was received for the first time and goes to validation.</summary>
    public void BeginValidation(MessageId id)
    {
        var now = _time.GetTimestamp();
        _deliveries.TryAdd(id, new DeliveryRecord(now), now);
    }

    /// <summary>
    /// The message <paramref name="from"/> delivered first was accepted: P2 for it, P3 for it and for
    /// mesh peers that delivered the same message while it was being validated.
    /// </summary>
    public void Accept(PeerId from, MessageId id, string topic)
    {
        var now = _time.GetTimestamp();
        MarkFirstDelivery(from, topic);
        if (!_deliveries.TryGetValue(id, now, out var record))
        {
            return;
        }

        record.Status = DeliveryStatus.Valid;
        record.Validated = now;
        if (record.Peers is { } peers)
        {
            foreach (var peer in peers)
            {
                MarkDuplicateDelivery(peer, topic, 0);
            }
        }
    }

    /// <summary>
    /// The message was rejected: P4 for <paramref name="from"/> and for every peer that delivered
    /// it while it was being validated; later copies count as invalid too.
    /// </summary>
    public void Reject(PeerId from, MessageId id, string topic)
    {
        MarkInvalidDelivery(from, topic);
        if (!_deliveries.TryGetValue(id, _time.GetTimestamp(), out var record))
        {
            return;
        }

        record.Status = DeliveryStatus.Invalid;
        if (record.Peers is { } peers)
        {
            foreach (var peer in peers)
            {
                MarkInvalidDelivery(peer, topic);
            }

            record.Peers = null;
        }
    }

    /// <summary>
    /// A message whose fields or signature are wrong (PS-5.3): P4 for the peer that sent it, without
    /// a delivery record (its id is not trusted to mean anything).
    /// </summary>
    public void RejectUnverified(PeerId from, string topic) => MarkInvalidDelivery(from, topic);

    /// <summary>The application ignored the message: nobody is rewarded or penalised for it.</summary>
    public void Ignore(MessageId id)
    {
        if (_deliveries.TryGetValue(id, _time.GetTimestamp(), out var record))
        {
            record.Status = DeliveryStatus.Ignored;
            record.Peers = null;
        }
    }

    /// <summary>A copy of a message we had already seen arrived from <paramref name="from"/>.</summary>
    public void Duplicate(PeerId from, MessageId id, string topic)
    {
        var now = _time.GetTimestamp();
        if (!_deliveries.TryGetValue(id, now, out var record))
        {
            return;
        }

        if (record.Peers?.Contains(from) == true)
        {
            return;
        }

        switch (record.Status)
        {
            case DeliveryStatus.Unknown:
                // Near-first: counted when validation ends.
                (record.Peers ??= []).Add(from);
                break;
            case DeliveryStatus.Valid:
                (record.Peers ??= []).Add(from);
                MarkDuplicateDelivery(from, topic, record.Validated);
                break;
            case DeliveryStatus.Invalid:
                MarkInvalidDelivery(from, topic);
                break;
            case DeliveryStatus.Ignored:
                break;
        }
    }

    private void MarkFirstDelivery(PeerId peer, string topic)
    {
        if (_topicParameters(topic) is not { } p || !_peers.TryGetValue(peer, out var stats))
        {
            return;
        }

        var topicStats = stats.Topic(topic);
        topicStats.FirstMessageDeliveries = Math.Min(topicStats.FirstMessageDeliveries + 1, p.FirstMessageDeliveriesCap);
        if (topicStats.InMesh)
        {
            topicStats.MeshMessageDeliveries = Math.Min(topicStats.MeshMessageDeliveries + 1, p.MeshMessageDeliveriesCap);
        }
    }

    private void MarkDuplicateDelivery(PeerId peer, string topic, long validatedAt)
    {
        if (_topicParameters(topic) is not { } p || !_peers.TryGetValue(peer, out var stats))
        {
            return;
        }

        var topicStats = stats.Topic(topic);
        if (!topicStats.InMesh)
        {
            return;
        }

        // After validation ended, only copies within the window still count as near-first.
        var window = (long)(p.MeshMessageDeliveriesWindow.TotalSeconds * _frequency);
        if (validatedAt != 0 && _time.GetTimestamp() > validatedAt + window)
        {
            return;
        }

        topicStats.MeshMessageDeliveries = Math.Min(topicStats.MeshMessageDeliveries + 1, p.MeshMessageDeliveriesCap);
    }

    private void MarkInvalidDelivery(PeerId peer, string topic)
    {
        if (_topicParameters(topic) is not null && _peers.TryGetValue(peer, out var stats))
        {
            stats.Topic(topic).InvalidMessageDeliveries += 1;
        }
    }
}
