using RustyNode.Consensus.Model;

namespace RustyNode.Protocols.TxProp.Messages;

/// <summary>One transaction in its canonical serialization (TX-2.3).</summary>
public sealed record TxDataMessage(Transaction Transaction) : TxMessage
{
    /// <inheritdoc />
    public override TxMessageCode Code => TxMessageCode.TxData;
}
