using RustyNode.Network.Identity;
using RustyNode.Network.PubSub.Messages;
using RustyNode.Network.PubSub.Routing;

namespace RustyNode.Network.PubSub;

public sealed partial class PubSubRouter
{
    /// <summary>
    /// Handles one RPC read from <paramref name="from"/> (PS-6.3): subscription changes, then each
    /// message in order (awaiting its validation), then control entries (gossipsub only). RPCs of an
    /// unknown or graylisted peer are ignored.
    /// </summary>
    internal async ValueTask HandleRpcAsync(PeerId from, PubSubRpc rpc, CancellationToken cancellationToken)
    {
        PubSubPeer? peer;
        lock (_lock)
        {
            if (!_peers.TryGetValue(from, out peer) || IsGraylisted(from))
            {
                if (peer is not null)
                {
                    _graylistedRpcs++;
                    Report(from, PubSubScoreReasons.GraylistedRpc, PubSubScoreReasons.GraylistedRpcWeight);
                }

                peer = null;
            }
            else
            {
                foreach (var change in rpc.Subscriptions)
                {
                    HandleSubscription(peer, change);
                }
            }
        }

        FlushReports();
        if (peer is null)
        {
            return;
        }

        foreach (var message in rpc.Messages)
        {
            await HandleMessageAsync(peer, message, cancellationToken);
        }

        if (rpc.Control is { } control && peer.IsGossipsub && _options.Router == PubSubRouterKind.Gossipsub)
        {
            lock (_lock)
            {
                if (_peers.ContainsKey(from) && !IsGraylisted(from))
                {
                    HandleControl(peer, control);
                }
            }

            FlushReports();
        }
    }

    private async ValueTask HandleMessageAsync(PubSubPeer peer, PubSubMessage message, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _received);
        if (OptionsFor(peer, message) is not { } options || Authenticate(peer, message, options) is not { } received)
        {
            return;
        }

        var result = options.Validator is null ? ValidationResult.Accept : await ValidateAsync(options.Validator, received, cancellationToken);
        lock (_lock)
        {
            Conclude(received, peer.Id, result);
        }

