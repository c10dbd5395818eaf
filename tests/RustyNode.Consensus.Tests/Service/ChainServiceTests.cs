using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;

namespace RustyNode.Consensus.Tests.Service;

public class ChainServiceTests
{
    [Fact]
    [Trait("Clause", "CHAIN-7.1")]
    public void Fresh_data_dir_starts_at_genesis()
    {
        using var chain = new TestChain();
        var info = chain.Service.GetChainInfo();
        Assert.Equal("regtest", info.Network);
        Assert.Equal(0, info.Height);
        Assert.Equal(ChainParameters.Regtest.GenesisHash.ToString(), info.BestHash);
        Assert.Equal("2", info.ChainWork);
    }

    [Theory]
    [InlineData("libsecp256k1")]
    [InlineData("managed")]
    [Trait("Clause", "CHAIN-7.2")]
    public void Chain_with_spends_connects_and_the_utxo_set_matches_the_generator(string backend)
    {
        using var chain = new TestChain(Crypto.Secp256k1Tests.Get(backend));
        chain.Extend(110, spendsPerBlock: 3);
        var info = chain.Service.GetChainInfo();
        Assert.Equal(110, info.Height);
        Assert.Equal(chain.Generator.TipHash.ToString(), info.BestHash);
        var coins = chain.Service.Chain.Store.LoadAllCoins();
        foreach (var coin in chain.Generator.Spendable)
        {
            Assert.True(coins.ContainsKey(coin.OutPoint));
        }

        // 110 coinbases; each of the spends so far removed one coin and added two.
        var spends = chain.Generator.Blocks.Sum(b => b.Transactions.Count - 1);
        Assert.True(spends > 0);
        Assert.Equal(110 + spends, coins.Count);
    }

    [Fact]
    [Trait("Clause", "CHAIN-7.1")]
    public void Reopening_the_data_dir_restores_tip_and_utxo_set()
    {
        using var chain = new TestChain();
        chain.Extend(105, spendsPerBlock: 2);
        var info = chain.Service.GetChainInfo();
        var coins = chain.Service.Chain.Store.LoadAllCoins().Count;
        chain.Reopen();
        Assert.Equal(info, chain.Service.GetChainInfo());
        Assert.Equal(coins, chain.Service.Chain.Store.LoadAllCoins().Count);
        chain.Extend(2, spendsPerBlock: 2);
        Assert.Equal(107, chain.Service.GetChainInfo().Height);
    }

    [Fact]
    public void Data_dir_of_another_network_is_refused()
    {
        using var chain = new TestChain();
        chain.Service.Dispose();
        Assert.Throws<InvalidOperationException>(() => ChainService.Open(chain.DataDir, ChainParameters.Testnet).Dispose());
    }

    [Fact]
    [Trait("Clause", "CHAIN-4.6")]
    public void Heavier_branch_replaces_the_active_chain_and_the_mempool_takes_back_its_transactions()
    {
        using var chain = new TestChain();
        chain.Extend(102);
        var fork = chain.Generator.Clone();
        chain.Extend(2, spendsPerBlock: 2);
        var spentOnOldBranch = chain.Generator.Blocks[^1].Transactions.Skip(1).Select(tx => tx.TxId).ToList();
        Assert.NotEmpty(spentOnOldBranch);

        // The competing branch: three blocks without those spends, so more work.
        var branch = fork.Build(3);
        Assert.True(chain.Service.ProcessBlock(branch[0]).IsAccepted);
        Assert.True(chain.Service.ProcessBlock(branch[1]).IsAccepted);
        Assert.Equal(chain.Generator.TipHash.ToString(), chain.Service.GetChainInfo().BestHash);
        Assert.True(chain.Service.ProcessBlock(branch[2]).IsAccepted);

        var info = chain.Service.GetChainInfo();
        Assert.Equal(branch[2].Hash.ToString(), info.BestHash);
        Assert.Equal(105, info.Height);
        var mempool = chain.Service.GetMempoolInfo();
        foreach (var txId in spentOnOldBranch)
        {
            Assert.Contains(txId.ToString(), mempool.TxIds);
        }

        var coins = chain.Service.Chain.Store.LoadAllCoins();
        Assert.DoesNotContain(coins.Keys, o => o.TxId == chain.Generator.Blocks[^1].Transactions[0].TxId);
        Assert.Contains(coins.Keys, o => o.TxId == branch[2].Transactions[0].TxId);
    }

