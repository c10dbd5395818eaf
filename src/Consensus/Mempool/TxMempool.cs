using Microsoft.Extensions.Logging;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Masternodes;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Consensus.Mempool;

/// <summary>
/// Unconfirmed transactions (CHAIN-8): only valid ones, above a minimum fee rate, within a byte
/// bound (lowest fee rate evicted first), without conflicts, with an orphan pool. Follows the
/// chain through <see cref="OnChainUpdate"/>. Not thread-safe: the owner serializes calls.
/// </summary>
public sealed partial class TxMempool : ICoinView
{
    private readonly Dictionary<Hash256, MempoolEntry> _entries = [];
    private readonly Dictionary<OutPoint, Hash256> _spentBy = [];
    private readonly SortedSet<MempoolEntry> _byFeeRate = new(FeeRateComparer.Instance);
    private readonly OrphanPool _orphans;
    private readonly ChainManager _chain;
    private readonly MempoolOptions _options;
    private readonly ILogger _logger;
    private long _sequence;

    /// <summary>Signature verdicts checked ahead of the batch being accepted (CHAIN-8.6); null outside <see cref="AcceptMany"/>.</summary>
    private SignatureVerdicts? _checkedAhead;

    /// <summary>The view one transaction's validation uses (under the chain lock), cleared and reused so an accept allocates no collections for it.</summary>
    private CoinViewCache? _scratchView;

    /// <summary>The view a batch's check ahead (CHAIN-8.6) builds over its transactions, reused the same way.</summary>
    private CoinViewCache? _batchView;

    public TxMempool(ChainManager chain, MempoolOptions? options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(chain);
        _chain = chain;
        _options = options ?? new MempoolOptions();
        _options.Validate();
        _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        _orphans = new OrphanPool(_options.MaxOrphans, _options.MaxOrphanSize);
    }

    /// <summary>Number of transactions.</summary>
    public int Count => _entries.Count;

    /// <summary>Total serialized bytes.</summary>
    public long Bytes { get; private set; }

    /// <summary>Number of orphans held.</summary>
    public int OrphanCount => _orphans.Count;

    /// <summary>Entries in arrival order (parents before children).</summary>
    public IReadOnlyList<MempoolEntry> Entries => [.. _entries.Values.OrderBy(e => e.Sequence)];

    public bool Contains(Hash256 txId) => _entries.ContainsKey(txId);

    /// <summary>
    /// Called with each transaction that leaves for a reason other than confirmation (evicted,
    /// conflicting with a block, invalid after a change), for compact-block reconstruction (CB-5.5).
    /// Runs under the owner's serialization: it must be quick and must not call back.
    /// </summary>
    public Action<Transaction>? RemovedUnconfirmed { get; set; }

    /// <summary>The transactions, in no particular order, as a new array (compact-block reconstruction, CB-5.2).</summary>
    public Transaction[] CopyTransactions()
    {
        var copy = new Transaction[_entries.Count];
        var i = 0;
        foreach (var entry in _entries.Values)
        {
            copy[i++] = entry.Tx;
        }

        return copy;
    }

    /// <summary>True when <paramref name="txId"/> waits in the orphan pool.</summary>
    public bool ContainsOrphan(Hash256 txId) => _orphans.Contains(txId);

    /// <summary>The fee of a mempool transaction.</summary>
    public bool TryGetFee(Hash256 txId, out long fee)
    {
        var found = _entries.TryGetValue(txId, out var entry);
        fee = entry?.Fee ?? 0;
        return found;
    }

    public bool TryGet(Hash256 txId, out Transaction tx)
    {
        var found = _entries.TryGetValue(txId, out var entry);
        tx = entry?.Tx!;
        return found;
    }

    /// <summary>The mempool transaction spending <paramref name="outPoint"/>, if any.</summary>
    public bool TryGetSpender(OutPoint outPoint, out Hash256 txId) => _spentBy.TryGetValue(outPoint, out txId);

    /// <summary>Outputs of mempool transactions on top of the UTXO set, as of the next block.</summary>
    public bool TryGetCoin(in OutPoint outPoint, out Coin coin)
    {
        if (_entries.TryGetValue(outPoint.TxId, out var entry))
        {
            if (outPoint.Index < entry.Tx.Outputs.Count)
            {
                coin = new Coin(entry.Tx.Outputs[(int)outPoint.Index], _chain.Tip.Height + 1, false);
                return true;
            }

            coin = default;
            return false;
        }

        return _chain.Store.TryGetCoin(outPoint, out coin);
    }

