namespace RustyNode.Network.PubSub;

/// <summary>How messages are signed and what is accepted (PS-5.1).</summary>
public enum SignaturePolicy
{
    /// <summary>Sign our messages; require from, seqno and a valid signature on every message.</summary>
    StrictSign,

    /// <summary>Send anonymous messages; require from, seqno, signature and key to be absent.</summary>
    StrictNoSign,
}
