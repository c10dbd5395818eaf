namespace RustyNode.Protocols.TxProp.Messages;

/// <summary>The minimum fee rate, in base units per 1,000 bytes, of transactions the sender wants announced (TX-2.5).</summary>
public sealed record FeeFilterMessage(ulong FeeRatePerKb) : TxMessage
{
    /// <inheritdoc />
    public override TxMessageCode Code => TxMessageCode.FeeFilter;
}
