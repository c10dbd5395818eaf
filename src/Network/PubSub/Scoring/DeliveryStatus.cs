namespace RustyNode.Network.PubSub.Scoring;

/// <summary>Where a message stands in validation, as the scorer tracks it.</summary>
internal enum DeliveryStatus
{
    /// <summary>Seen; validation not finished.</summary>
    Unknown,

    /// <summary>Accepted.</summary>
    Valid,

    /// <summary>Rejected: every peer that delivered it is penalised (P4).</summary>
    Invalid,

    /// <summary>Ignored: nobody is rewarded or penalised.</summary>
    Ignored,
}