        FlushReports();
    }

    /// <summary>The options of the message's topic, or null when the message is to be ignored (PS-6.3, GS-7.5).</summary>
    private TopicOptions? OptionsFor(PubSubPeer peer, PubSubMessage message)
    {
        lock (_lock)
        {
            if (!_peers.ContainsKey(peer.Id) || IsGraylisted(peer.Id))
            {
                _graylistedRpcs++;
                return null;
            }

            if (!_topics.TryGetValue(message.Topic, out var topic) || !topic.Subscribed)
            {
                // We never told the peer we wanted this topic (PS-6.3).
                _ignored++;
                return null;
            }

            return topic.Options;
        }
    }

    /// <summary>
    /// Applies the size limit and the signature policy, computes the id, drops duplicates and marks
    /// the message seen (PS-3.5, PS-5.3, PS-4.3). Null when the message goes no further.
    /// </summary>
    private ReceivedMessage? Authenticate(PubSubPeer peer, PubSubMessage message, TopicOptions options)
    {
        var policy = options.SignaturePolicy ?? _options.SignaturePolicy;
        if (message.Encoded.Length > (options.MaxMessageSize ?? _options.MaxMessageSize))
        {
            RejectUnverified(peer.Id, message.Topic, "message over the size limit");
            return null;
        }

        if (_authenticator.CheckFields(message, policy, out var author) is { } problem)
        {
            RejectUnverified(peer.Id, message.Topic, problem);
            return null;
        }

        var id = new MessageId((options.MessageId ?? _options.MessageId ?? MessageIds.Default(policy))(message, author?.KeyProtobuf ?? default));
        lock (_lock)
        {
            if (_seen.ContainsKey(id, Now) || author?.Peer == _localPeer)
            {
                _duplicates++;
                _scorer.Duplicate(peer.Id, id, message.Topic);
                return null;
            }
        }

        // The signature is checked before the id is marked seen, so a forged copy cannot make us
        // refuse the genuine message later (PS-4.3).
        if (author is not null && !MessageAuthenticator.Verify(message, author))
        {
            RejectUnverified(peer.Id, message.Topic, "invalid signature");
            return null;
        }

        var received = new ReceivedMessage(message, id, author?.Peer, peer.Id);
        lock (_lock)
        {
            if (!_seen.TryAdd(id, true, Now))
            {
                _duplicates++;
                _scorer.Duplicate(peer.Id, id, message.Topic);
                return null;
            }

            _scorer.BeginValidation(id);
            _promises.Fulfill(id);
            SendDontWant(received, peer.Id);
        }

        return received;
    }

    private async ValueTask<ValidationResult> ValidateAsync(MessageValidator validator, ReceivedMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var pending = validator(message, _shutdown.Token);
            if (pending.IsCompletedSuccessfully)
            {
                return pending.Result;
            }

            return await pending.AsTask().WaitAsync(_options.ValidationTimeout, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            Log.PubSubValidationTimedOut(_logger, message.Topic, message.Id);
            return ValidationResult.Ignore;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.PubSubValidatorFailed(_logger, message.Topic, ex);
            return ValidationResult.Ignore;
        }
    }

    /// <summary>Applies a validation verdict: deliver, cache and forward; or penalise; or drop (GS-9.1).</summary>
    private void Conclude(ReceivedMessage message, PeerId source, ValidationResult result)
    {
        switch (result)
        {
            case ValidationResult.Accept:
                _scorer.Accept(source, message.Id, message.Topic);
                _cache.Put(message);
                if (_topics.TryGetValue(message.Topic, out var topic))
                {
                    foreach (var subscription in topic.Subscriptions)
                    {
                        subscription.Deliver(message);
                    }

                    _delivered++;
                    Forward(message, source, topic);
                }

                break;
            case ValidationResult.Reject:
                _rejected++;
                _scorer.Reject(source, message.Id, message.Topic);
                Report(source, PubSubScoreReasons.InvalidMessage, PubSubScoreReasons.InvalidMessageWeight);
                Log.PubSubMessageRejected(_logger, source, message.Topic, "rejected by the topic's validator");
                break;
            default:
                _ignored++;
                _scorer.Ignore(message.Id);
                break;
        }
    }

    private void RejectUnverified(PeerId peer, string topic, string reason)
    {
        lock (_lock)
        {
            _rejected++;
            _scorer.RejectUnverified(peer, topic);
            Report(peer, PubSubScoreReasons.InvalidMessage, PubSubScoreReasons.InvalidMessageWeight);
        }

        Log.PubSubMessageRejected(_logger, peer, topic, reason);
        FlushReports();
    }

    /// <summary>
    /// True when the peer's score is under the graylist threshold (GS-8.3); the first time it
    /// falls under, the swarm hears of it.
    /// </summary>
    private bool IsGraylisted(PeerId peer)
    {
        var score = _scorer.Score(peer);
        var graylisted = score < _options.Thresholds.GraylistThreshold;
        if (graylisted && _graylisted.Add(peer))
        {
            Report(peer, PubSubScoreReasons.Graylisted, PubSubScoreReasons.GraylistedWeight);
            Log.PubSubPeerGraylisted(_logger, peer, score);
        }
        else if (!graylisted)
        {
            _graylisted.Remove(peer);
        }

        return graylisted;
    }

    /// <summary>Tells mesh peers not to send us a large message we now have (GS-5.5).</summary>
    private void SendDontWant(ReceivedMessage message, PeerId source)
    {
        if (_options.Router != PubSubRouterKind.Gossipsub || message.Message.DataSpan.Length < _options.IDontWantMessageThreshold
            || !_topics.TryGetValue(message.Topic, out var topic))
        {
            return;
        }

        ControlIDontWant? entry = null;
        foreach (var peerId in topic.Mesh)
        {
            if (peerId != source && _peers.TryGetValue(peerId, out var peer) && peer.Protocol == PubSubProtocol.Meshsub12)
            {
                peer.Outbox.AddIDontWant(entry ??= new ControlIDontWant([message.Id]));
            }
        }
    }
}
