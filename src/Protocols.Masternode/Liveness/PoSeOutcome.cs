namespace RustyNode.Protocols.Masternode.Liveness;

/// <summary>How one PoSe challenge ended (MN-10.2, MN-10.3).</summary>
public enum PoSeOutcome
{
    /// <summary>A response with the challenge's hashes, signed by the operator key in our list.</summary>
    Answered,

    /// <summary>Nobody accepted a connection at the service address, or the connection's upgrade failed.</summary>
    DialFailed,

    /// <summary>The peer at the address reset the challenge or does not speak the protocol.</summary>
    Refused,

    /// <summary>No answer within the PoSe timeout.</summary>
    TimedOut,

    /// <summary>An answer with other hashes, of another type, or a signature that does not verify.</summary>
    BadResponse,
}
