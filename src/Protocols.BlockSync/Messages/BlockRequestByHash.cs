using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.BlockSync.Messages;

/// <summary>Asks for stored blocks by hash, 1 to 500 distinct hashes (BS-2.4).</summary>
public sealed record BlockRequestByHash(IReadOnlyList<Hash256> Hashes) : BlockSyncMessage
{
    /// <inheritdoc />
    public override MessageCode Code => MessageCode.BlockRequestByHash;
}
