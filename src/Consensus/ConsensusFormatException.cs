namespace RustyNode.Consensus;

/// <summary>
/// Raised by the consensus codecs when bytes are malformed (non-canonical CompactSize, trailing
/// garbage) or exceed one of <see cref="ChainLimits"/>. The facade catches it and reports
/// <see cref="RejectReason.Malformed"/> or <see cref="RejectReason.Oversize"/>; it never escapes to a peer loop.
/// </summary>
public sealed class ConsensusFormatException : Exception
{
    public ConsensusFormatException()
    {
    }

    public ConsensusFormatException(string message)
        : base(message)
    {
    }

    public ConsensusFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the input broke a size or count limit rather than the format itself.</summary>
    public bool IsOverLimit { get; init; }

    internal static ConsensusFormatException OverLimit(string what, long value, long limit) =>
        new($"{what} {value} exceeds the limit {limit}") { IsOverLimit = true };
}
