using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Mempool;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Storage;

namespace RustyNode.Consensus.Service;

/// <summary>
/// The facade the daemon and the network protocols use: a chain, its store and its mempool opened
/// on a data dir. Every method is thread-safe (one lock) and never throws for bad input; it returns
/// an accept/reject result with a <see cref="RejectReason"/>.
/// </summary>
public sealed partial class ChainService : IDisposable, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly ChainStore _store;
    private readonly ChainManager _chain;
    private readonly TxMempool _mempool;
    private readonly ChainServiceOptions _options;
    private readonly ILogger _logger;
    private readonly string _dataDir;
    private bool _disposed;

    private ChainService(ChainStore store, ChainManager chain, TxMempool mempool, ChainServiceOptions options, ILogger logger, string dataDir)
    {
        _dataDir = dataDir;
        _store = store;
        _chain = chain;
        _mempool = mempool;
        _options = options;
        _logger = logger;
        _mempool.RemovedUnconfirmed = tx => TransactionLeftMempool?.Invoke(tx);
    }

    /// <summary>
    /// Raised with each transaction that left the mempool unconfirmed (evicted, conflicting), for
    /// compact-block reconstruction (CB-5.5). Raised under the service's lock: a handler must be quick
    /// and must not call the service.
    /// </summary>
    public event Action<Transaction>? TransactionLeftMempool;

    /// <summary>Raised after the active chain changed.</summary>
    public event EventHandler<ChainUpdatedEventArgs>? ChainUpdated;

    /// <summary>Raised after transactions entered the mempool through <see cref="AcceptTransaction(Transaction)"/>.</summary>
    public event EventHandler<TransactionsAcceptedEventArgs>? TransactionsAccepted;

    public ChainParameters Parameters => _chain.Parameters;

    /// <summary>The chain manager (tests and benchmarks; callers must not use it concurrently with the service).</summary>
    internal ChainManager Chain => _chain;

    /// <summary>The mempool (tests and benchmarks).</summary>
    internal TxMempool Mempool => _mempool;

    /// <summary>Opens (creating if needed) the chain in <paramref name="dataDir"/>.</summary>
    public static ChainService Open(string dataDir, ChainParameters parameters, ILoggerFactory? loggerFactory = null, ChainServiceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        ArgumentNullException.ThrowIfNull(parameters);
        options ??= new ChainServiceOptions();
        options.Mempool.Validate();
        loggerFactory ??= NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger<ChainService>();
        Directory.CreateDirectory(dataDir);
        var store = ChainStore.Open(Path.Combine(dataDir, options.DatabaseFileName));
        try
        {
            var chain = new ChainManager(store, parameters, options.Connect, options.Time, loggerFactory.CreateLogger<ChainManager>());
            var mempool = new TxMempool(chain, options.Mempool, loggerFactory.CreateLogger<TxMempool>());
            Log.ChainOpened(logger, parameters.Network, chain.Tip.Height, chain.Tip.Hash, chain.HeaderCount, options.Connect.Backend.Name);
            return new ChainService(store, chain, mempool, options, logger, dataDir);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary><c>{"type":"chain"}</c>: height, best hash, chain work.</summary>
    public ChainInfo GetChainInfo()
    {
        lock (_gate)
        {
            var tip = _chain.Tip;
            return new ChainInfo(
                Parameters.Network,
                tip.Height,
                tip.Hash.ToString(),
                tip.ChainWork.ToString("x", CultureInfo.InvariantCulture).TrimStart('0').PadLeft(1, '0'),
                _chain.BestHeader.Height,
                _chain.BestHeader.Hash.ToString(),
                tip.MedianTimePast());
        }
    }

    /// <summary>Height and hash of the active tip.</summary>
    public (int Height, Hash256 Hash) Tip
    {
        get
        {
            lock (_gate)
            {
                return (_chain.Tip.Height, _chain.Tip.Hash);
            }
        }
    }

    /// <summary><c>{"type":"mempool"}</c>: count, bytes, txids.</summary>
    public MempoolInfo GetMempoolInfo()
    {
        Hash256[] ids;
        long bytes;
        int orphans;
        lock (_gate)
        {
            // Only the ids are copied under the lock; writing them out as hex (a hundred times
            // longer for a full mempool) is left until validation can go on.
            ids = [.. _mempool.Entries.Select(e => e.Tx.TxId)];
            bytes = _mempool.Bytes;
            orphans = _mempool.OrphanCount;
        }

        return new MempoolInfo(ids.Length, bytes, Array.ConvertAll(ids, id => id.ToString()), orphans);
    }

    /// <summary><c>{"type":"submit_tx","hex":...}</c>: parses and offers a transaction to the mempool.</summary>
    public SubmitTxResult SubmitTransactionHex(string hex)
    {
        if (hex is not null && hex.Length > 2 * ChainLimits.MaxTransactionSize)
        {
            return new SubmitTxResult(false, null, nameof(RejectReason.Oversize), $"{hex.Length / 2} bytes");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(hex ?? string.Empty);
        }
        catch (FormatException)
        {
            return new SubmitTxResult(false, null, nameof(RejectReason.Malformed), "not hex");
        }

        if (!TryParseTransaction(bytes, out var tx, out var parse))
        {
            return new SubmitTxResult(false, null, parse.Reason.ToString(), parse.Detail);
        }

        var result = AcceptTransaction(tx);
        return new SubmitTxResult(result.IsAccepted, result.TxId.ToString(), result.IsAccepted ? null : result.Result.Reason.ToString(), result.Result.Detail);
    }

    /// <summary>Offers a transaction to the mempool (orphans are kept until their parents arrive).</summary>
    public MempoolAcceptResult AcceptTransaction(Transaction tx)
    {
        ArgumentNullException.ThrowIfNull(tx);
        return AcceptTransactions([tx])[0];
    }

    /// <summary>
    /// Offers transactions in order, as <see cref="AcceptTransaction(Transaction)"/> would one by one,
    /// with their signatures checked ahead across the block-connect threads (CHAIN-8.6); raises
    /// <see cref="TransactionsAccepted"/> once, with everything that entered, in order. The checks
    /// ahead, most of the work, run without the chain lock, so serving, announcing and queries go on
    /// meanwhile; the lock is held to plan them and for the in-order accept.
    /// </summary>
    public IReadOnlyList<MempoolAcceptResult> AcceptTransactions(IReadOnlyList<Transaction> txs)
    {
        ArgumentNullException.ThrowIfNull(txs);
        List<SignatureJob> jobs;
        lock (_gate)
        {
            jobs = _mempool.PlanSignatureChecks(txs);
        }

        // What changes meanwhile (another batch, a block) is met by the in-order accept, which takes
        // a verdict only for the same input spending the same output.
        var checkedAhead = jobs.Count > 0 ? SignatureVerdicts.Check(jobs, _chain.Options.Backend, _chain.Options.DegreeOfParallelism) : null;
        IReadOnlyList<MempoolAcceptResult> results;
        List<Transaction> accepted = [];
        List<long> fees = [];
        lock (_gate)
        {
            results = _mempool.AcceptMany(txs, checkedAhead);
            for (var i = 0; i < results.Count; i++)
            {
                if (!results[i].IsAccepted)
                {
                    continue;
                }

                Entered(txs[i]);
                foreach (var orphan in results[i].AcceptedOrphans)
                {
                    if (_mempool.TryGet(orphan, out var released))
                    {
                        Entered(released);
                    }
                }
            }
        }

        if (accepted.Count > 0)
        {
            TransactionsAccepted?.Invoke(this, new TransactionsAcceptedEventArgs(accepted, fees));
        }

        return results;

        // A transaction that entered and was evicted again within the same batch is not reported.
        void Entered(Transaction tx)
        {
            if (_mempool.TryGetFee(tx.TxId, out var fee))
            {
                accepted.Add(tx);
                fees.Add(fee);
            }
        }
    }

    /// <summary>Parses and offers a serialized transaction; a parse failure is Malformed or Oversize.</summary>
    public MempoolAcceptResult AcceptTransaction(ReadOnlyMemory<byte> bytes)
    {
        return TryParseTransaction(bytes, out var tx, out var parse)
            ? AcceptTransaction(tx)
            : new MempoolAcceptResult(default, parse, []);
    }

    /// <summary>Every mempool transaction, in no particular order, as a new array (compact-block reconstruction).</summary>
    public Transaction[] GetMempoolTransactions()
    {
        lock (_gate)
        {
            return _mempool.CopyTransactions();
        }
    }

    /// <summary>A mempool transaction by id.</summary>
    public bool TryGetMempoolTransaction(Hash256 txId, out Transaction tx)
    {
        lock (_gate)
        {
            return _mempool.TryGet(txId, out tx);
        }
    }

    /// <summary>True when the mempool or its orphan pool holds <paramref name="txId"/> (relay need not fetch it).</summary>
    public bool HasTransaction(Hash256 txId)
    {
        lock (_gate)
        {
            return _mempool.Contains(txId) || _mempool.ContainsOrphan(txId);
        }
    }

    /// <summary>The mempool's minimum fee rate, in base units per 1,000 bytes (what relay peers are asked to announce).</summary>
    public long MinRelayFeeRatePerKb => _options.Mempool.MinFeeRatePerKb;

    /// <summary>Mempool transactions and orphans held.</summary>
    public (int Transactions, int Orphans) MempoolCounts
    {
        get
        {
            lock (_gate)
            {
                return (_mempool.Count, _mempool.OrphanCount);
            }
        }
    }

    private static bool TryParseTransaction(ReadOnlyMemory<byte> bytes, out Transaction tx, out ValidationResult result)
    {
        tx = null!;
        try
        {
            tx = TransactionCodec.FromBytes(bytes);
            result = ValidationResult.Ok;
            return true;
        }
        catch (ConsensusFormatException ex)
        {
            result = ValidationResult.Reject(ex.IsOverLimit ? RejectReason.Oversize : RejectReason.Malformed, ex.Message);
            return false;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _store.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
