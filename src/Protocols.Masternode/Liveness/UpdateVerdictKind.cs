namespace RustyNode.Protocols.Masternode.Liveness;

/// <summary>What becomes of a <see cref="Messages.MasternodeUpdate"/> (MN-9.1, MN-9.3); pubsub validators map it one to one.</summary>
public enum UpdateVerdictKind
{
    /// <summary>Valid and fresh: take it in and relay it.</summary>
    Accept,

    /// <summary>Provably bad whoever relays it: drop it and score the sender.</summary>
    Reject,

    /// <summary>Not for us now (old, too frequent, a block we do not know): drop it without scoring anyone.</summary>
    Ignore,
}
