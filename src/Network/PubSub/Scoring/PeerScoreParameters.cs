namespace RustyNode.Network.PubSub.Scoring;

/// <summary>
/// The peer-wide part of the v1.1 score function (GS-8.2): P5 application score, P6 IP
/// colocation, P7 behaviour penalty, the topic cap, decay and retention. Defaults live here and
/// only here.
/// </summary>
public sealed class PeerScoreParameters
{
    /// <summary>Cap on the sum of the topic terms (0 for none). Default 50.</summary>
    public double TopicScoreCap { get; init; } = 50;

    /// <summary>P5 weight; the application sets P5 per peer. Default 1.</summary>
    public double AppSpecificWeight { get; init; } = 1;

    /// <summary>P6 weight (negative; 0 turns P6 off). Default -5.</summary>
    public double IPColocationFactorWeight { get; init; } = -5;

    /// <summary>P6 threshold: peers sharing one IP beyond this many are penalised. Default 10.</summary>
    public int IPColocationFactorThreshold { get; init; } = 10;

    /// <summary>P7 weight (negative). Default -10.</summary>
    public double BehaviourPenaltyWeight { get; init; } = -10;

    /// <summary>P7 threshold: penalties up to this many are free (honest peers break a promise now and then). Default 2.</summary>
    public double BehaviourPenaltyThreshold { get; init; } = 2;

    /// <summary>P7 decay. Default 0.9.</summary>
    public double BehaviourPenaltyDecay { get; init; } = 0.9;

    /// <summary>How often counters decay. Default 1 s.</summary>
    public TimeSpan DecayInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A decayed counter below this is zero. Default 0.01.</summary>
    public double DecayToZero { get; init; } = 0.01;

    /// <summary>How long a disconnected peer's score is kept (so leaving does not wash it). Default 1 h.</summary>
    public TimeSpan RetainScore { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Checks the parameters, throwing on a nonsensical value.</summary>
    public void Validate()
    {
        if (TopicScoreCap < 0 || AppSpecificWeight < 0)
        {
            throw new ArgumentException("TopicScoreCap and AppSpecificWeight must be zero or positive.");
        }

        if (IPColocationFactorWeight > 0 || (IPColocationFactorWeight != 0 && IPColocationFactorThreshold < 1))
        {
            throw new ArgumentException("P6 needs a weight <= 0 and a threshold of at least 1.");
        }

        if (BehaviourPenaltyWeight > 0 || BehaviourPenaltyThreshold < 0 || BehaviourPenaltyDecay is <= 0 or >= 1)
        {
            throw new ArgumentException("P7 needs a weight <= 0, a threshold >= 0 and a decay in (0, 1).");
        }

        if (DecayInterval < TimeSpan.FromMilliseconds(100) || DecayToZero is <= 0 or >= 1 || RetainScore < TimeSpan.Zero)
        {
            throw new ArgumentException("DecayInterval must be at least 100 ms, DecayToZero in (0, 1) and RetainScore >= 0.");
        }
    }
}
