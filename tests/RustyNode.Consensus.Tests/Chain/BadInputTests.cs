using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Tests.Chain;

/// <summary>Invalid headers and blocks are refused with a named reason and leave the store unchanged.</summary>
[Trait("Clause", "CHAIN-7.4")]
public sealed class BadInputTests : IDisposable
{
    private readonly TestChain _chain = new();

    public BadInputTests()
    {
        _chain.Extend(105, spendsPerBlock: 2);
    }

    public void Dispose() => _chain.Dispose();

    private void AssertRefused(Block block, RejectReason expected)
    {
        var before = StoreSnapshot.Take(_chain.Service);
        var result = _chain.Service.ProcessBlock(block);
        Assert.Equal(expected, result.Reason);
        before.AssertUnchanged(_chain.Service);
        Assert.Null(_chain.Service.GetBlockBytes(block.Hash));
        Assert.False(_chain.Service.HasHeader(block.Hash));
    }

    private static BlockHeader MineHeader(BlockHeader template, bool valid = true)
    {
        for (var nonce = 0u; ; nonce++)
        {
            var candidate = template.WithNonce(nonce);
            if (ProofOfWork.Check(candidate.Hash, candidate.Bits, ChainParameters.Regtest) == valid)
            {
                return candidate;
            }
        }
    }

    private static Block Rebuild(Block block, Func<BlockHeader, BlockHeader> change, bool validPow = true) =>
        new(MineHeader(change(block.Header), validPow), block.Transactions);

    private Block NextValidBlock(params Transaction[] txs) => _chain.Generator.Clone().AddBlock(txs);

    private static BlockHeader With(BlockHeader h, Hash256? previous = null, Hash256? merkle = null, uint? time = null, uint? bits = null) =>
        new(h.Version, previous ?? h.PreviousHash, merkle ?? h.MerkleRoot, time ?? h.Time, bits ?? h.Bits, 0);

    [Fact]
    [Trait("Clause", "CHAIN-4.1")]
    public void Header_that_misses_its_target_is_bad_proof_of_work() =>
        AssertRefused(Rebuild(NextValidBlock(), h => With(h), validPow: false), RejectReason.BadProofOfWork);

    [Fact]
    [Trait("Clause", "CHAIN-4.3")]
    public void Header_with_unknown_parent_is_refused() =>
        AssertRefused(Rebuild(NextValidBlock(), h => With(h, previous: Hashes.DoubleSha256("nowhere"u8))), RejectReason.UnknownParent);

    [Fact]
    [Trait("Clause", "CHAIN-4.4")]
    public void Header_with_other_nbits_than_required_is_bad_difficulty() =>
        AssertRefused(Rebuild(NextValidBlock(), h => With(h, bits: 0x207ffff0)), RejectReason.BadDifficulty);

    [Fact]
    [Trait("Clause", "CHAIN-4.2")]
    public void Header_not_after_the_median_time_past_is_too_old()
    {
        var median = _chain.Service.Chain.Tip.MedianTimePast();
        AssertRefused(Rebuild(NextValidBlock(), h => With(h, time: median)), RejectReason.TimeTooOld);
    }

    [Fact]
    [Trait("Clause", "CHAIN-4.3")]
    public void Header_more_than_two_hours_ahead_is_too_new()
    {
        var future = (uint)_chain.Clock.GetUtcNow().AddHours(2).AddSeconds(1).ToUnixTimeSeconds();
        AssertRefused(Rebuild(NextValidBlock(), h => With(h, time: future)), RejectReason.TimeTooNew);
        var limit = (uint)_chain.Clock.GetUtcNow().AddHours(2).ToUnixTimeSeconds();
        Assert.True(_chain.Service.ProcessBlock(Rebuild(NextValidBlock(), h => With(h, time: limit))).IsAccepted);
    }

    [Fact]
    [Trait("Clause", "CHAIN-5.6")]
    public void Block_whose_merkle_root_does_not_match_is_refused() =>
        AssertRefused(Rebuild(NextValidBlock(), h => With(h, merkle: Hashes.DoubleSha256("other"u8))), RejectReason.BadMerkleRoot);

    [Fact]
    [Trait("Clause", "CHAIN-1.10")]
    public void Block_with_a_duplicated_transaction_is_a_mutated_merkle_tree()
    {
        // [coinbase, a, b, b] has the root of [coinbase, a, b]: the pair (b, b) marks the mutation.
        var spends = _chain.Generator.Clone().TakeSpends(2);
        AssertRefused(NextValidBlock(spends[0], spends[1], spends[1]), RejectReason.MutatedMerkleTree);
        AssertRefused(NextValidBlock(spends[0], spends[0]), RejectReason.DuplicateTransaction);
    }

