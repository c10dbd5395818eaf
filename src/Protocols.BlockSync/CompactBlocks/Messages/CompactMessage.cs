namespace RustyNode.Protocols.BlockSync.CompactBlocks.Messages;

/// <summary>A compact-blocks message (CB-2); <see cref="CompactMessageCodec"/> maps it to and from bytes.</summary>
public abstract record CompactMessage
{
    /// <summary>The message's code.</summary>
    public abstract CompactMessageCode Code { get; }
}