    [Fact]
    [Trait("Clause", "CHAIN-4.6")]
    public void Branch_with_an_invalid_block_is_abandoned_and_the_old_chain_restored()
    {
        using var chain = new TestChain();
        chain.Extend(102);
        var fork = chain.Generator.Clone();
        chain.Extend(1);
        var oldTip = chain.Service.GetChainInfo();

        // Two blocks on a branch; the second overspends. It is stored as a side branch (it does not
        // extend the tip), then fails when the reorganisation tries to connect it.
        var first = fork.AddBlock([]);
        var bad = fork.AddBlock([fork.CreateSpend([fork.Spendable[0]], 1, -5)]);
        Assert.True(chain.Service.ProcessBlock(first).IsAccepted);
        Assert.Equal(RejectReason.KnownInvalid, chain.Service.ProcessBlock(bad).Reason);
        // The branch's valid first block only ties the old tip, and the first seen of equal-work tips wins.
        Assert.Equal(oldTip, chain.Service.GetChainInfo());
        Assert.NotNull(chain.Service.GetBlock(first.Hash));
        Assert.Equal(RejectReason.KnownInvalid, chain.Service.ProcessBlock(bad).Reason);
        Assert.Equal(RejectReason.KnownInvalid, chain.Service.ProcessHeader(bad.Header).Reason);

        // Anything built on the invalid block is refused at the header.
        var child = fork.AddBlock([]);
        Assert.Equal(RejectReason.InvalidParent, chain.Service.ProcessHeader(child.Header).Reason);
        Assert.Equal(RejectReason.InvalidParent, chain.Service.ProcessBlock(child).Reason);
    }

    [Fact]
    [Trait("Clause", "CHAIN-4.7")]
    public void Headers_first_then_blocks_and_headers_after_a_locator()
    {
        using var source = new TestChain();
        source.Extend(120, spendsPerBlock: 1);
        using var target = new TestChain();
        var headers = source.Service.GetHeadersAfter(target.Service.GetLocator());
        Assert.Equal(120, headers.Count);
        Assert.True(target.Service.ProcessHeaders(headers).IsAccepted);
        Assert.Equal(120, target.Service.GetChainInfo().Headers);
        Assert.Equal(0, target.Service.GetChainInfo().Height);
        foreach (var header in headers)
        {
            Assert.True(target.Service.ProcessBlock(source.Service.GetBlockBytes(header.Hash)!).IsAccepted);
        }

        Assert.Equal(source.Service.GetChainInfo().BestHash, target.Service.GetChainInfo().BestHash);
        var locator = source.Service.GetLocator();
        Assert.Equal(source.Service.Tip.Hash, locator[0]);
        Assert.Equal(ChainParameters.Regtest.GenesisHash, locator[^1]);
        Assert.True(locator.Count < 25);
        var after = source.Service.GetHeadersAfter([headers[99].Hash], headers[109].Hash);
        Assert.Equal(10, after.Count);
        Assert.Equal(headers[100].Hash, after[0].Hash);
    }

    [Fact]
    [Trait("Clause", "CHAIN-4.6")]
    public void Blocks_arriving_in_reverse_order_after_their_headers_connect_when_the_gap_closes()
    {
        using var source = new TestChain();
        source.Extend(110, spendsPerBlock: 2);
        using var target = new TestChain();
        var headers = source.Service.GetHeadersAfter(target.Service.GetLocator());
        Assert.True(target.Service.ProcessHeaders(headers).IsAccepted);
        for (var i = headers.Count - 1; i >= 1; i--)
        {
            Assert.True(target.Service.ProcessBlock(source.Service.GetBlock(headers[i].Hash)!).IsAccepted);
            Assert.Equal(0, target.Service.GetChainInfo().Height);
        }

        Assert.True(target.Service.ProcessBlock(source.Service.GetBlock(headers[0].Hash)!).IsAccepted);
        Assert.Equal(source.Service.GetChainInfo(), target.Service.GetChainInfo());
        Assert.Equal(source.Service.Chain.Store.LoadAllCoins().Count, target.Service.Chain.Store.LoadAllCoins().Count);
    }

    [Fact]
    [Trait("Clause", "CHAIN-2.1")]
    public void Header_batch_above_the_limit_is_refused_whole()
    {
        using var chain = new TestChain();
        var headers = Enumerable.Repeat(ChainParameters.Regtest.GenesisBlock.Header, ChainLimits.MaxHeadersPerBatch + 1).ToList();
        Assert.Equal(RejectReason.Oversize, chain.Service.ProcessHeaders(headers).Reason);
    }

    [Fact]
    [Trait("Clause", "CHAIN-4.7")]
    public void Headers_that_do_not_chain_are_refused()
    {
        using var source = new TestChain();
        source.Extend(5);
        using var target = new TestChain();
        var headers = source.Service.GetHeadersAfter([]).ToList();
        (headers[2], headers[3]) = (headers[3], headers[2]);
        Assert.Equal(RejectReason.HeadersNotContinuous, target.Service.ProcessHeaders(headers).Reason);
        Assert.Equal(RejectReason.UnknownParent, target.Service.ProcessHeader(headers[2]).Reason);
        Assert.Equal(2, target.Service.GetChainInfo().Headers);
    }

