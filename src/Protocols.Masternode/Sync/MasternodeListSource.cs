namespace RustyNode.Protocols.Masternode.Sync;

/// <summary>Where a list the node holds came from (MN-7).</summary>
public enum MasternodeListSource
{
    /// <summary>The empty list of a block below the activation height (MNL-3.1): known without asking anyone.</summary>
    Rule,

    /// <summary>The node's own chain computed it from the blocks it connected.</summary>
    Chain,

    /// <summary>A peer's diff, checked against the header's commitment (MN-3.3).</summary>
    Diff,

    /// <summary>A peer's full list, checked chunk by chunk against the header's commitment (MN-2.3).</summary>
    Full,
}
