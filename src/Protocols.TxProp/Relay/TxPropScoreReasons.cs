using RustyNode.Consensus;

namespace RustyNode.Protocols.TxProp.Relay;

/// <summary>What transaction relay reports to peer scoring, with weights (TX-7).</summary>
public static class TxPropScoreReasons
{
    /// <summary>A message that breaks TX-2, or a stream of the wrong kind (TX-7.1).</summary>
    public const string MalformedMessage = "tx-prop malformed message";

    public const double MalformedMessageWeight = -20;

    /// <summary>A message over a size or count limit (TX-7.1).</summary>
    public const string OversizeMessage = "tx-prop oversize message";

    public const double OversizeMessageWeight = -20;

    /// <summary>A transaction we did not ask for, or asked for once and got twice (TX-7.2).</summary>
    public const string UnrequestedTransaction = "tx-prop unrequested transaction";

    public const double UnrequestedTransactionWeight = -10;

    /// <summary>A transaction that breaks a consensus rule: the sender's fault (TX-7.3).</summary>
    public const string InvalidTransaction = "tx-prop invalid transaction";

    public const double InvalidTransactionWeight = -50;

    /// <summary>Inv messages beyond the flood rate (TX-7.4).</summary>
    public const string InvFlood = "tx-prop inv flood";

    public const double InvFloodWeight = -5;

    /// <summary>
    /// True when a transaction refused for <paramref name="reason"/> proves its sender relayed
    /// something invalid (TX-7.3), as Bitcoin Core tells consensus failures from policy: a
    /// transaction refused by policy, for conflicts, for missing inputs or for being known may be
    /// valid elsewhere or later, and its sender is not at fault.
    /// </summary>
    public static bool IsSendersFault(RejectReason reason) => reason switch
    {
        RejectReason.Malformed
        or RejectReason.NoInputs
        or RejectReason.NoOutputs
        or RejectReason.NegativeOrLargeOutput
        or RejectReason.TotalOutputTooLarge
        or RejectReason.DuplicateInput
        or RejectReason.BadCoinbaseScript
        or RejectReason.NullPrevout
        or RejectReason.Overspend
        or RejectReason.BadSignature
        or RejectReason.BadSpecialPayload
        or RejectReason.CoinbaseInMempool => true,
        _ => false,
    };
}
