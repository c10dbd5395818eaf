namespace RustyNode.Protocols.BlockSync.Messages;

/// <summary>Asks for the responder's active-chain blocks at heights <paramref name="StartHeight"/> to <paramref name="EndHeight"/>, inclusive (BS-2.3).</summary>
public sealed record BlockRequest(uint StartHeight, uint EndHeight) : BlockSyncMessage
{
    /// <inheritdoc />
    public override MessageCode Code => MessageCode.BlockRequest;

    /// <summary>Blocks asked for.</summary>
    public long Count => (long)EndHeight - StartHeight + 1;
}
