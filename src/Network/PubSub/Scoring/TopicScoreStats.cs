namespace RustyNode.Network.PubSub.Scoring;

/// <summary>The counters behind one peer's P1 to P4 in one topic.</summary>
internal sealed class TopicScoreStats
{
    public bool InMesh { get; set; }

    /// <summary>Timestamp of the last GRAFT (for P1 and P3's activation).</summary>
    public long GraftedAt { get; set; }

    public double FirstMessageDeliveries { get; set; }

    public double MeshMessageDeliveries { get; set; }

    public double MeshFailurePenalty { get; set; }

    public double InvalidMessageDeliveries { get; set; }
}
