namespace RustyNode.Network.Protection;

/// <summary>Hard bounds on what protection itself keeps, whatever peers do.</summary>
public static class ProtectionLimits
{
    /// <summary>Most peers whose state (buckets, counters, reputation) is tracked; idle ones are dropped first.</summary>
    public const int MaxTrackedPeers = 10_000;

    /// <summary>Lowest reputation a peer can reach; keeps a long flood from needing a long recovery.</summary>
    public const double MinReputation = -1_000;

    /// <summary>Highest reputation a peer can earn.</summary>
    public const double MaxReputation = 100;

    /// <summary>Longest ban the control interface accepts: ten years.</summary>
    public static readonly TimeSpan MaxBanDuration = TimeSpan.FromDays(3650);
}