    /// <summary>Offers a transaction; on acceptance also retries orphans that were waiting for it.</summary>
    public MempoolAcceptResult Accept(Transaction tx)
    {
        ArgumentNullException.ThrowIfNull(tx);
        var result = AcceptOne(tx, allowOrphan: true);
        var accepted = new List<Hash256>(0);
        if (result.IsAccepted && _orphans.Count > 0)
        {
            var queue = new Queue<Hash256>();
            queue.Enqueue(tx.TxId);
            while (queue.TryDequeue(out var parent))
            {
                foreach (var orphan in _orphans.TakeChildren(parent))
                {
                    if (AcceptOne(orphan, allowOrphan: true).IsAccepted)
                    {
                        accepted.Add(orphan.TxId);
                        queue.Enqueue(orphan.TxId);
                    }
                }
            }
        }

        return new MempoolAcceptResult(tx.TxId, result, accepted)
        {
            MissingParents = result.Reason == RejectReason.Orphan ? FindMissingParents(tx) : [],
        };
    }

    /// <summary>
    /// Offers transactions in order with the outcome of offering each through <see cref="Accept"/> in
    /// turn (CHAIN-8.6), taking the signature verdicts in <paramref name="checkedAhead"/> (from
    /// <see cref="PlanSignatureChecks"/>) instead of verifying again where they apply.
    /// </summary>
    public IReadOnlyList<MempoolAcceptResult> AcceptMany(IReadOnlyList<Transaction> txs, SignatureVerdicts? checkedAhead)
    {
        ArgumentNullException.ThrowIfNull(txs);
        _checkedAhead = checkedAhead;
        try
        {
            var results = new MempoolAcceptResult[txs.Count];
            for (var i = 0; i < txs.Count; i++)
            {
                results[i] = Accept(txs[i]);
            }

            return results;
        }
        finally
        {
            _checkedAhead = null;
        }
    }

    /// <summary>
    /// The signature checks a batch may make ahead of its in-order accept (CHAIN-8.6): every input of
    /// each transaction that passes the cheap checks against the mempool and the batch's earlier
    /// transactions, and whose inputs the chain, the mempool or an earlier one of the batch provides.
    /// Reads the mempool, so the caller holds the chain lock; the checks themselves need no lock.
    /// </summary>
    public List<SignatureJob> PlanSignatureChecks(IReadOnlyList<Transaction> txs)
    {
        ArgumentNullException.ThrowIfNull(txs);
        var view = _batchView ??= new CoinViewCache(this);
        view.Clear();
        var nextHeight = _chain.Tip.Height + 1;
        var jobs = new List<SignatureJob>();
        var candidate = new List<SignatureJob>();
        foreach (var tx in txs)
        {
            // The cheap refusals come first, as in the in-order accept, so a transaction refused for
            // policy (a conflict, a low fee) costs no signature check here either. Special
            // transactions have rules of their own and are left to the in-order accept.
            if (tx.Type != SpecialTransactionType.Normal || !CheckPolicy(tx).IsAccepted)
            {
                continue;
            }

            // Apply leaves the view as it was unless every input is there, so what it cannot place
            // yet (an orphan, a double spend within the batch) is left to the in-order accept.
            candidate.Clear();
            if (InputValidator.Apply(tx, view, nextHeight, _chain.Parameters, candidate, out var fee).IsAccepted
                && fee * 1000 >= _options.MinFeeRatePerKb * tx.Size)
            {
                jobs.AddRange(candidate);
            }
        }

        view.Clear();
        return jobs;
    }

    /// <summary>
    /// Verifies a transaction's signature jobs, taking a verdict checked ahead (CHAIN-8.6) when it was
    /// made for the same input spending the same output; a verdict depends on nothing else.
    /// </summary>
    private ValidationResult VerifySignatures(List<SignatureJob> jobs)
    {
        var backend = _chain.Options.Backend;
        foreach (var job in jobs)
        {
            var reason = _checkedAhead is not null && _checkedAhead.TryGet(job, out var ahead)
                ? ahead
                : job.Verify(backend);
            if (reason != RejectReason.None)
            {
                return ValidationResult.Reject(reason, $"input {job.InputIndex} of {job.Tx.TxId}");
            }
        }

        return ValidationResult.Ok;
    }

    private ValidationResult AcceptOne(Transaction tx, bool allowOrphan)
    {
        var result = Validate(tx, allowOrphan, out var fee);
        if (!result.IsAccepted)
        {
            if (result.Reason != RejectReason.Orphan)
            {
                ConsensusMetrics.Rejected("tx", result.Reason);
                Log.TransactionRejected(_logger, tx.TxId, result);
            }

            return result;
        }

        var entry = new MempoolEntry(tx, fee, _sequence++);
        Add(entry);
        TrimToSize();
        if (!_entries.ContainsKey(tx.TxId))
        {
            return ValidationResult.Reject(RejectReason.MempoolFull, "its fee rate is below every other transaction's");
        }

        ConsensusMetrics.TransactionsAccepted.Add(1);
        return ValidationResult.Ok;
    }

