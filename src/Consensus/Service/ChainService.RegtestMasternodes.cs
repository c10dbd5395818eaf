using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Service;

/// <summary>
/// The regtest masternode helpers (MNL-8): register, update and revoke masternodes with the coins
/// "generate" paid to <see cref="RegtestKeys.Miner"/>, the new transactions entering the mempool to be
/// mined by the next "generate". The keys are kept by <see cref="RegtestMasternodeKeyring"/>.
/// </summary>
public sealed partial class ChainService
{
    /// <summary>Most registrations one command makes.</summary>
    public const int MaxRegistrationsPerCommand = 1_000;

    /// <summary>Outputs of one funding transaction (keeps it far below the mempool's size limit).</summary>
    private const int FundingOutputsPerTransaction = 500;

    private RegtestMasternodeKeyring? _keyring;

    /// <summary>
    /// Funds and submits <paramref name="count"/> registrations with collateral in their own output,
    /// fresh keys and services numbered up from <paramref name="firstService"/> skipping those in use.
    /// </summary>
    public ProviderTransactionResult RegisterMasternodes(int count, byte[] firstService)
    {
        ArgumentNullException.ThrowIfNull(firstService);
        if (CheckRegtestMasternodes() is { } refusal)
        {
            return refusal;
        }

        if (count < 1 || count > MaxRegistrationsPerCommand)
        {
            return ProviderTransactionResult.Refused($"{nameof(RejectReason.Oversize)}: count must be 1 to {MaxRegistrationsPerCommand}");
        }

        if (!ServiceAddress.IsValid(firstService))
        {
            return ProviderTransactionResult.Refused($"{nameof(RejectReason.BadSpecialPayload)}: not an ip4/ip6 tcp service address");
        }

        lock (_walletGate)
        {
            List<Transaction> funding;
            List<(Transaction Tx, MasternodeKeys Keys)> registrations;
            lock (_gate)
            {
                if (!TryBuildRegistrations(count, firstService, out funding, out registrations, out var problem))
                {
                    return ProviderTransactionResult.Refused(problem);
                }
            }

            var ids = new List<string>(count);
            foreach (var tx in funding)
            {
                var result = AcceptTransaction(tx);
                if (!result.IsAccepted)
                {
                    return new ProviderTransactionResult(false, ids, $"funding refused: {result.Result}");
                }
            }

            var keyring = Keyring();
            foreach (var (tx, keys) in registrations)
            {
                var result = AcceptTransaction(tx);
                if (!result.IsAccepted)
                {
                    keyring.Save();
                    return new ProviderTransactionResult(false, ids, $"registration refused: {result.Result}");
                }

                keyring.Add(tx.TxId, keys.Owner, keys.Operator);
                ids.Add(tx.TxId.ToString());
            }

            keyring.Save();
            return new ProviderTransactionResult(true, ids);
        }
    }

    /// <summary>Submits a service update of a masternode registered here, signed by its current operator key.</summary>
    public ProviderTransactionResult UpdateMasternodeService(Hash256 proTxHash, byte[] service) =>
        SubmitProviderTransaction(proTxHash, (entry, keyring, funding) =>
            keyring.FindOperator(proTxHash, entry.OperatorKey) is { } operatorKey
                ? ProviderTransactionBuilder.UpdateService(funding, ProviderTransactionBuilder.DefaultFee, proTxHash, service, operatorKey, funding.Key.ScriptPubKey)
                : null);

    /// <summary>
    /// Submits a registrar update of a masternode registered here, signed by its owner key: a fresh
    /// operator key when <paramref name="newOperator"/> (or when it has none), the current one otherwise.
    /// </summary>
    public ProviderTransactionResult UpdateMasternodeRegistrar(Hash256 proTxHash, bool newOperator) =>
        SubmitProviderTransaction(proTxHash, (entry, keyring, funding) =>
        {
            if (keyring.FindOwner(proTxHash) is not { } owner)
            {
                return null;
            }

            var operatorKey = entry.OperatorKey;
            if (newOperator || !entry.HasOperator)
            {
                var fresh = PrivateKey.Generate(_chain.Options.Backend);
                keyring.AddOperator(proTxHash, fresh);
                operatorKey = fresh.PublicKey;
            }

            return ProviderTransactionBuilder.UpdateRegistrar(funding, ProviderTransactionBuilder.DefaultFee, proTxHash, operatorKey, entry.PayoutScript, owner, funding.Key.ScriptPubKey);
        });

    /// <summary>Submits a revocation of a masternode registered here, signed by its current operator key.</summary>
    public ProviderTransactionResult RevokeMasternode(Hash256 proTxHash, ushort reason) =>
        SubmitProviderTransaction(proTxHash, (entry, keyring, funding) =>
            keyring.FindOperator(proTxHash, entry.OperatorKey) is { } operatorKey
                ? ProviderTransactionBuilder.Revoke(funding, ProviderTransactionBuilder.DefaultFee, proTxHash, reason, operatorKey, funding.Key.ScriptPubKey)
                : null);

