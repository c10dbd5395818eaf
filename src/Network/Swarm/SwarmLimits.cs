namespace RustyNode.Network.Swarm;

/// <summary>Bounds of the swarm itself.</summary>
public static class SwarmLimits
{
    /// <summary>Events kept for an application that does not read them; older ones are dropped (CONN-3.3).</summary>
    public const int MaxPendingEvents = 10_000;
}
