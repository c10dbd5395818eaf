using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Tests.Chain;

public class TransactionRuleTests
{
    private static readonly OutPoint SomeOutPoint = new(Hashes.DoubleSha256("prev"u8), 1);

    private static Transaction Tx(IReadOnlyList<TxIn>? inputs = null, IReadOnlyList<TxOut>? outputs = null, uint lockTime = 0) =>
        new(1, inputs ?? [new TxIn(SomeOutPoint, [1])], outputs ?? [new TxOut(1, [0x51])], lockTime);

    [Fact]
    [Trait("Clause", "CHAIN-5.1")]
    public void Transaction_without_inputs_or_outputs_is_refused()
    {
        Assert.Equal(RejectReason.NoInputs, TransactionValidator.CheckTransaction(Tx(inputs: [])).Reason);
        Assert.Equal(RejectReason.NoOutputs, TransactionValidator.CheckTransaction(Tx(outputs: [])).Reason);
    }

    [Fact]
    [Trait("Clause", "CHAIN-5.2")]
    public void Transaction_over_one_megabyte_is_refused_and_one_just_under_is_not_for_its_size()
    {
        var overhead = Tx(outputs: [new TxOut(1, [])]).Size;
        var under = Tx(outputs: [new TxOut(1, new byte[ChainLimits.MaxTransactionSize - overhead - 4])]);
        var over = Tx(outputs: [new TxOut(1, new byte[ChainLimits.MaxTransactionSize - overhead + 1])]);

        Assert.True(under.Size <= ChainLimits.MaxTransactionSize);
        Assert.NotEqual(RejectReason.Oversize, TransactionValidator.CheckTransaction(under).Reason);
        Assert.True(over.Size > ChainLimits.MaxTransactionSize);
        Assert.Equal(RejectReason.Oversize, TransactionValidator.CheckTransaction(over).Reason);
    }

    [Theory]
    [Trait("Clause", "CHAIN-5.3")]
    [InlineData(-1L)]
    [InlineData(Money.MaxMoney + 1)]
    public void Output_out_of_range_is_refused(long value)
    {
        Assert.Equal(RejectReason.NegativeOrLargeOutput, TransactionValidator.CheckTransaction(Tx(outputs: [new TxOut(value, [])])).Reason);
    }

    [Fact]
    [Trait("Clause", "CHAIN-5.3")]
    public void Outputs_summing_above_the_money_supply_are_refused()
    {
        var tx = Tx(outputs: [new TxOut(Money.MaxMoney, []), new TxOut(1, [])]);
        Assert.Equal(RejectReason.TotalOutputTooLarge, TransactionValidator.CheckTransaction(tx).Reason);
        Assert.True(TransactionValidator.CheckTransaction(Tx(outputs: [new TxOut(Money.MaxMoney, [])])).IsAccepted);
    }

    [Fact]
    [Trait("Clause", "CHAIN-5.4")]
    public void Duplicate_inputs_null_prevouts_and_bad_coinbase_scripts_are_refused()
    {
        Assert.Equal(RejectReason.DuplicateInput, TransactionValidator.CheckTransaction(Tx(inputs: [new TxIn(SomeOutPoint, []), new TxIn(SomeOutPoint, [])])).Reason);
        Assert.Equal(RejectReason.NullPrevout, TransactionValidator.CheckTransaction(Tx(inputs: [new TxIn(SomeOutPoint, []), new TxIn(OutPoint.Null, [])])).Reason);
        Assert.Equal(RejectReason.BadCoinbaseScript, TransactionValidator.CheckTransaction(Tx(inputs: [new TxIn(OutPoint.Null, [1])])).Reason);
        Assert.Equal(RejectReason.BadCoinbaseScript, TransactionValidator.CheckTransaction(Tx(inputs: [new TxIn(OutPoint.Null, new byte[101])])).Reason);
        Assert.True(TransactionValidator.CheckTransaction(Tx(inputs: [new TxIn(OutPoint.Null, new byte[100])])).IsAccepted);
    }

    [Theory]
    [Trait("Clause", "CHAIN-5.4")]
    [InlineData(2)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(300)]
    public void A_duplicate_is_found_wherever_it_is_among_many_inputs(int count)
    {
        // Few inputs are compared pairwise, many through a set: both must find a repeat at either end.
        var distinct = Enumerable.Range(0, count).Select(i => new TxIn(new OutPoint(SomeOutPoint.TxId, (uint)i), [])).ToArray();
        Assert.True(TransactionValidator.CheckTransaction(Tx(inputs: distinct)).IsAccepted);

        var lastRepeatsFirst = distinct.ToArray();
        lastRepeatsFirst[^1] = lastRepeatsFirst[0];
        var secondRepeatsFirst = distinct.ToArray();
        secondRepeatsFirst[1] = secondRepeatsFirst[0];
        foreach (var inputs in new[] { lastRepeatsFirst, secondRepeatsFirst })
        {
            var result = TransactionValidator.CheckTransaction(Tx(inputs: inputs));
            Assert.Equal(RejectReason.DuplicateInput, result.Reason);
            Assert.Equal(distinct[0].PrevOut.ToString(), result.Detail);
        }
    }

    [Theory]
    [Trait("Clause", "CHAIN-5.5")]
    [InlineData(0u, 10, 0u, uint.MaxValue - 1, true)]
    [InlineData(9u, 10, 0u, uint.MaxValue - 1, true)]
    [InlineData(10u, 10, 0u, uint.MaxValue - 1, false)]
    [InlineData(10u, 10, 0u, uint.MaxValue, true)]
    [InlineData(600_000_000u, 10, 600_000_001u, 0u, true)]
    [InlineData(600_000_000u, 10, 600_000_000u, 0u, false)]
    public void Lock_time_finality(uint lockTime, int height, uint medianTime, uint sequence, bool final)
    {
        var tx = Tx(inputs: [new TxIn(SomeOutPoint, [1], sequence)], lockTime: lockTime);
        Assert.Equal(final, TransactionValidator.IsFinal(tx, height, medianTime));
    }

    [Theory]
    [Trait("Clause", "CHAIN-5.10")]
    [InlineData(0, "0100")]
    [InlineData(255, "01ff")]
    [InlineData(256, "020001")]
    [InlineData(70_000, "03701101")]
    public void Coinbase_height_commitment_is_the_shortest_little_endian_form(int height, string hex)
    {
        var prefix = TransactionValidator.CoinbaseHeightPrefix(height);
        Assert.Equal(hex, Convert.ToHexStringLower(prefix));
        var coinbase = Tx(inputs: [new TxIn(OutPoint.Null, [.. prefix, 0xaa])]);
        Assert.True(TransactionValidator.TryGetCoinbaseHeight(coinbase, out var decoded));
        Assert.Equal(height, decoded);
    }

    [Fact]
    [Trait("Clause", "CHAIN-1.4")]
    public void Hashes_display_reversed_and_parse_back()
    {
        var hash = Hashes.DoubleSha256("abc"u8);
        var text = hash.ToString();
        Assert.Equal(hash, Hash256.Parse(text));
        Assert.Equal(Convert.ToHexStringLower(hash.ToArray().Reverse().ToArray()), text);
        // SHA-256d("abc") = 4f8b42c22dd3729b519ba6f68d2da7cc5b2d606d05daed5ad5128cc03e6c6358 in hash order.
        Assert.Equal("4f8b42c22dd3729b519ba6f68d2da7cc5b2d606d05daed5ad5128cc03e6c6358", Convert.ToHexStringLower(hash.ToArray()));
        Assert.False(Hash256.TryParse("xyz", out _));
    }
}