    [Fact]
    [Trait("Clause", "CHAIN-9.1")]
    public void Generate_mines_mempool_transactions_on_regtest_only()
    {
        using var chain = new TestChain();
        var generated = chain.Service.Generate(101);
        Assert.True(generated.Accepted);
        Assert.Equal(101, generated.Hashes.Count);
        Assert.Equal(generated.Hashes[^1], chain.Service.GetChainInfo().BestHash);

        // Spend the first generated coinbase (paid to the published regtest miner key).
        var block1 = chain.Service.GetBlock(Hash256.Parse(generated.Hashes[0]))!;
        var coinbase = block1.Transactions[0];
        var key = RegtestKeys.Miner;
        var template = new Transaction(1, [new TxIn(new OutPoint(coinbase.TxId, 0), [])], [new TxOut(coinbase.Outputs[0].Value - 10_000, key.ScriptPubKey)], 0);
        var tx = Mining.TransactionSigner.Sign(template, [new Coin(coinbase.Outputs[0], 1, true)], [key]);
        var submitted = chain.Service.SubmitTransactionHex(Convert.ToHexString(tx.ToBytes()));
        Assert.True(submitted.Accepted, submitted.Reason);
        Assert.Equal(tx.TxId.ToString(), submitted.TxId);
        Assert.Equal(1, chain.Service.GetMempoolInfo().Count);

        var next = chain.Service.Generate(1);
        Assert.True(next.Accepted);
        Assert.Equal(0, chain.Service.GetMempoolInfo().Count);
        var mined = chain.Service.GetBlock(Hash256.Parse(next.Hashes[0]))!;
        Assert.Equal(tx.TxId, mined.Transactions[1].TxId);
        Assert.Equal(chain.Service.Parameters.GetBlockSubsidy(102) + 10_000, mined.Transactions[0].Outputs[0].Value);

        using var main = ChainService.Open(Path.Combine(chain.DataDir, "main"), ChainParameters.Mainnet);
        var refused = main.Generate(1);
        Assert.False(refused.Accepted);
        Assert.Equal("NotRegtest", refused.Reason);
    }

    [Theory]
    [InlineData("zz", "Malformed")]
    [InlineData("0100000000", "Malformed")]
    [InlineData("", "Malformed")]
    [InlineData("0100000001", "Malformed")]
    public void Submit_of_bad_hex_names_the_reason(string hex, string reason)
    {
        using var chain = new TestChain();
        var result = chain.Service.SubmitTransactionHex(hex);
        Assert.False(result.Accepted);
        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    [Trait("Clause", "CHAIN-2.1")]
    public void Submit_of_hex_longer_than_any_transaction_is_oversize_before_decoding()
    {
        using var chain = new TestChain();
        var result = chain.Service.SubmitTransactionHex(new string('0', (2 * ChainLimits.MaxTransactionSize) + 2));
        Assert.Equal("Oversize", result.Reason);
    }

    [Fact]
    public void Chain_updated_event_reports_the_new_tip()
    {
        using var chain = new TestChain();
        var seen = new List<int>();
        chain.Service.ChainUpdated += (_, e) => seen.Add(e.Height);
        chain.Extend(3);
        Assert.Equal([1, 2, 3], seen);
    }

    [Fact]
    public void Accepted_transactions_are_announced_with_released_orphans_and_headers_can_be_looked_up()
    {
        using var chain = new TestChain();
        chain.Extend(101);
        var generator = chain.Generator;
        var parent = generator.CreateSpend([generator.Spendable[0]], 1, 10_000);
        var child = generator.CreateSpend([new Mining.WalletCoin(new OutPoint(parent.TxId, 0), new Coin(parent.Outputs[0], 0, false), generator.FindKey(parent.Outputs[0].ScriptPubKey)!)], 1, 25_000);
        var announced = new List<Hash256>();
        var fees = new List<long>();
        chain.Service.TransactionsAccepted += (_, e) =>
        {
            announced.AddRange(e.Transactions.Select(t => t.TxId));
            fees.AddRange(e.Fees);
        };
        Assert.Equal(RejectReason.Orphan, chain.Service.AcceptTransaction(child).Result.Reason);
        Assert.Empty(announced);
        Assert.True(chain.Service.AcceptTransaction(parent).IsAccepted);
        Assert.Equal([parent.TxId, child.TxId], announced);

        // Each fee at its transaction's index: relay orders announcements by it without asking the mempool again.
        Assert.Equal([10_000L, 25_000L], fees);

        Assert.True(chain.Service.TryGetHeader(generator.Blocks[9].Hash, out var header, out var height, out var active));
        Assert.Equal(10, height);
        Assert.True(active);
        Assert.Equal(generator.Blocks[9].Hash, header.Hash);
        Assert.Equal(generator.Blocks[9].Hash, chain.Service.GetActiveHeader(10)!.Hash);
        Assert.Null(chain.Service.GetActiveHeader(500));
    }

    [Fact]
    public void Dispose_twice_is_safe()
    {
        var chain = new TestChain();
        chain.Service.Dispose();
        chain.Dispose();
    }
}
