using System.Net;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Mining;

/// <summary>The generator's masternode list and the provider transactions it can build from its wallet.</summary>
public sealed partial class ChainGenerator
{
    /// <summary>Fee paid by each generated provider transaction, in base units.</summary>
    public const long ProviderFee = ProviderTransactionBuilder.DefaultFee;

    /// <summary>The masternode list after the generated tip.</summary>
    public MasternodeList Masternodes => _masternodes;

    /// <summary>
    /// <paramref name="count"/> registrations with collateral in their own output 0, chained through
    /// their change so that they fit in one block, with fresh deterministic keys. The service of the
    /// n-th masternode this generator registers is <paramref name="service"/>(n), by default
    /// <c>/ip4/10.x.y.z/tcp/9999</c> numbered from 10.0.0.1.
    /// </summary>
    public IReadOnlyList<(Transaction Tx, MasternodeKeys Keys)> CreateRegistrations(int count, Func<int, byte[]>? service = null)
    {
        service ??= n => ServiceAddress.Offset(ServiceAddress.Create(IPAddress.Parse("10.0.0.1"), 9999), (uint)n);
        var result = new List<(Transaction, MasternodeKeys)>(count);
        var unit = Parameters.MasternodeCollateral + ProviderFee;
        WalletCoin? funding = null;
        for (var i = 0; i < count; i++)
        {
            funding ??= TakeCoin(unit);
            var number = _masternodeNumber++;
            var keys = CreateMasternodeKeys(number);
            var tx = ProviderTransactionBuilder.Register(funding, Parameters.MasternodeCollateral, ProviderFee, keys.Owner.PublicKey, keys.Operator.PublicKey, service(number), keys.Owner.ScriptPubKey, keys.Owner.ScriptPubKey, funding.Key.ScriptPubKey);
            result.Add((tx, keys));
            funding = tx.Outputs.Count > 1 && tx.Outputs[1].Value >= unit
                ? new WalletCoin(new OutPoint(tx.TxId, 1), new Coin(tx.Outputs[1], Height + 1, false), funding.Key)
                : null;
        }

        return result;
    }

    /// <summary>A transaction (a provider transaction, usually) funded by one wallet coin: <paramref name="build"/> gets the coin, the fee and the change script.</summary>
    public Transaction CreateFundedTransaction(Func<WalletCoin, long, byte[], Transaction> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        var coin = TakeCoin(ProviderFee + 1);
        return build(coin, ProviderFee, coin.Key.ScriptPubKey);
    }

    /// <summary>The keys of the n-th masternode this generator registers.</summary>
    public MasternodeKeys CreateMasternodeKeys(int number) => new(
        PrivateKey.FromSeed($"{_seed}/masternode/{number}/owner", _backend),
        PrivateKey.FromSeed($"{_seed}/masternode/{number}/operator", _backend));

    /// <summary>True when a spendable coin can fund at least one registration.</summary>
    private bool CanFundRegistration() => _spendable.Any(c => c.Coin.Output.Value >= Parameters.MasternodeCollateral + ProviderFee);

    /// <summary>Removes and returns the largest spendable coin worth at least <paramref name="minimum"/>.</summary>
    private WalletCoin TakeCoin(long minimum)
    {
        var best = -1;
        for (var i = 0; i < _spendable.Count; i++)
        {
            if (_spendable[i].Coin.Output.Value >= minimum && (best < 0 || _spendable[i].Coin.Output.Value > _spendable[best].Coin.Output.Value))
            {
                best = i;
            }
        }

        if (best < 0)
        {
            throw new InvalidOperationException($"The generator has no spendable coin worth {minimum}; build more blocks first.");
        }

        var coin = _spendable[best];
        _spendable.RemoveAt(best);
        return coin;
    }

    /// <summary>Applies the masternode rules to the block's transactions (skipping any they refuse) and returns the commitment.</summary>
    private CoinbaseCommitment ApplyMasternodeRules(IReadOnlyList<Transaction> transactions, int height)
    {
        var view = new CoinViewCache(new CoinDictionaryView(_coins));
        var log = new MasternodeListUpdate();
        foreach (var tx in transactions)
        {
            foreach (var input in tx.Inputs)
            {
                if (view.TryGetCoin(input.PrevOut, out var coin))
                {
                    view.Spend(input.PrevOut, coin);
                }
            }

            InputValidator.AddOutputs(tx, view, height);
            MasternodeRules.ApplyTransaction(_masternodes, tx, view, height, Parameters, _backend, log);
        }

        return _masternodes.Commitment;
    }

    /// <summary>Keeps the generator's UTXO set; returns the outputs the block both created and spent.</summary>
    private HashSet<OutPoint> TrackCoins(Block block)
    {
        var created = new HashSet<OutPoint>();
        var spentHere = new HashSet<OutPoint>();
        foreach (var tx in block.Transactions)
        {
            if (!tx.IsCoinbase)
            {
                foreach (var input in tx.Inputs)
                {
                    _coins.Remove(input.PrevOut);
                    if (created.Contains(input.PrevOut))
                    {
                        spentHere.Add(input.PrevOut);
                    }
                }
            }

            for (var i = 0; i < tx.Outputs.Count; i++)
            {
                var outPoint = new OutPoint(tx.TxId, (uint)i);
                _coins[outPoint] = new Coin(tx.Outputs[i], Height, tx.IsCoinbase);
                created.Add(outPoint);
            }
        }

        return spentHere;
    }

    private sealed class CoinDictionaryView(Dictionary<OutPoint, Coin> coins) : ICoinView
    {
        public bool TryGetCoin(in OutPoint outPoint, out Coin coin) => coins.TryGetValue(outPoint, out coin);
    }
}
