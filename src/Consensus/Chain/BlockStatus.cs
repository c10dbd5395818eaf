namespace RustyNode.Consensus.Chain;

/// <summary>What is known about a block in the index (persisted as an integer).</summary>
[Flags]
public enum BlockStatus
{
    /// <summary>Only the header is known and valid.</summary>
    HeaderValid = 0,

    /// <summary>The full block passed the context-free checks and its bytes are stored.</summary>
    HaveData = 1,

    /// <summary>The block failed validation; it and its descendants are refused.</summary>
    Invalid = 2,
}
