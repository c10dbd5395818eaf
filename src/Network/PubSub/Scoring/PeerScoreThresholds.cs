namespace RustyNode.Network.PubSub.Scoring;

/// <summary>The score thresholds of GS-8.3. Defaults live here and only here.</summary>
public sealed class PeerScoreThresholds
{
    /// <summary>Below this no gossip goes to the peer and its gossip is ignored. Default -10.</summary>
    public double GossipThreshold { get; init; } = -10;

    /// <summary>Below this our own messages are not flood-published to the peer. Default -50.</summary>
    public double PublishThreshold { get; init; } = -50;

    /// <summary>Below this every RPC of the peer is ignored. Default -80.</summary>
    public double GraylistThreshold { get; init; } = -80;

    /// <summary>Peer exchange is followed only from peers at or above this. Default 10.</summary>
    public double AcceptPXThreshold { get; init; } = 10;

    /// <summary>A mesh whose median score is below this gets opportunistic grafts. Default 5.</summary>
    public double OpportunisticGraftThreshold { get; init; } = 5;

    /// <summary>Checks the ordering the spec requires, throwing when it does not hold.</summary>
    public void Validate()
    {
        if (GossipThreshold > 0 || PublishThreshold > GossipThreshold || GraylistThreshold >= PublishThreshold)
        {
            throw new ArgumentException("Thresholds must satisfy 0 >= gossip >= publish > graylist.");
        }

        if (AcceptPXThreshold < 0 || OpportunisticGraftThreshold < 0)
        {
            throw new ArgumentException("AcceptPXThreshold and OpportunisticGraftThreshold must be zero or positive.");
        }
    }
}
