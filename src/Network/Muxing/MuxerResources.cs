namespace RustyNode.Network.Muxing;

/// <summary>
/// What a muxer session consults about one connection's inbound traffic: the remote's budget for
/// unasked traffic (PROT-2) and the connection's memory budget (RCM). Either may be absent (no limit).
/// </summary>
/// <param name="Budget">The remote's unasked-traffic budget, or null.</param>
/// <param name="Memory">The connection's memory budget, or null.</param>
public sealed record MuxerResources(IInboundBudget? Budget, IMuxerMemory? Memory)
{
    /// <summary>No budget and no memory limit.</summary>
    public static MuxerResources None { get; } = new(null, null);
}
