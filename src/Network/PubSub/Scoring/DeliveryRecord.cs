using RustyNode.Network.Identity;

namespace RustyNode.Network.PubSub.Scoring;

/// <summary>One message's delivery history: its validation status and who else delivered it.</summary>
internal sealed class DeliveryRecord
{
    public DeliveryRecord(long firstSeen)
    {
        FirstSeen = firstSeen;
    }

    public DeliveryStatus Status { get; set; }

    public long FirstSeen { get; }

    /// <summary>When validation finished (0 while it runs).</summary>
    public long Validated { get; set; }

    /// <summary>Peers other than the first that delivered the message (created on first use).</summary>
    public HashSet<PeerId>? Peers { get; set; }
}
