namespace RustyNode.Protocols.BlockSync.CompactBlocks.Relay;

/// <summary>What the relay must do after a compact block or BlockTxs arrived (CB-5).</summary>
public enum ReceiveAction
{
    /// <summary>Nothing: a known block, one that does not extend our tip, or a duplicate.</summary>
    None,

    /// <summary>The block is rebuilt: hand it to the chain.</summary>
    Connect,

    /// <summary>Send the one GetBlockTxs in <see cref="ReceiveOutcome.Request"/>.</summary>
    RequestTransactions,

    /// <summary>Fetch the full block through block sync.</summary>
    FetchFullBlock,
}
