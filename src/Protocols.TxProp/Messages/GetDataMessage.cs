using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.TxProp.Messages;

/// <summary>Asks for transactions by id (TX-2.2): at most MaxGetDataIds.</summary>
/// <param name="TxIds">The ids, in the sender's order (announcement and request order matter: TX-3.4, TX-4.8).</param>
public sealed record GetDataMessage(IReadOnlyList<Hash256> TxIds) : TxMessage
{
    /// <inheritdoc />
    public override TxMessageCode Code => TxMessageCode.GetData;
}
