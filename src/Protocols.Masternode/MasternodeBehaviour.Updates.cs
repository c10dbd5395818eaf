using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Primitives;
using RustyNode.Network.Identity;
using RustyNode.Protocols.Masternode.Liveness;
using RustyNode.Protocols.Masternode.Messages;

namespace RustyNode.Protocols.Masternode;

public sealed partial class MasternodeBehaviour
{
    /// <summary>
    /// Judges an update received from <paramref name="from"/> (null for our own) (MN-9); an accepted one
    /// is recorded and may revive a PoSe-banned masternode (MN-10.7). The pubsub topic's validator calls this.
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
