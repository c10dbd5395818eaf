using System.Numerics;
using Microsoft.Extensions.Logging;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Storage;

namespace RustyNode.Consensus.Chain;

/// <summary>
/// The block tree, the active chain and best-chain selection over a <see cref="ChainStore"/>
/// (CHAIN-4, CHAIN-7). Not thread-safe: <c>ChainService</c> serializes calls.
/// </summary>
public sealed partial class ChainManager
{
    private readonly Dictionary<Hash256, BlockIndexEntry> _index = [];
    private readonly Dictionary<Hash256, List<BlockIndexEntry>> _children = [];
    private readonly List<BlockIndexEntry> _active = [];
    private readonly HashSet<BlockIndexEntry> _candidates = [];
    private readonly ChainStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _sequence;

    public ChainManager(ChainStore store, ChainParameters parameters, BlockConnectOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(parameters);
        _store = store;
        Parameters = parameters;
        Options = options ?? new BlockConnectOptions();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        Load();
        BestHeader ??= Tip;

        // A crash in the middle of a reorganisation leaves a consistent but lighter tip; finish the
        // move to the best stored chain now rather than waiting for the next block.
        ActivateBestChain(Tip);
    }

    public ChainParameters Parameters { get; }

    public BlockConnectOptions Options { get; }

    /// <summary>The store (read access for the mempool and tests).</summary>
    public ChainStore Store => _store;

    /// <summary>The last block of the active chain.</summary>
    public BlockIndexEntry Tip => _active[^1];

    /// <summary>The valid header with the most work (may be ahead of <see cref="Tip"/>).</summary>
    public BlockIndexEntry BestHeader { get; private set; }

    /// <summary>The active chain by height.</summary>
    public IReadOnlyList<BlockIndexEntry> ActiveChain => _active;

    /// <summary>Number of headers in the index.</summary>
    public int HeaderCount => _index.Count;

    /// <summary>The index entry of <paramref name="hash"/>.</summary>
    public bool TryGetEntry(Hash256 hash, out BlockIndexEntry entry) => _index.TryGetValue(hash, out entry!);

    /// <summary>True when <paramref name="entry"/> is on the active chain.</summary>
    public bool IsActive(BlockIndexEntry entry) =>
        entry is not null && entry.Height < _active.Count && _active[entry.Height] == entry;

    private void Load()
    {
        var network = _store.GetMeta("network");
        if (network is not null && network != Parameters.Network)
        {
            throw new InvalidOperationException($"The data dir holds a {network} chain, not {Parameters.Network}.");
        }

        foreach (var stored in _store.LoadHeaders())
        {
            BlockIndexEntry? parent = null;
            if (!stored.Header.PreviousHash.IsZero && !_index.TryGetValue(stored.Header.PreviousHash, out parent))
            {
                throw new InvalidOperationException($"Stored header {stored.Header.Hash} has no parent; the store is damaged.");
            }

            var entry = Register(stored.Header, parent, stored.Sequence);
            entry.Status = stored.Status;
            _sequence = Math.Max(_sequence, stored.Sequence + 1);
        }

        if (_index.Count == 0)
        {
            var genesis = Register(Parameters.GenesisBlock.Header, null, _sequence++);
            genesis.Status = BlockStatus.HaveData;
            _store.SetMeta("network", Parameters.Network);
            _store.InitializeGenesis(genesis, Parameters.GenesisBlock.ToBytes());
        }

        foreach (var hash in _store.LoadActiveChain())
        {
            _active.Add(_index[hash]);
        }

        if (_active.Count == 0 || _active[0].Hash != Parameters.GenesisHash)
        {
            throw new InvalidOperationException("The stored chain does not start at this network's genesis block.");
        }

        _masternodes = _store.LoadMasternodeList();

        foreach (var entry in _index.Values)
        {
            if (!entry.IsInvalid && (BestHeader is null || entry.IsBetterThan(BestHeader)))
            {
                BestHeader = entry;
            }

            if (entry.HasData && !entry.IsInvalid && !IsActive(entry))
            {
                _candidates.Add(entry);
            }
        }
    }

    private BlockIndexEntry Register(BlockHeader header, BlockIndexEntry? parent, long sequence) =>
        Adopt(new BlockIndexEntry(header, parent, sequence));

