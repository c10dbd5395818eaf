using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Crypto;
using RustyNode.Consensus.Model;

namespace RustyNode.Consensus.Masternodes;

/// <summary>
/// The masternode chain rules (specs/chain/02-masternodes.md): which transaction types a block at a
/// height may hold, how each transaction changes the list, and the coinbase commitment. Pure functions
/// of the list, the coin view and the transaction; the chain manager, the mempool, the block assembler
/// and the regtest generator all apply them the same way.
/// </summary>
public static partial class MasternodeRules
{
    /// <summary>Highest transaction type with rules (the coinbase commitment).</summary>
    public const SpecialTransactionType CoinbaseType = (SpecialTransactionType)5;

    /// <summary>
    /// Type rules that need only the height (MNL-1.1, MNL-1.2): before activation every special type is
    /// refused; afterwards types 1 to 4 are allowed outside the coinbase, the coinbase is type 5 and
    /// type 5 appears nowhere else, and types above 5 are refused.
    /// </summary>
    public static RejectReason CheckType(Transaction tx, int height, ChainParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(parameters);
        if (!parameters.MasternodesActiveAt(height))
        {
            return tx.Type == SpecialTransactionType.Normal ? RejectReason.None : RejectReason.SpecialTransactionNotActive;
        }

        if (tx.IsCoinbase)
        {
            return tx.Type == CoinbaseType ? RejectReason.None : RejectReason.BadCoinbasePayload;
        }

        return tx.Type switch
        {
            SpecialTransactionType.Normal
                or SpecialTransactionType.ProviderRegister
                or SpecialTransactionType.ProviderUpdateService
                or SpecialTransactionType.ProviderUpdateRegistrar
                or SpecialTransactionType.ProviderRevoke => RejectReason.None,
            CoinbaseType => RejectReason.BadSpecialPayload,
            _ => RejectReason.SpecialTransactionNotActive,
        };
    }

    /// <summary>
    /// Applies a non-coinbase transaction whose inputs and outputs have already been applied to
    /// <paramref name="view"/>: masternodes whose collateral it spends leave the list (MNL-3.1), then its
    /// payload takes effect (MNL-3.2 to MNL-3.5). Atomic: on a refusal the list and
    /// <paramref name="log"/> are as they were.
    /// </summary>
    public static ValidationResult ApplyTransaction(MasternodeList list, Transaction tx, ICoinView view, int height, ChainParameters parameters, ISecp256k1 backend, MasternodeListUpdate log)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(log);
        if (tx.IsCoinbase)
        {
            return ValidationResult.Ok;
        }

        var mark = log.Count;
        foreach (var input in tx.Inputs)
        {
            if (list.TryFindByCollateral(input.PrevOut, out var spent))
            {
                list.Remove(spent, log);
            }
        }

        var context = new ApplyContext(list, tx, view, height, parameters, backend, log);
        var reason = tx.Type switch
        {
            SpecialTransactionType.ProviderRegister => ApplyRegister(context),
            SpecialTransactionType.ProviderUpdateService => ApplyUpdateService(context),
            SpecialTransactionType.ProviderUpdateRegistrar => ApplyUpdateRegistrar(context),
            SpecialTransactionType.ProviderRevoke => ApplyRevoke(context),
            _ => RejectReason.None,
        };
        if (reason == RejectReason.None)
        {
            return ValidationResult.Ok;
        }

        list.RevertTo(log, mark);
        return ValidationResult.Reject(reason, $"tx {tx.TxId} of type {tx.Type}");
    }

    /// <summary>
    /// The coinbase commitment (MNL-5.1): from activation on, the coinbase payload parses as version 1
    /// and carries the count and root of <paramref name="list"/> as it stands after the block.
    /// </summary>
    public static ValidationResult CheckCoinbase(Transaction coinbase, MasternodeList list, int height, ChainParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(coinbase);
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(parameters);
        if (!parameters.MasternodesActiveAt(height))
        {
            return ValidationResult.Ok;
        }

        if (coinbase.Type != CoinbaseType || !ProviderPayloadCodec.TryParse(coinbase.ExtraPayload, out CoinbaseCommitment commitment)
            || commitment.Version != MasternodeRuleLimits.PayloadVersion)
        {
            return ValidationResult.Reject(RejectReason.BadCoinbasePayload, "the coinbase carries no valid masternode commitment");
        }

        return commitment.Count == (uint)list.Count && commitment.Root == list.Root
            ? ValidationResult.Ok
            : ValidationResult.Reject(RejectReason.BadMasternodeCommitment, $"coinbase commits to {commitment.Count} masternodes with root {commitment.Root}; the list has {list.Count} with root {list.Root}");
    }

    /// <summary>The commitment a coinbase carries, or null when it carries none (before activation or malformed).</summary>
    public static CoinbaseCommitment? ReadCommitment(Transaction coinbase)
    {
        ArgumentNullException.ThrowIfNull(coinbase);
        return coinbase.Type == CoinbaseType && ProviderPayloadCodec.TryParse(coinbase.ExtraPayload, out CoinbaseCommitment commitment)
            && commitment.Version == MasternodeRuleLimits.PayloadVersion
            ? commitment
            : null;
    }

    private readonly record struct ApplyContext(MasternodeList List, Transaction Tx, ICoinView View, int Height, ChainParameters Parameters, ISecp256k1 Backend, MasternodeListUpdate Log);
}
