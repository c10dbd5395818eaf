namespace RustyNode.Network.PubSub.Scoring;

/// <summary>
/// How a peer's behaviour in one topic counts toward its score (GS-8.2, the topic part of the
/// v1.1 score function). Decay factors apply once per <see cref="PeerScoreParameters.DecayInterval"/>.
/// Defaults live here and only here: they reward time in the mesh and first deliveries a little,
/// punish invalid messages hard, and leave the delivery-rate terms (P3, P3b) off because a useful
/// threshold depends on the topic's message rate, which only the protocol that owns it knows.
/// </summary>
public sealed class TopicScoreParameters
{
    /// <summary>Weight of this topic in the total. Default 1.</summary>
    public double TopicWeight { get; init; } = 1;

    /// <summary>P1 weight. Default 0.01.</summary>
    public double TimeInMeshWeight { get; init; } = 0.01;

    /// <summary>P1 quantum: time in mesh worth one point. Default 1 s.</summary>
    public TimeSpan TimeInMeshQuantum { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>P1 cap. Default 300 (so at most 3 points).</summary>
    public double TimeInMeshCap { get; init; } = 300;

    /// <summary>P2 weight. Default 0.5.</summary>
    public double FirstMessageDeliveriesWeight { get; init; } = 0.5;

    /// <summary>P2 decay. Default 0.9.</summary>
    public double FirstMessageDeliveriesDecay { get; init; } = 0.9;

    /// <summary>P2 cap. Default 20 (so at most 10 points).</summary>
    public double FirstMessageDeliveriesCap { get; init; } = 20;

    /// <summary>P3 weight (negative; 0 turns P3 off). Default 0.</summary>
    public double MeshMessageDeliveriesWeight { get; init; }

    /// <summary>P3 decay. Default 0.9.</summary>
    public double MeshMessageDeliveriesDecay { get; init; } = 0.9;

    /// <summary>P3 threshold: mesh deliveries (decayed) below which a mesh peer is penalised. Default 1.</summary>
    public double MeshMessageDeliveriesThreshold { get; init; } = 1;

    /// <summary>P3 cap. Default 20.</summary>
    public double MeshMessageDeliveriesCap { get; init; } = 20;

    /// <summary>P3 activation: time in mesh before P3 applies. Default 10 s.</summary>
    public TimeSpan MeshMessageDeliveriesActivation { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>P3 window: a duplicate arriving this soon after the first copy still counts. Default 10 ms.</summary>
    public TimeSpan MeshMessageDeliveriesWindow { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>P3b weight (negative; 0 turns P3b off). Default 0.</summary>
    public double MeshFailurePenaltyWeight { get; init; }

    /// <summary>P3b decay. Default 0.9.</summary>
    public double MeshFailurePenaltyDecay { get; init; } = 0.9;

    /// <summary>P4 weight (negative). Default -10: three invalid messages put a peer under the graylist threshold.</summary>
    public double InvalidMessageDeliveriesWeight { get; init; } = -10;

    /// <summary>P4 decay. Default 0.999 (half-life about 11.5 min at the default 1 s decay interval).</summary>
    public double InvalidMessageDeliveriesDecay { get; init; } = 0.999;

    /// <summary>Checks the parameters, throwing on a nonsensical value.</summary>
    public void Validate()
    {
        if (TopicWeight < 0)
        {
            throw new ArgumentException("TopicWeight must be zero or positive.");
        }

        if (TimeInMeshWeight < 0 || TimeInMeshQuantum <= TimeSpan.Zero || TimeInMeshCap < 0)
        {
            throw new ArgumentException("P1 needs a non-negative weight and cap and a positive quantum.");
        }

        if (FirstMessageDeliveriesWeight < 0 || FirstMessageDeliveriesCap < 0 || !IsDecay(FirstMessageDeliveriesDecay))
        {
            throw new ArgumentException("P2 needs a non-negative weight and cap and a decay in (0, 1).");
        }

        if (MeshMessageDeliveriesWeight > 0 || !IsDecay(MeshMessageDeliveriesDecay) || MeshMessageDeliveriesThreshold < 0
            || MeshMessageDeliveriesCap < MeshMessageDeliveriesThreshold || MeshMessageDeliveriesActivation < TimeSpan.FromSeconds(1)
            || MeshMessageDeliveriesWindow < TimeSpan.Zero)
        {
            throw new ArgumentException("P3 needs a weight <= 0, a decay in (0, 1), 0 <= threshold <= cap, an activation of at least 1 s and a window >= 0.");
        }

        if (MeshFailurePenaltyWeight > 0 || !IsDecay(MeshFailurePenaltyDecay))
        {
            throw new ArgumentException("P3b needs a weight <= 0 and a decay in (0, 1).");
        }

        if (InvalidMessageDeliveriesWeight > 0 || !IsDecay(InvalidMessageDeliveriesDecay))
        {
            throw new ArgumentException("P4 needs a weight <= 0 and a decay in (0, 1).");
        }
    }

    private static bool IsDecay(double value) => value is > 0 and < 1;
}
