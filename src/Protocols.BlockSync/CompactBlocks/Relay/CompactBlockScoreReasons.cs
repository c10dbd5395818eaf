namespace RustyNode.Protocols.BlockSync.CompactBlocks.Relay;

/// <summary>What compact block relay reports to peer protection, with weights (CB-6.1).</summary>
public static class CompactBlockScoreReasons
{
    /// <summary>A message that breaks CB-1 or CB-2 (CB-1.4).</summary>
    public const string Malformed = "compact block malformed";

    public const double MalformedWeight = -20;

    /// <summary>A compact block or NewBlock whose header has bad proof of work or breaks CHAIN-4.</summary>
    public const string InvalidHeader = "compact block invalid header";

    public const double InvalidHeaderWeight = -200;

    /// <summary>A prefilled or requested index out of range (CB-2.3, CB-2.5).</summary>
    public const string BadIndexes = "bad compact block indexes";

    public const double BadIndexesWeight = -100;

    /// <summary>A BlockTxs for another block or with another count than asked (CB-5.3).</summary>
    public const string WrongBlockTxs = "wrong block txs";

    public const double WrongBlockTxsWeight = -100;

    /// <summary>A CompactBlock or BlockTxs answer nobody asked for.</summary>
    public const string Unrequested = "unrequested compact data";

    public const double UnrequestedWeight = -20;

    /// <summary>The weight of <paramref name="reason"/>.</summary>
    public static double WeightOf(string reason) => reason switch
    {
        Malformed => MalformedWeight,
        InvalidHeader => InvalidHeaderWeight,
        BadIndexes => BadIndexesWeight,
        WrongBlockTxs => WrongBlockTxsWeight,
        Unrequested => UnrequestedWeight,
        _ => throw new ArgumentException($"Unknown compact-block score reason '{reason}'.", nameof(reason)),
    };
}