    private ValidationResult Validate(Transaction tx, bool allowOrphan, out long fee)
    {
        fee = 0;
        var check = CheckPolicy(tx);
        if (!check.IsAccepted)
        {
            return check;
        }

        var nextHeight = _chain.Tip.Height + 1;
        var view = _scratchView ??= new CoinViewCache(this);
        view.Clear();
        var missing = FindMissingInput(tx, view);
        if (missing is { } prevOut)
        {
            if (_chain.Store.TryGetCoin(new OutPoint(tx.TxId, 0), out _))
            {
                return ValidationResult.Reject(RejectReason.AlreadyConfirmed);
            }

            if (!allowOrphan)
            {
                return ValidationResult.Reject(RejectReason.MissingInputs, prevOut.ToString());
            }

            return _orphans.TryAdd(tx)
                ? ValidationResult.Reject(RejectReason.Orphan, $"waiting for {prevOut.TxId}")
                : ValidationResult.Reject(RejectReason.OrphanPoolFull, "the orphan is too large to keep");
        }

        var jobs = new List<SignatureJob>(tx.Inputs.Count);
        var inputs = InputValidator.Apply(tx, view, nextHeight, _chain.Parameters, jobs, out fee);
        if (!inputs.IsAccepted)
        {
            return inputs;
        }

        if (fee * 1000 < _options.MinFeeRatePerKb * tx.Size)
        {
            return ValidationResult.Reject(RejectReason.FeeTooLow, $"fee {fee} for {tx.Size} bytes");
        }

        if (tx.Type != SpecialTransactionType.Normal)
        {
            var masternodes = _chain.CheckMasternodeRules(tx, view);
            if (!masternodes.IsAccepted)
            {
                return masternodes;
            }
        }

        return VerifySignatures(jobs);
    }

    private ValidationResult CheckPolicy(Transaction tx)
    {
        var check = TransactionValidator.CheckTransaction(tx);
        if (!check.IsAccepted)
        {
            return check;
        }

        if (tx.IsCoinbase)
        {
            return ValidationResult.Reject(RejectReason.CoinbaseInMempool);
        }

        if (tx.Size > _options.MaxTransactionSize)
        {
            return ValidationResult.Reject(RejectReason.Oversize, $"{tx.Size} bytes");
        }

        if (_entries.ContainsKey(tx.TxId))
        {
            return ValidationResult.Reject(RejectReason.AlreadyInMempool);
        }

        var tip = _chain.Tip;
        if (!TransactionValidator.IsFinal(tx, tip.Height + 1, tip.MedianTimePast()))
        {
            return ValidationResult.Reject(RejectReason.NotFinal);
        }

        var reason = MasternodeRules.CheckType(tx, tip.Height + 1, _chain.Parameters);
        if (reason != RejectReason.None)
        {
            return ValidationResult.Reject(reason, tx.Type.ToString());
        }

        if (tx.Type != SpecialTransactionType.Normal && FindClaimConflict(tx) is { } claimant)
        {
            return ValidationResult.Reject(RejectReason.MempoolConflict, $"{claimant} already claims this masternode, key, service or collateral");
        }

        for (var inputIndex = 0; inputIndex < tx.Inputs.Count; inputIndex++)
        {
            var input = tx.Inputs[inputIndex];
            if (_spentBy.TryGetValue(input.PrevOut, out var spender))
            {
                return ValidationResult.Reject(RejectReason.MempoolConflict, $"{input.PrevOut} is spent by {spender}");
            }
        }

        return ValidationResult.Ok;
    }

    private List<Hash256> FindMissingParents(Transaction tx)
    {
        var missing = new List<Hash256>();
        for (var inputIndex = 0; inputIndex < tx.Inputs.Count; inputIndex++)
        {
            var input = tx.Inputs[inputIndex];
            if (!missing.Contains(input.PrevOut.TxId) && !TryGetCoin(input.PrevOut, out _))
            {
                missing.Add(input.PrevOut.TxId);
            }
        }

        return missing;
    }

    private static OutPoint? FindMissingInput(Transaction tx, CoinViewCache view)
    {
        for (var inputIndex = 0; inputIndex < tx.Inputs.Count; inputIndex++)
        {
            var input = tx.Inputs[inputIndex];
            if (!view.TryGetCoin(input.PrevOut, out _))
            {
                return input.PrevOut;
            }
        }

        return null;
    }
}
