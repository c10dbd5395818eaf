using System.Buffers.Binary;
using RustyNode.Network.Identity;
using RustyNode.Network.PubSub.Messages;
using RustyNode.Network.PubSub.Routing;

namespace RustyNode.Network.PubSub;

public sealed partial class PubSubRouter
{
    /// <summary>
    /// Publishes <paramref name="data"/> on <paramref name="topic"/> (PS-8.3): builds the message
    /// under the topic's signature policy, runs the topic's validator on it, and queues it for the
    /// peers the router chooses (GS-6.4). When a chosen peer's writer is far behind, waits (at most
    /// <see cref="PubSubOptions.PublishBacklogTimeout"/>) for it to catch up, so a fast publisher is
    /// paced by its slowest peer instead of overrunning its queue. Our own messages are not delivered
    /// to our own subscriptions.
    /// </summary>
    /// <exception cref="ArgumentException">The topic name or the message size is out of bounds.</exception>
    /// <exception cref="InvalidOperationException">The validator did not accept the message, or it duplicates a recent one.</exception>
    public async ValueTask<PublishResult> PublishAsync(string topic, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        CheckTopicName(topic);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        TopicOptions options;
        lock (_lock)
        {
            options = _topics.TryGetValue(topic, out var state) ? state.Options : DefaultTopicOptions;
        }

        var policy = options.SignaturePolicy ?? _options.SignaturePolicy;
        var message = BuildMessage(topic, data, policy);
        if (message.Encoded.Length > (options.MaxMessageSize ?? _options.MaxMessageSize))
        {
            throw new ArgumentException($"The message is {message.Encoded.Length} bytes, over the topic's limit.", nameof(data));
        }

        var keyProtobuf = policy == SignaturePolicy.StrictSign ? _localKeyProtobuf : [];
        var id = new MessageId((options.MessageId ?? _options.MessageId ?? MessageIds.Default(policy))(message, keyProtobuf));
        var received = new ReceivedMessage(message, id, policy == SignaturePolicy.StrictSign ? _localPeer : null, null);
        if (options.Validator is { } validator && await ValidateAsync(validator, received, cancellationToken) is var verdict && verdict != ValidationResult.Accept)
        {
            throw new InvalidOperationException($"The topic's validator did not accept the message ({verdict}).");
        }

        List<PeerOutbox> backlogged = [];
        int peers;
        lock (_lock)
        {
            if (!_seen.TryAdd(id, true, Now))
            {
                throw new InvalidOperationException($"Message {id} duplicates one published or seen within the seen TTL.");
            }

            _published++;
            _cache.Put(received);
            var state = GetOrAddTopic(topic);
            state.LastPublished = Now;
            peers = 0;
            foreach (var peerId in SelectPublishPeers(state))
            {
                var outbox = _peers[peerId].Outbox;
                if (outbox.TryAddMessage(message))
                {
                    peers++;
                }

                if (outbox.QueuedBytes > _options.PublishBacklogBytes)
                {
                    backlogged.Add(outbox);
                }
            }

            ForgetIfIdle(state);
        }

        if (backlogged.Count > 0)
        {
            await Task.WhenAll(backlogged.Select(o => o.WhenBelowLowWaterAsync()))
                .WaitAsync(_options.PublishBacklogTimeout, _time, cancellationToken)
                .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
        }

        return new PublishResult(id, peers);
    }

    private PubSubMessage BuildMessage(string topic, ReadOnlyMemory<byte> data, SignaturePolicy policy)
    {
        if (policy == SignaturePolicy.StrictNoSign)
        {
            return PubSubMessageCodec.Create(topic, data);
        }

        var seqno = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(seqno, (ulong)Interlocked.Increment(ref _nextSeqno));
        var from = _localPeer.ToBytes();
        var unsigned = PubSubMessageCodec.Create(topic, data, from, seqno);
        var signingBytes = new byte[PubSubMessageCodec.GetSigningBytesSize(unsigned)];
        PubSubMessageCodec.WriteSigningBytes(unsigned, signingBytes);
        var signature = _signingKey!.Sign(signingBytes);
        return PubSubMessageCodec.Create(topic, data, from, seqno, signature);
    }

    /// <summary>
    /// The peers our own message goes to (GS-6.4): with flood publishing, every topic peer at or
    /// above the publish threshold; otherwise floodsub peers, then our mesh, or the fanout when we
    /// are not subscribed. A floodsub router sends to every topic peer.
    /// </summary>
    private List<PeerId> SelectPublishPeers(TopicState topic)
    {
        var selected = new List<PeerId>();
        if (_options.Router == PubSubRouterKind.Floodsub)
        {
            selected.AddRange(topic.Peers);
            return selected;
        }

        var threshold = _options.Thresholds.PublishThreshold;
        if (_options.FloodPublish)
        {
            selected.AddRange(topic.Peers.Where(p => _scorer.Score(p) >= threshold));
            return selected;
        }

        selected.AddRange(topic.Peers.Where(p => !_peers[p].IsGossipsub && _scorer.Score(p) >= threshold));
        if (topic.Subscribed)
        {
            selected.AddRange(topic.Mesh);
            return selected;
        }

        if (topic.Fanout.Count == 0)
        {
            foreach (var peer in SelectRandom(topic.Peers.Where(p => _peers[p].IsGossipsub && _scorer.Score(p) >= threshold), _options.D))
            {
                topic.Fanout.Add(peer);
            }
        }

        selected.AddRange(topic.Fanout);
        return selected;
    }

    /// <summary>Sends a validated message on (GS-6.5): to floodsub peers of the topic and to our mesh, never back to where it came from.</summary>
    private void Forward(ReceivedMessage message, PeerId? source, TopicState topic)
    {
        if (_options.Router == PubSubRouterKind.Floodsub)
        {
            foreach (var peerId in topic.Peers)
            {
                if (peerId != source && peerId != message.Author)
                {
                    _peers[peerId].Outbox.TryAddMessage(message.Message);
                }
            }

            return;
        }

        foreach (var peerId in topic.Peers)
        {
            var peer = _peers[peerId];
            if (!peer.IsGossipsub && peerId != source && peerId != message.Author && _scorer.Score(peerId) >= _options.Thresholds.PublishThreshold)
            {
                peer.Outbox.TryAddMessage(message.Message);
            }
        }

        foreach (var peerId in topic.Mesh)
        {
            var peer = _peers[peerId];
            if (peerId != source && peerId != message.Author && !peer.DontWant.ContainsKey(message.Id))
            {
                peer.Outbox.TryAddMessage(message.Message);
            }
        }
    }
}
