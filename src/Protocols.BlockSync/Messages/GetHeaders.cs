using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.BlockSync.Messages;

/// <summary>
/// Asks for the headers of the responder's active chain after the first <paramref name="Locator"/>
/// hash it knows, up to <paramref name="Stop"/> (zero: no stop) or 2,000 headers (BS-2.1, BS-3.1).
/// </summary>
/// <param name="Locator">At most 101 hashes, newest first.</param>
/// <param name="Stop">The last header wanted, or <see cref="Hash256.Zero"/>.</param>
public sealed record GetHeaders(IReadOnlyList<Hash256> Locator, Hash256 Stop) : BlockSyncMessage
{
    /// <inheritdoc />
    public override MessageCode Code => MessageCode.GetHeaders;
}
