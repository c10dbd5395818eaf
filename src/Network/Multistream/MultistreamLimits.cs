namespace RustyNode.Network.Multistream;

/// <summary>Bounds on what a peer may send during multistream-select (MSS-4).</summary>
public static class MultistreamLimits
{
    /// <summary>
    /// Largest message, in bytes, counting the trailing newline (the value of the length prefix).
    /// Checked on the length prefix, before any of the message is buffered.
    /// </summary>
    public const int MaxMessageLength = 1024;

    /// <summary>Most protocol proposals a listener answers in one negotiation before giving up.</summary>
    public const int MaxProposals = 64;
}