    /// <summary>Adds an entry built against a parent that is already in the index.</summary>
    private BlockIndexEntry Adopt(BlockIndexEntry entry)
    {
        _index.Add(entry.Hash, entry);
        if (entry.Previous is { } parent)
        {
            if (!_children.TryGetValue(parent.Hash, out var list))
            {
                _children[parent.Hash] = list = [];
            }

            list.Add(entry);
        }

        if (BestHeader is not null && !entry.IsInvalid && entry.IsBetterThan(BestHeader))
        {
            BestHeader = entry;
        }

        return entry;
    }

    /// <summary>
    /// Header checks without changing anything; the parent is returned for the caller to register.
    /// <paramref name="pending"/> is an entry not yet in the index that may be the parent.
    /// </summary>
    private ValidationResult ValidateHeader(BlockHeader header, out BlockIndexEntry? parent, BlockIndexEntry? pending = null)
    {
        parent = null;
        if (_index.TryGetValue(header.Hash, out var known))
        {
            return known.IsInvalid
                ? ValidationResult.Reject(RejectReason.KnownInvalid, header.Hash.ToString())
                : ValidationResult.Reject(RejectReason.Duplicate, header.Hash.ToString());
        }

        var pow = HeaderValidator.CheckProofOfWork(header, Parameters);
        if (!pow.IsAccepted)
        {
            return pow;
        }

        if (pending is not null && pending.Hash == header.PreviousHash)
        {
            parent = pending;
        }
        else if (!_index.TryGetValue(header.PreviousHash, out parent))
        {
            return ValidationResult.Reject(RejectReason.UnknownParent, $"parent {header.PreviousHash}");
        }

        return HeaderValidator.Check(header, parent, Parameters, _time.GetUtcNow());
    }

    /// <summary>Validates and indexes one header (CHAIN-4.1 to 4.4). Duplicate means it was already known.</summary>
    public ValidationResult ProcessHeader(BlockHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return ProcessHeaders([header]);
    }

    /// <summary>
    /// Validates and indexes a batch of up to <see cref="ChainLimits.MaxHeadersPerBatch"/> headers, each the parent
    /// of the next. Headers before the first failure are kept; known headers are skipped.
    /// </summary>
    public ValidationResult ProcessHeaders(IReadOnlyList<BlockHeader> headers) =>
        ProcessHeaders(headers, BigInteger.Zero, ChainLimits.MaxHeadersPerBatch);

    /// <summary>
    /// Validates a chain of up to <paramref name="maxCount"/> headers, each the parent of the next, and
    /// indexes the headers before the first failure only when the chain they end has at least
    /// <paramref name="minimumWork"/> (CHAIN-4.8); otherwise nothing is indexed. Known headers are skipped.
    /// </summary>
    public ValidationResult ProcessHeaders(IReadOnlyList<BlockHeader> headers, BigInteger minimumWork, int maxCount)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (headers.Count > maxCount)
        {
            return ValidationResult.Reject(RejectReason.Oversize, $"{headers.Count} headers in one batch");
        }

        // First every check against detached entries, then (if the work suffices) the index and the store.
        var added = new List<BlockIndexEntry>(headers.Count);
        var result = ValidationResult.Ok;
        for (var i = 0; i < headers.Count; i++)
        {
            if (i > 0 && headers[i].PreviousHash != headers[i - 1].Hash)
            {
                result = ValidationResult.Reject(RejectReason.HeadersNotContinuous, $"header {i} does not follow header {i - 1}");
                break;
            }

            var check = ValidateHeader(headers[i], out var parent, added.Count > 0 ? added[^1] : null);
            if (check.Reason == RejectReason.Duplicate)
            {
                result = headers.Count == 1 ? check : result;
                continue;
            }

            if (!check.IsAccepted)
            {
                result = check;
                break;
            }

            added.Add(new BlockIndexEntry(headers[i], parent, _sequence + added.Count));
        }

        if (added.Count > 0 && added[^1].ChainWork < minimumWork)
        {
            result = result.IsAccepted
                ? ValidationResult.Reject(RejectReason.InsufficientWork, $"the chain ends with work {added[^1].ChainWork:x}, below {minimumWork:x}")
                : result;
            added.Clear();
        }

        if (added.Count > 0)
        {
            foreach (var entry in added)
            {
                Adopt(entry);
            }

            _sequence += added.Count;
            _store.InsertHeaders(added);
        }

        if (!result.IsAccepted && result.Reason != RejectReason.Duplicate)
        {
            ConsensusMetrics.Rejected("header", result.Reason);
            Log.HeaderRejected(_logger, headers.Count > 0 ? headers[^1].Hash : default, result);
        }

        return result;
    }
}
