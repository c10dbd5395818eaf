namespace RustyNode.Network.PubSub;

/// <summary>An application validator's verdict on a message (GS-9.1).</summary>
public enum ValidationResult
{
    /// <summary>Valid: deliver and forward.</summary>
    Accept,

    /// <summary>Invalid: drop, and count it against every peer that sent it (P4).</summary>
    Reject,

    /// <summary>Drop without penalty (e.g. we cannot judge it yet).</summary>
    Ignore,
}
