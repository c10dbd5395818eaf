using RustyNode.Network;

namespace RustyNode.Protocols.TxProp;

/// <summary>A peer broke the transaction relay protocol (a malformed or oversize message, a stream of the wrong kind).</summary>
public sealed class TxPropProtocolException : Libp2pProtocolException
{
    public TxPropProtocolException()
    {
    }

    public TxPropProtocolException(string message)
        : base(message)
    {
    }

    public TxPropProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the message broke a size or count limit (rather than being malformed).</summary>
    public bool IsOverLimit { get; init; }
}
