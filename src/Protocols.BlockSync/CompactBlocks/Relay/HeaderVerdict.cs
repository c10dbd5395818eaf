namespace RustyNode.Protocols.BlockSync.CompactBlocks.Relay;

/// <summary>What the chain says about the header of a compact block (CB-5.1).</summary>
public enum HeaderVerdict
{
    /// <summary>Valid, new, and its parent is the active tip: rebuild it.</summary>
    Extends,

    /// <summary>The block is already stored: nothing to do.</summary>
    Known,

    /// <summary>Its parent is unknown or not the tip: block sync fetches it if it wins (not scored, CB-6.2).</summary>
    NotNext,

    /// <summary>Bad proof of work or another CHAIN-4 failure: scored.</summary>
    Invalid,
}
