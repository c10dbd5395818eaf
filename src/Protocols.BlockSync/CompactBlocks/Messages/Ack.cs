namespace RustyNode.Protocols.BlockSync.CompactBlocks.Messages;

/// <summary>Answers SendCompact, a pushed CompactBlock and NewBlock (CB-2.7); no body.</summary>
public sealed record Ack : CompactMessage
{
    public static Ack Instance { get; } = new();

    public override CompactMessageCode Code => CompactMessageCode.Ack;
}
