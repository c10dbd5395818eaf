using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Mining;

/// <summary>
/// Builds a valid regtest chain of N blocks with signed spends, without any store: it tracks the
/// tip, the recent times, a wallet of coins locked to a few deterministic keys and, from the masternode
/// activation height, the masternode list its coinbases commit to. Used by tests, benchmarks, the crash
/// test and demos. Fork one with <see cref="Clone"/> to build competing branches.
/// </summary>
public sealed partial class ChainGenerator
{
    /// <summary>Fee paid by each generated spend, in base units.</summary>
    public const long FeePerTransaction = 1_000;

    /// <summary>Smallest output a split creates, in base units.</summary>
    private const long MinSplitOutput = 100 * FeePerTransaction;

    private readonly List<Block> _blocks = [];
    private readonly List<uint> _times = [];
    private readonly List<WalletCoin> _spendable = [];
    private readonly List<WalletCoin> _immature = [];
    private readonly PrivateKey[] _keys;
    private readonly Dictionary<OutPoint, Coin> _coins = [];
    private readonly MasternodeList _masternodes;
    private readonly ISecp256k1 _backend;
    private readonly string _seed;
    private uint _extraNonce;
    private int _masternodeNumber;

    /// <param name="parameters">Regtest-like parameters (fixed, trivial target).</param>
    /// <param name="backend">Signature backend for the wallet keys.</param>
    /// <param name="seed">Seed of the wallet keys.</param>
    /// <param name="minerKey">Key the coinbases pay (its coins join the wallet); the first wallet key when null.</param>
    public ChainGenerator(ChainParameters parameters, ISecp256k1? backend = null, string seed = "rusty-generator", PrivateKey? minerKey = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (!parameters.NoRetargeting)
        {
            throw new ArgumentException("The generator mines only on regtest's fixed, trivial target.", nameof(parameters));
        }

        Parameters = parameters;
        _backend = backend ?? Secp256k1.Default;
        _seed = seed;
        _masternodes = new MasternodeList();
        _keys = [.. Enumerable.Range(0, 4).Select(i => PrivateKey.FromSeed($"{seed}/{i}", backend))];
        if (minerKey is not null)
        {
            _keys[0] = minerKey;
        }

        TipHash = parameters.GenesisHash;
        _times.Add(parameters.GenesisBlock.Header.Time);
    }

    private ChainGenerator(ChainGenerator other)
    {
        Parameters = other.Parameters;
        _keys = other._keys;
        _backend = other._backend;
        _seed = other._seed;
        _masternodes = other._masternodes.Clone();
        _masternodeNumber = other._masternodeNumber + 1_000_000;
        foreach (var (outPoint, coin) in other._coins)
        {
            _coins.Add(outPoint, coin);
        }

        TipHash = other.TipHash;
        Height = other.Height;
        _extraNonce = other._extraNonce + 1_000_000;
        _blocks.AddRange(other._blocks);
        _times.AddRange(other._times);
        _spendable.AddRange(other._spendable);
        _immature.AddRange(other._immature);
    }

    public ChainParameters Parameters { get; }

    /// <summary>Blocks generated so far (genesis excluded), lowest first.</summary>
    public IReadOnlyList<Block> Blocks => _blocks;

    public Hash256 TipHash { get; private set; }

    public int Height { get; private set; }

    /// <summary>Coins spendable in the next block.</summary>
    public IReadOnlyList<WalletCoin> Spendable => _spendable;

    /// <summary>The key paid by coinbases.</summary>
    public PrivateKey MinerKey => _keys[0];

    /// <summary>The wallet key that <paramref name="scriptPubKey"/> pays to, or null.</summary>
    public PrivateKey? FindKey(byte[] scriptPubKey) =>
        _keys.FirstOrDefault(k => k.ScriptPubKey.AsSpan().SequenceEqual(scriptPubKey));

    /// <summary>An independent copy from which a competing branch can be built.</summary>
    public ChainGenerator Clone() => new(this);

