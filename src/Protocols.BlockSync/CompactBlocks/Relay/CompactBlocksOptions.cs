namespace RustyNode.Protocols.BlockSync.CompactBlocks.Relay;

/// <summary>Settings of compact block relay (specs/protocols/03-compact-blocks.md). Defaults live here and only here.</summary>
public sealed class CompactBlocksOptions
{
    /// <summary>
    /// Whether the node speaks /rusty/compact-blocks/1.0 at all (--compact-blocks on|off). Default on.
    /// Off leaves new blocks to block sync alone (the baseline of the propagation comparison).
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time a compact-blocks request has for its response (RR-4.1). Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long block sync leaves a new block on our tip to compact relay when a peer speaks it,
    /// before downloading it in full (CB-5.1). Default 1 s.
    /// </summary>
    public TimeSpan FullBlockGrace { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws on a nonsensical value.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(FullBlockGrace, TimeSpan.Zero);
    }
}
