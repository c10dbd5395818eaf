namespace RustyNode.Consensus.Chain;

/// <summary>Amounts (CHAIN-5.3): base units, 100,000,000 per coin, never more than 21 million coins.</summary>
public static class Money
{
    /// <summary>Base units per coin.</summary>
    public const long Coin = 100_000_000;

    /// <summary>Largest amount any output or sum of outputs may hold.</summary>
    public const long MaxMoney = 21_000_000 * Coin;

    /// <summary>True when 0 ≤ value ≤ <see cref="MaxMoney"/>.</summary>
    public static bool InRange(long value) => value >= 0 && value <= MaxMoney;
}
