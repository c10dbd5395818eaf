using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Service;

/// <summary>Headers and blocks: what the block-sync protocol and "generate" call.</summary>
public sealed partial class ChainService
{
    /// <summary>Validates and indexes one header.</summary>
    public ValidationResult ProcessHeader(BlockHeader header) => ProcessHeaders([header]);

    /// <summary>Validates and indexes a batch of consecutive headers (at most <see cref="ChainLimits.MaxHeadersPerBatch"/>).</summary>
    public ValidationResult ProcessHeaders(IReadOnlyList<BlockHeader> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        lock (_gate)
        {
            return _chain.ProcessHeaders(headers);
        }
    }

    /// <summary>Validates, stores and (if it makes the best chain) connects a block; the mempool follows.</summary>
    public ValidationResult ProcessBlock(Block block)
    {
        ArgumentNullException.ThrowIfNull(block);
        ChainUpdatedEventArgs? args = null;
        ValidationResult result;
        lock (_gate)
        {
            result = _chain.ProcessBlock(block, out var update);
            if (update.Changed)
            {
                _mempool.OnChainUpdate(update);
                args = new ChainUpdatedEventArgs(update, _chain.Tip.Height, _chain.Tip.Hash);
            }
        }

        if (args is not null)
        {
            ChainUpdated?.Invoke(this, args);
        }

        return result;
    }

    /// <summary>Parses and processes a serialized block; a parse failure is Malformed or Oversize.</summary>
    public ValidationResult ProcessBlock(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            return ProcessBlock(BlockCodec.FromBytes(bytes));
        }
        catch (ConsensusFormatException ex)
        {
            return ValidationResult.Reject(ex.IsOverLimit ? RejectReason.Oversize : RejectReason.Malformed, ex.Message);
        }
    }

    /// <summary>A locator for the active chain (for a GetHeaders request).</summary>
    public IReadOnlyList<Hash256> GetLocator()
    {
        lock (_gate)
        {
            return _chain.GetLocator();
        }
    }

    /// <summary>Headers after the locator's fork point, up to <paramref name="stop"/> or <paramref name="max"/>.</summary>
    public IReadOnlyList<BlockHeader> GetHeadersAfter(IReadOnlyList<Hash256> locator, Hash256 stop = default, int max = ChainLimits.MaxHeadersPerBatch)
    {
        lock (_gate)
        {
            return _chain.GetHeadersAfter(locator, stop, max);
        }
    }

    /// <summary>A stored block, or null.</summary>
    public Block? GetBlock(Hash256 hash)
    {
        lock (_gate)
        {
            return _chain.GetBlock(hash);
        }
    }

    /// <summary>A stored block's bytes, or null.</summary>
    public byte[]? GetBlockBytes(Hash256 hash)
    {
        lock (_gate)
        {
            return _chain.GetBlockBytes(hash);
        }
    }

    /// <summary>An indexed header with its height and whether it is on the active chain.</summary>
    public bool TryGetHeader(Hash256 hash, out BlockHeader header, out int height, out bool isActive)
    {
        lock (_gate)
        {
            if (_chain.TryGetEntry(hash, out var entry))
            {
                header = entry.Header;
                height = entry.Height;
                isActive = _chain.IsActive(entry);
                return true;
            }

            header = null!;
            height = -1;
            isActive = false;
            return false;
        }
    }

    /// <summary>The header of the active chain at <paramref name="height"/>, or null.</summary>
    public BlockHeader? GetActiveHeader(int height)
    {
        lock (_gate)
        {
            return height >= 0 && height < _chain.ActiveChain.Count ? _chain.ActiveChain[height].Header : null;
        }
    }

    /// <summary>True when the header is indexed (with or without its block).</summary>
    public bool HasHeader(Hash256 hash)
    {
        lock (_gate)
        {
            return _chain.TryGetEntry(hash, out _);
        }
    }

    /// <summary>
    /// <c>{"type":"generate","blocks":N,"txs":T}</c> (regtest only): mines N blocks on the tip, the first
    /// with the mempool's transactions, paying <see cref="ChainServiceOptions.GeneratePayoutScript"/>;
    /// each block also carries up to T spends of the regtest miner's mature coins (CHAIN-9.2).
    /// </summary>
    public GenerateResult Generate(int blocks, int transactionsPerBlock = 0)
    {
        if (!Parameters.AllowsGenerate)
        {
            return new GenerateResult(false, [], nameof(RejectReason.NotRegtest));
        }

        if (blocks < 1 || blocks > _options.MaxGenerateBlocks || transactionsPerBlock < 0 || transactionsPerBlock > _options.MaxGenerateTransactionsPerBlock)
        {
            return new GenerateResult(false, [], nameof(RejectReason.Oversize));
        }

        var hashes = new List<string>(blocks);
        var payout = _options.GeneratePayoutScript ?? RegtestKeys.Miner.ScriptPubKey;
        var wallet = transactionsPerBlock > 0 ? OpenMinerWallet(blocks * transactionsPerBlock) : null;
        for (var i = 0; i < blocks; i++)
        {
            Block block;
            List<Transaction> spends;
            lock (_gate)
            {
                var selected = _chain.DropMasternodeConflicts(_mempool.SelectForBlock(Parameters.MaxBlockSize - 1_000));
                spends = wallet?.TakeSpends(transactionsPerBlock) ?? [];
                block = BlockAssembler.CreateOnTip(
                    _chain, [.. selected.Select(e => e.Tx), .. spends], selected.Sum(e => e.Fee) + (spends.Count * GenerateSpendWallet.Fee), payout, _options.Time.GetUtcNow(), (uint)i);
            }

            var result = ProcessBlock(block);
            if (!result.IsAccepted)
            {
                return new GenerateResult(false, hashes, result.Reason.ToString());
            }

            wallet?.AddOutputs(spends, Tip.Height);
            hashes.Add(block.Hash.ToString());
        }

        Log.Generated(_logger, blocks, Tip.Hash);
        return new GenerateResult(true, hashes);
    }

    /// <summary>The regtest miner's coins spendable in the next block and not spent by the mempool.</summary>
    private GenerateSpendWallet OpenMinerWallet(int wanted)
    {
        var key = RegtestKeys.Miner;
        lock (_gate)
        {
            var next = _chain.Tip.Height + 1;
            var coins = _store.FindCoins(key.ScriptPubKey, wanted + Parameters.CoinbaseMaturity + _mempool.Count)
                .Where(c => (!c.Coin.IsCoinbase || next - c.Coin.Height >= Parameters.CoinbaseMaturity) && !_mempool.TryGetSpender(c.OutPoint, out _))
                .Take(wanted)
                .Select(c => new WalletCoin(c.OutPoint, c.Coin, key));
            return new GenerateSpendWallet(key, coins);
        }
    }
}
