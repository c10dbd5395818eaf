namespace RustyNode.Protocols.BlockSync.CompactBlocks.Messages;

/// <summary>The responder does not store the block asked for (CB-2.4, CB-2.5); no body.</summary>
public sealed record NotFound : CompactMessage
{
    public static NotFound Instance { get; } = new();

    public override CompactMessageCode Code => CompactMessageCode.NotFound;
}
