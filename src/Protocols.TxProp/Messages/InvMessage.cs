using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.TxProp.Messages;

/// <summary>Announces transaction ids the sender has validated into its mempool (TX-2.1): at most MaxInvIds.</summary>
/// <param name="TxIds">The ids, in the sender's order (announcement and request order matter: TX-3.4, TX-4.8).</param>
public sealed record InvMessage(IReadOnlyList<Hash256> TxIds) : TxMessage
{
    /// <inheritdoc />
    public override TxMessageCode Code => TxMessageCode.Inv;
}
