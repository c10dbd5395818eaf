namespace RustyNode.Protocols.Masternode.Liveness;

/// <summary>The numbers of Proof of Service (MN-10), the same on every node.</summary>
public static class PoSeRules
{
    /// <summary>Masternodes a node challenges after each block (fewer when fewer are eligible) (MN-10.1).</summary>
    public const int ChallengesPerBlock = 4;

    /// <summary>Penalty a failed challenge adds (MN-10.3).</summary>
    public const int FailurePenalty = 34;

    /// <summary>Penalty taken off per block (MN-10.4).</summary>
    public const int DecayPerBlock = 1;

    /// <summary>A penalty at or above this bans the masternode from the node's view of serving masternodes (MN-10.5).</summary>
    public const int BanThreshold = 100;
}