    [Fact]
    [Trait("Clause", "CHAIN-5.8")]
    public void Block_spending_one_output_twice_is_a_double_spend()
    {
        var generator = _chain.Generator.Clone();
        var coin = generator.Spendable[0];
        var first = generator.CreateSpend([coin], 1, 1_000);
        var second = generator.CreateSpend([coin], 2, 1_000);
        AssertRefused(generator.AddBlock([first, second]), RejectReason.DoubleSpend);
    }

    [Fact]
    [Trait("Clause", "CHAIN-5.8")]
    public void Block_spending_a_missing_output_is_refused()
    {
        var generator = _chain.Generator.Clone();
        var coin = generator.Spendable[0] with { OutPoint = new OutPoint(Hashes.DoubleSha256("ghost"u8), 0) };
        AssertRefused(generator.AddBlock([generator.CreateSpend([coin], 1, 1_000)]), RejectReason.MissingInputs);
    }

    [Fact]
    [Trait("Clause", "CHAIN-5.9")]
    public void Block_with_a_transaction_creating_more_than_it_spends_is_an_overspend()
    {
        var generator = _chain.Generator.Clone();
        AssertRefused(generator.AddBlock([generator.CreateSpend([generator.Spendable[0]], 1, -1)]), RejectReason.Overspend);
    }

    [Fact]
    [Trait("Clause", "CHAIN-5.10")]
    public void Coinbase_paying_more_than_subsidy_and_fees_is_refused()
    {
        var tip = _chain.Service.Chain.Tip;
        var block = BlockAssembler.Create(ChainParameters.Regtest, tip.Hash, tip.Height + 1, tip.Header.Bits, tip.Header.Time + 1, [], fees: 1, [0x51], masternodes: _chain.Service.Chain.Masternodes.Commitment);
        AssertRefused(block, RejectReason.BadCoinbaseAmount);
    }

    [Fact]
    [Trait("Clause", "CHAIN-5.7")]
    public void Spending_a_coinbase_before_maturity_is_refused()
    {
        var generator = _chain.Generator.Clone();
        var young = generator.Blocks[^5].Transactions[0];
        var coin = new WalletCoin(new OutPoint(young.TxId, 0), new Coin(young.Outputs[0], generator.Height - 4, true), generator.MinerKey);
        AssertRefused(generator.AddBlock([generator.CreateSpend([coin], 1, 1_000)]), RejectReason.PrematureCoinbaseSpend);
    }

    [Fact]
    [Trait("Clause", "CHAIN-3.3")]
    public void Output_changed_after_signing_fails_the_signature_check()
    {
        var generator = _chain.Generator.Clone();
        var signed = generator.CreateSpend([generator.Spendable[0]], 1, 1_000);
        var tampered = new Transaction(signed.Version, signed.Inputs, [signed.Outputs[0] with { ScriptPubKey = [0x51] }], 0);
        AssertRefused(generator.AddBlock([tampered]), RejectReason.BadSignature);
    }

    [Fact]
    [Trait("Clause", "CHAIN-3.2")]
    public void Signature_by_another_key_than_the_output_names_is_refused()
    {
        var generator = _chain.Generator.Clone();
        var coin = generator.Spendable[0] with { Key = RustyNode.Consensus.Crypto.PrivateKey.FromSeed("mallory") };
        AssertRefused(generator.AddBlock([generator.CreateSpend([coin], 1, 1_000)]), RejectReason.BadSignature);
    }

    [Fact]
    [Trait("Clause", "CHAIN-5.6")]
    public void Block_larger_than_the_limit_is_oversize()
    {
        var big = new Transaction(1, [new TxIn(new OutPoint(Hashes.DoubleSha256("x"u8), 0), [])], [.. Enumerable.Range(0, 90).Select(_ => new TxOut(1, new byte[ChainLimits.MaxScriptSize]))], 0);
        var tip = _chain.Service.Chain.Tip;
        var block = BlockAssembler.Create(ChainParameters.Regtest, tip.Hash, tip.Height + 1, tip.Header.Bits, tip.Header.Time + 1, [big, big, big], 0, [0x51], masternodes: _chain.Service.Chain.Masternodes.Commitment);
        AssertRefused(block, RejectReason.Oversize);
        Assert.Equal(RejectReason.Oversize, _chain.Service.ProcessBlock(block.ToBytes()).Reason);
    }

    [Fact]
    [Trait("Clause", "CHAIN-2.1")]
    public void Truncated_block_bytes_are_malformed_and_change_nothing()
    {
        var bytes = NextValidBlock().ToBytes();
        var before = StoreSnapshot.Take(_chain.Service);
        Assert.Equal(RejectReason.Malformed, _chain.Service.ProcessBlock(bytes.AsMemory(0, bytes.Length - 1)).Reason);
        before.AssertUnchanged(_chain.Service);
    }
}
