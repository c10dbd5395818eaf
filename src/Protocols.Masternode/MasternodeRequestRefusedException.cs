namespace RustyNode.Protocols.Masternode;

/// <summary>
/// The node will not answer a request (an unknown or inactive block, a diff over the limits, a PoSe
/// challenge for a masternode it does not operate): the request/response layer resets the stream, which
/// the requester reads as a refusal (RR-1.4, MN-6). Not the peer's fault, so never scored.
/// </summary>
public sealed class MasternodeRequestRefusedException : Exception
{
    public MasternodeRequestRefusedException()
    {
    }

    public MasternodeRequestRefusedException(string message)
        : base(message)
    {
    }

    public MasternodeRequestRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
