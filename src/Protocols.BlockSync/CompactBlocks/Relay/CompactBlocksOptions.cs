namespace RustyNode.Protocols.BlockSync.CompactBlocks.Relay;

/// <summary>Settings of compact block relay (specs/protocols/03-compact-blocks.md). Defaults live here and only here.</summary>
public sealed class CompactBlocksOptions
{
    /// <summary>Time a compact-blocks request has for its response (RR-4.1). Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws on a nonsensical value.</summary>
    public void Validate() => ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero);
}
