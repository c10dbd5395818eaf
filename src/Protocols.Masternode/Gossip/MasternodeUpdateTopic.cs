using System.Buffers;
using Microsoft.Extensions.Logging;
using RustyNode.Consensus.Primitives;
using RustyNode.Network;
using RustyNode.Network.Identity;
using RustyNode.Network.PubSub;
using RustyNode.Protocols.Masternode.Liveness;
using RustyNode.Protocols.Masternode.Messages;

namespace RustyNode.Protocols.Masternode.Gossip;

/// <summary>
/// The pubsub topic of operator updates (MN-9): registered with the router with a validator that
/// decodes each message and has the behaviour judge it before the router relays it (signature by the
/// current operator key, freshness, rate per masternode). A rejected message is scored by the router
/// (PS-7.3) and here with <see cref="MasternodeScoreReasons.BadUpdate"/>. The node subscribes so it
/// receives and relays; delivered messages were already taken in by the validator and are counted.
/// Created by <see cref="MasternodeBehaviour.JoinUpdateTopic"/>; disposed with the behaviour.
/// </summary>
public sealed class MasternodeUpdateTopic : IAsyncDisposable
{
    private readonly PubSubRouter _router;
    private readonly Func<MasternodeUpdate, PeerId?, UpdateVerdict> _judge;
    private readonly Action<PeerId, string, double, string> _report;
    private readonly PubSubSubscription _subscription;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Task _drain;
    private long _delivered;
    private long _rejected;
    private long _ignored;
    private int _disposed;

    internal MasternodeUpdateTopic(PubSubRouter router, Func<MasternodeUpdate, PeerId?, UpdateVerdict> judge, Action<PeerId, string, double, string> report, ILogger logger)
    {
        _router = router;
        _judge = judge;
        _report = report;
        router.RegisterTopic(MasternodeProtocol.UpdatesTopic, new TopicOptions { Validator = ValidateAsync, MaxMessageSize = MasternodeLimits.MaxUpdateGossipMessage });
        _subscription = router.Subscribe(MasternodeProtocol.UpdatesTopic);
        _drain = DrainAsync(_shutdown.Token);
        BackgroundTask.Forget(_drain, logger, "masternode update topic");
    }

    /// <summary>Updates delivered to this node's subscription (valid, from peers).</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Messages the validator rejected (malformed, forged, stale beyond doubt).</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Messages the validator ignored (unknown block, not newer, over the rate).</summary>
    public long Ignored => Interlocked.Read(ref _ignored);

    /// <summary>Publishes <paramref name="update"/>; it passes our own validator first (GS-9.2), which throws when it does not accept it.</summary>
    public async ValueTask<PublishResult> PublishAsync(MasternodeUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        var payload = new byte[MasternodeMessageCodec.GetSize(update)];
        MasternodeMessageCodec.Write(update, payload);
        return await _router.PublishAsync(MasternodeProtocol.UpdatesTopic, payload, cancellationToken);
    }

    /// <summary>Leaves the topic. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _shutdown.CancelAsync();
        _subscription.Dispose();
        try
        {
            await _drain;
        }
        catch (OperationCanceledException)
        {
        }

        _shutdown.Dispose();
    }

    /// <summary>The topic's validator (GS-9.1): malformed → reject; otherwise the behaviour's verdict, one to one.</summary>
    private ValueTask<ValidationResult> ValidateAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        UpdateVerdict verdict;
        MasternodeUpdate? update = null;
        try
        {
            update = MasternodeMessageCodec.Parse(new ReadOnlySequence<byte>(message.Data)) as MasternodeUpdate;
            verdict = update is null ? UpdateVerdict.Reject("not a MasternodeUpdate") : _judge(update, message.ReceivedFrom);
        }
        catch (MasternodeProtocolException ex)
        {
            verdict = UpdateVerdict.Reject(ex.Message);
        }

        switch (verdict.Kind)
        {
            case UpdateVerdictKind.Accept:
                return ValueTask.FromResult(ValidationResult.Accept);
            case UpdateVerdictKind.Reject:
                Interlocked.Increment(ref _rejected);
                if (message.ReceivedFrom is { } peer)
                {
                    _report(peer, MasternodeScoreReasons.BadUpdate, MasternodeScoreReasons.BadUpdateWeight, $"update {update?.ProTxHash}: {verdict.Reason}");
                }

                return ValueTask.FromResult(ValidationResult.Reject);
            default:
                Interlocked.Increment(ref _ignored);
                return ValueTask.FromResult(ValidationResult.Ignore);
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in _subscription.Messages.ReadAllAsync(cancellationToken))
        {
            Interlocked.Increment(ref _delivered);
        }
    }
}