    /// <summary>
    /// Mines <paramref name="count"/> blocks, each with up to <paramref name="spendsPerBlock"/> spends and, once the
    /// masternode rules are active and the wallet can fund them, <paramref name="registrationsPerBlock"/> masternode registrations.
    /// </summary>
    public IReadOnlyList<Block> Build(int count, int spendsPerBlock = 0, int registrationsPerBlock = 0)
    {
        var result = new List<Block>(count);
        for (var i = 0; i < count; i++)
        {
            var transactions = TakeSpends(spendsPerBlock);
            if (registrationsPerBlock > 0 && Parameters.MasternodesActiveAt(Height + 1) && CanFundRegistration())
            {
                transactions.AddRange(CreateRegistrations(registrationsPerBlock).Select(r => r.Tx));
            }

            result.Add(AddBlock(transactions));
        }

        return result;
    }

    /// <summary>Builds up to <paramref name="count"/> signed spends of spendable coins (each into two outputs), removing the coins.</summary>
    public List<Transaction> TakeSpends(int count, int outputsPerSpend = 2)
    {
        var txs = new List<Transaction>(count);
        while (txs.Count < count && _spendable.Count > 0)
        {
            var coin = _spendable[^1];
            _spendable.RemoveAt(_spendable.Count - 1);

            // Long runs split the newest coins again and again: a coin too small to split is spent
            // whole, and one that cannot pay the fee is left out (it used to become a negative output).
            var value = coin.Coin.Output.Value - FeePerTransaction;
            if (value <= FeePerTransaction)
            {
                continue;
            }

            txs.Add(CreateSpend([coin], value < outputsPerSpend * MinSplitOutput ? 1 : outputsPerSpend, FeePerTransaction));
        }

        return txs;
    }

    /// <summary>A signed transaction spending <paramref name="coins"/> into equal outputs to the wallet keys, paying <paramref name="fee"/>.</summary>
    public Transaction CreateSpend(IReadOnlyList<WalletCoin> coins, int outputs, long fee)
    {
        ArgumentNullException.ThrowIfNull(coins);
        var total = coins.Sum(c => c.Coin.Output.Value) - fee;
        var each = total / outputs;
        var txOuts = Enumerable.Range(0, outputs)
            .Select(i => new TxOut(i == 0 ? total - (each * (outputs - 1)) : each, _keys[(int)((_extraNonce + (uint)i) % (uint)_keys.Length)].ScriptPubKey))
            .ToArray();
        var unsigned = new Transaction(1, [.. coins.Select(c => new TxIn(c.OutPoint, []))], txOuts, 0);
        return TransactionSigner.Sign(unsigned, [.. coins.Select(c => c.Coin)], [.. coins.Select(c => c.Key)]);
    }

    /// <summary>Mines a block with <paramref name="transactions"/> on the tip and credits its outputs to the wallet.</summary>
    public Block AddBlock(IReadOnlyList<Transaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        var height = Height + 1;
        var fees = transactions.Count * FeePerTransaction;
        var time = Math.Max(MedianTime() + 1, _times[^1] + 1);
        var masternodes = Parameters.MasternodesActiveAt(height) ? ApplyMasternodeRules(transactions, height) : null;
        var block = BlockAssembler.Create(Parameters, TipHash, height, Parameters.PowLimitBits, time, transactions, fees, MinerKey.ScriptPubKey, _extraNonce++, masternodes);
        Accept(block);
        return block;
    }

    private void Accept(Block block)
    {
        Height++;
        TipHash = block.Hash;
        _blocks.Add(block);
        _times.Add(block.Header.Time);
        var spentHere = TrackCoins(block);
        foreach (var tx in block.Transactions)
        {
            for (var i = 0; i < tx.Outputs.Count; i++)
            {
                var key = FindKey(tx.Outputs[i].ScriptPubKey);
                if (key is null || spentHere.Contains(new OutPoint(tx.TxId, (uint)i)))
                {
                    continue;
                }

                var coin = new WalletCoin(new OutPoint(tx.TxId, (uint)i), new Coin(tx.Outputs[i], Height, tx.IsCoinbase), key);
                (tx.IsCoinbase ? _immature : _spendable).Add(coin);
            }
        }

        for (var i = _immature.Count - 1; i >= 0; i--)
        {
            if (Height + 1 - _immature[i].Coin.Height >= Parameters.CoinbaseMaturity)
            {
                _spendable.Add(_immature[i]);
                _immature.RemoveAt(i);
            }
        }
    }

    private uint MedianTime()
    {
        var recent = _times.TakeLast(ChainLimits.MedianTimeSpan).Order().ToList();
        return recent[recent.Count / 2];
    }
}
