using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.TxProp.Messages;

/// <summary>Ids of a GetData that the responder does not have (TX-2.4): at most MaxNotFoundIds.</summary>
/// <param name="TxIds">The ids, in the sender's order (announcement and request order matter: TX-3.4, TX-4.8).</param>
public sealed record NotFoundMessage(IReadOnlyList<Hash256> TxIds) : TxMessage
{
    /// <inheritdoc />
    public override TxMessageCode Code => TxMessageCode.NotFound;
}
