using RustyNode.Network;

namespace RustyNode.Protocols.Masternode;

/// <summary>
/// A masternode message broke its layout or one of <see cref="MasternodeLimits"/>. The caller
/// reports the peer and closes the stream; it never escapes a peer loop.
/// </summary>
public sealed class MasternodeProtocolException : Libp2pProtocolException
{
    public MasternodeProtocolException()
    {
    }

    public MasternodeProtocolException(string message)
        : base(message)
    {
    }

    public MasternodeProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when a count or length was over its limit rather than the layout broken.</summary>
    public bool IsOverLimit { get; init; }

    internal static MasternodeProtocolException OverLimit(string what, ulong value, long limit) =>
        new($"{what} {value} exceeds the limit {limit}") { IsOverLimit = true };
}
