namespace RustyNode.Protocols.BlockSync.Messages;

/// <summary>
/// The answer to a block request: serialized blocks (CHAIN-1.9), in request order, at most 500 and
/// at most 10 MiB of payload (BS-2.5). The bytes are parsed by the sync manager, which scores a
/// block that does not parse.
/// </summary>
public sealed record BlockResponse(IReadOnlyList<ReadOnlyMemory<byte>> Blocks) : BlockSyncMessage
{
    /// <inheritdoc />
    public override MessageCode Code => MessageCode.BlockResponse;
}