    private ProviderTransactionResult SubmitProviderTransaction(Hash256 proTxHash, Func<MasternodeEntry, RegtestMasternodeKeyring, WalletCoin, Transaction?> build)
    {
        if (CheckRegtestMasternodes() is { } refusal)
        {
            return refusal;
        }

        lock (_walletGate)
        {
            Transaction? tx;
            var keyring = Keyring();
            lock (_gate)
            {
                if (!_chain.Masternodes.TryGet(proTxHash, out var entry))
                {
                    return ProviderTransactionResult.Refused(nameof(RejectReason.UnknownMasternode));
                }

                var coins = RegtestWallet.FindSpendable(_store, _mempool, RegtestKeys.Miner, _chain.Tip.Height + 1, Parameters.CoinbaseMaturity);
                if (coins.Count == 0 || coins[0].Coin.Output.Value <= ProviderTransactionBuilder.DefaultFee)
                {
                    return ProviderTransactionResult.Refused("no mature regtest coins: generate more blocks");
                }

                tx = build(entry, keyring, coins[0]);
            }

            if (tx is null)
            {
                return ProviderTransactionResult.Refused($"masternode {proTxHash} was not registered by this node, or its key is gone");
            }

            keyring.Save();
            var result = AcceptTransaction(tx);
            return result.IsAccepted
                ? new ProviderTransactionResult(true, [tx.TxId.ToString()])
                : ProviderTransactionResult.Refused(result.Result.Reason.ToString());
        }
    }

    private bool TryBuildRegistrations(int count, byte[] firstService, out List<Transaction> funding, out List<(Transaction Tx, MasternodeKeys Keys)> registrations, out string problem)
    {
        funding = [];
        registrations = [];
        problem = string.Empty;
        var unit = Parameters.MasternodeCollateral + ProviderTransactionBuilder.DefaultFee;
        var key = RegtestKeys.Miner;
        var coins = RegtestWallet.FindSpendable(_store, _mempool, key, _chain.Tip.Height + 1, Parameters.CoinbaseMaturity);
        var services = FreeServices(count, firstService);
        for (var done = 0; done < count;)
        {
            var batch = Math.Min(FundingOutputsPerTransaction, count - done);
            var tx = RegtestWallet.Pay(coins, [.. Enumerable.Repeat(new TxOut(unit, key.ScriptPubKey), batch)], key);
            if (tx is null)
            {
                problem = $"not enough mature regtest coins for {count} collaterals of {Parameters.MasternodeCollateral} units: generate more blocks";
                return false;
            }

            funding.Add(tx);
            coins = tx.Outputs.Count > batch
                ? [new WalletCoin(new OutPoint(tx.TxId, (uint)batch), new Chain.Coin(tx.Outputs[batch], _chain.Tip.Height + 1, false), key), .. coins.Where(c => !tx.Inputs.Any(i => i.PrevOut == c.OutPoint))]
                : [.. coins.Where(c => !tx.Inputs.Any(i => i.PrevOut == c.OutPoint))];
            for (var i = 0; i < batch; i++, done++)
            {
                var coin = new WalletCoin(new OutPoint(tx.TxId, (uint)i), new Chain.Coin(tx.Outputs[i], _chain.Tip.Height + 1, false), key);
                var keys = new MasternodeKeys(PrivateKey.Generate(_chain.Options.Backend), PrivateKey.Generate(_chain.Options.Backend));
                var registration = ProviderTransactionBuilder.Register(coin, Parameters.MasternodeCollateral, ProviderTransactionBuilder.DefaultFee, keys.Owner.PublicKey, keys.Operator.PublicKey, services[done], keys.Owner.ScriptPubKey, keys.Owner.ScriptPubKey, key.ScriptPubKey);
                registrations.Add((registration, keys));
            }
        }

        return true;
    }

    /// <summary>The first <paramref name="count"/> services from <paramref name="first"/> up that no masternode or pending transaction uses.</summary>
    private List<byte[]> FreeServices(int count, byte[] first)
    {
        var result = new List<byte[]>(count);
        for (uint offset = 0; result.Count < count && offset < uint.MaxValue; offset++)
        {
            var candidate = ServiceAddress.Offset(first, offset);
            if (ServiceAddress.IsValid(candidate) && _chain.Masternodes.FindService(candidate) is null && !_mempool.IsClaimed(MasternodeClaims.ForService(candidate)))
            {
                result.Add(candidate);
            }
        }

        return result;
    }

    private ProviderTransactionResult? CheckRegtestMasternodes()
    {
        if (!Parameters.AllowsGenerate)
        {
            return ProviderTransactionResult.Refused(nameof(RejectReason.NotRegtest));
        }

        var next = Tip.Height + 1;
        return Parameters.MasternodesActiveAt(next)
            ? null
            : ProviderTransactionResult.Refused($"{nameof(RejectReason.SpecialTransactionNotActive)}: masternodes activate at height {Parameters.MasternodeActivationHeight}; generate more blocks");
    }

    private RegtestMasternodeKeyring Keyring()
    {
        lock (_gate)
        {
            return _keyring ??= new RegtestMasternodeKeyring(_dataDir, _chain.Options.Backend);
        }
    }
}
