namespace RustyNode.Protocols.BlockSync.CompactBlocks.Messages;

/// <summary>How the sender wants new blocks relayed to it (CB-2.1): high bandwidth (pushed) or low (announced).</summary>
public sealed record SendCompact(bool HighBandwidth, ulong Version) : CompactMessage
{
    /// <summary>Body size: mode byte and version.</summary>
    public const int BodySize = 1 + sizeof(ulong);

    public override CompactMessageCode Code => CompactMessageCode.SendCompact;
}
