using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Primitives;
using RustyNode.Network.Identity;
using RustyNode.Network.PubSub;
using RustyNode.Protocols.Masternode.Gossip;
using RustyNode.Protocols.Masternode.Liveness;
using RustyNode.Protocols.Masternode.Messages;

namespace RustyNode.Protocols.Masternode;

public sealed partial class MasternodeBehaviour
{
    private MasternodeUpdateTopic? _updateTopic;

    /// <summary>The updates topic once <see cref="JoinUpdateTopic"/> was called.</summary>
    public MasternodeUpdateTopic? UpdateTopic => _updateTopic;

    /// <summary>
    /// Registers and subscribes the updates topic on <paramref name="router"/> (MN-9.1) with this behaviour
    /// judging every message before it is relayed. Call once, after the swarm attached the behaviour.
    /// </summary>
    public MasternodeUpdateTopic JoinUpdateTopic(PubSubRouter router)
    {
        ArgumentNullException.ThrowIfNull(router);
        var topic = new MasternodeUpdateTopic(router, ProcessUpdate, Report, _logger);
        if (Interlocked.CompareExchange(ref _updateTopic, topic, null) is not null)
        {
            throw new InvalidOperationException("The updates topic was joined already.");
        }

        return topic;
    }

    /// <summary>
    /// Signs a fresh update of a masternode the node operates and publishes it on the topic (MN-9.4);
    /// null when the node does not hold its current operator key.
    /// </summary>
    /// <exception cref="InvalidOperationException">The topic was not joined, or our own validator refused the update (too soon after the last one).</exception>
    public async ValueTask<(MasternodeUpdate Update, PublishResult Published)?> PublishUpdateAsync(Hash256 proTxHash, MasternodeStatus status, CancellationToken cancellationToken)
    {
        var topic = _updateTopic ?? throw new InvalidOperationException("The updates topic is not joined.");
        if (CreateUpdate(proTxHash, status) is not { } update)
        {
            return null;
        }

        return (update, await topic.PublishAsync(update, cancellationToken));
    }
    /// <summary>
    /// Judges an update received from <paramref name="from"/> (null for our own) (MN-9); an accepted one
    /// is recorded and may revive a PoSe-banned masternode (MN-10.6). The pubsub topic's validator calls this.
    /// </summary>
    public UpdateVerdict ProcessUpdate(MasternodeUpdate update, PeerId? from)
    {
        ArgumentNullException.ThrowIfNull(update);
        var verdict = Updates.Validate(update, out var entry);
        Log.UpdateJudged(_logger, update.ProTxHash, from, verdict);
        if (verdict.Kind == UpdateVerdictKind.Accept && PoSe.OnUpdate(entry!, update.Status, update.Timestamp))
        {
            Log.PoSeRevived(_logger, update.ProTxHash, "an update signed after the ban");
        }

        return verdict;
    }

    /// <summary>
    /// A new update of a masternode the node operates, signed with its current operator key, naming the
    /// best header and the local time (MN-4.1); null when the node does not hold that key.
    /// </summary>
    public MasternodeUpdate? CreateUpdate(Hash256 proTxHash, MasternodeStatus status)
    {
        if (FindOperated(proTxHash, out var key) is null || key is null)
        {
            return null;
        }

        var unsigned = new MasternodeUpdate(proTxHash, _chain.BestHeader.Hash, (ulong)Swarm.TimeProvider.GetUtcNow().ToUnixTimeSeconds(), status, []);
        return unsigned with { Signature = PayloadSignature.Sign(key, unsigned.SigningHash()) };
    }
}
