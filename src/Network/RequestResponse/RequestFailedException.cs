using RustyNode.Network.Identity;

namespace RustyNode.Network.RequestResponse;

/// <summary>
/// An outbound request ended without a response; <see cref="Reason"/> says why (RR-5). Cancelling
/// the caller's own token raises <see cref="OperationCanceledException"/> instead.
/// </summary>
public sealed class RequestFailedException : Exception
{
    public RequestFailedException()
    {
    }

    public RequestFailedException(string message)
        : base(message)
    {
    }

    public RequestFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RequestFailedException(PeerId peer, RequestFailure reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Peer = peer;
        Reason = reason;
    }

    /// <summary>The peer the request was for.</summary>
    public PeerId? Peer { get; }

    /// <summary>Why the request failed.</summary>
    public RequestFailure Reason { get; }
}
