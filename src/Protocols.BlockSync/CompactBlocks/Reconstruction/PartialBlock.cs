using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Protocols.BlockSync.CompactBlocks.Messages;
using RustyNode.Protocols.BlockSync.CompactBlocks.ShortIds;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Reconstruction;

/// <summary>
/// One compact block being rebuilt (CB-5): the prefilled transactions in place, the short-id slots
/// filled from the mempool and the extra pool, the rest asked for with one GetBlockTxs. Not
/// thread-safe: one owner drives it.
/// </summary>
public sealed class PartialBlock
{
    private readonly Transaction?[] _slots;
    private readonly Dictionary<ulong, int> _slotByShortId;
    private readonly ShortIdKey _key;
    private Func<Hash256, ulong>? _shortIdOf;
    private int[] _missing = [];

    private PartialBlock(CompactBlock compact, Transaction?[] slots, Dictionary<ulong, int> slotByShortId, ReconstructionStatus status)
    {
        Compact = compact;
        _slots = slots;
        _slotByShortId = slotByShortId;
        _key = ShortIdKey.From(compact.Header, compact.Nonce);
        Status = status;
    }

    public CompactBlock Compact { get; }

    public ReconstructionStatus Status { get; private set; }

    /// <summary>Why the status is <see cref="ReconstructionStatus.FallBackToFullBlock"/> or <see cref="ReconstructionStatus.Invalid"/>.</summary>
    public string? Problem { get; private set; }

    /// <summary>Positions still empty, increasing (valid after <see cref="Fill"/>).</summary>
    public IReadOnlyList<int> MissingIndexes => _missing;

    /// <summary>The rebuilt block once <see cref="Status"/> is <see cref="ReconstructionStatus.Complete"/>.</summary>
    public Block? Block { get; private set; }

    /// <summary>Transactions found in the mempool or the extra pool.</summary>
    public int FoundInPools { get; private set; }

    /// <summary>
    /// Lays out the slots. A compact block with two equal short ids cannot be rebuilt
    /// (<see cref="ReconstructionStatus.FallBackToFullBlock"/>, CB-5.2); positions were checked by the codec (CB-2.3).
    /// </summary>
    public static PartialBlock Create(CompactBlock compact) => Create(compact, null);

    /// <summary>As <see cref="Create(CompactBlock)"/>, with another short-id function (tests stage collisions with it).</summary>
    internal static PartialBlock Create(CompactBlock compact, Func<Hash256, ulong>? shortIdOf)
    {
        ArgumentNullException.ThrowIfNull(compact);
        var slots = new Transaction?[compact.TransactionCount];
        foreach (var prefilled in compact.Prefilled)
        {
            if (prefilled.Index >= slots.Length || slots[prefilled.Index] is not null)
            {
                return Failed(compact, slots, ReconstructionStatus.Invalid, $"prefilled index {prefilled.Index} is out of place");
            }

            slots[prefilled.Index] = prefilled.Transaction;
        }

        var slotByShortId = new Dictionary<ulong, int>(compact.ShortIds.Count);
        var next = 0;
        for (var i = 0; i < compact.ShortIds.Count; i++)
        {
            while (slots[next] is not null)
            {
                next++;
            }

            if (!slotByShortId.TryAdd(compact.ShortIds[i], next))
            {
                return Failed(compact, slots, ReconstructionStatus.FallBackToFullBlock, "two equal short ids");
            }

            next++;
        }

        return new PartialBlock(compact, slots, slotByShortId, ReconstructionStatus.NeedTransactions) { _shortIdOf = shortIdOf };
    }

    /// <summary>
    /// Fills short-id slots from <paramref name="mempool"/> and then <paramref name="extra"/>; completes
    /// the block when nothing is missing. One short id matched by two different transactions falls back (CB-5.2).
    /// </summary>
    public ReconstructionStatus Fill(IReadOnlyList<Transaction> mempool, IReadOnlyList<Transaction> extra)
    {
        ArgumentNullException.ThrowIfNull(mempool);
        ArgumentNullException.ThrowIfNull(extra);
        if (Status != ReconstructionStatus.NeedTransactions)
        {
            return Status;
        }

        if (!FillFrom(mempool) || !FillFrom(extra))
        {
            return Status;
        }

        List<int> missing = [];
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i] is null)
            {
                missing.Add(i);
            }
        }

        _missing = [.. missing];
        return missing.Count == 0 ? Finish() : Status;
    }

    /// <summary>
    /// Takes the answer to our GetBlockTxs (CB-5.3): it must name this block and carry exactly the
    /// transactions asked for, else <see cref="ReconstructionStatus.Invalid"/>.
    /// </summary>
    public ReconstructionStatus Complete(BlockTxs answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (Status != ReconstructionStatus.NeedTransactions || _missing.Length == 0)
        {
            return Status;
        }

        if (answer.BlockHash != Compact.Header.Hash)
        {
            return Fail(ReconstructionStatus.Invalid, "block txs for another block");
        }

        if (answer.Transactions.Count != _missing.Length)
        {
            return Fail(ReconstructionStatus.Invalid, $"block txs carries {answer.Transactions.Count} transactions, {_missing.Length} were asked for");
        }

        for (var i = 0; i < _missing.Length; i++)
        {
            _slots[_missing[i]] = answer.Transactions[i];
        }

        _missing = [];
        return Finish();
    }

    private bool FillFrom(IReadOnlyList<Transaction> candidates)
    {
        for (var c = 0; c < candidates.Count; c++)
        {
            var tx = candidates[c];
            var txId = tx.TxId;
            var shortId = _shortIdOf is null ? _key.Compute(txId) : _shortIdOf(txId);
            if (!_slotByShortId.TryGetValue(shortId, out var slot))
            {
                continue;
            }

            var current = _slots[slot];
            if (current is null)
            {
                _slots[slot] = tx;
                FoundInPools++;
            }
            else if (current.TxId != txId)
            {
                Fail(ReconstructionStatus.FallBackToFullBlock, "one short id matches two transactions");
                return false;
            }
        }

        return true;
    }

    private ReconstructionStatus Finish()
    {
        var transactions = new Transaction[_slots.Length];
        for (var i = 0; i < _slots.Length; i++)
        {
            transactions[i] = _slots[i]!;
        }

        var root = MerkleTree.ComputeRoot(transactions, out var mutated);
        if (mutated || root != Compact.Header.MerkleRoot)
        {
            return Fail(ReconstructionStatus.FallBackToFullBlock, "the rebuilt transactions do not have the header's merkle root");
        }

        Block = new Block(Compact.Header, transactions);
        Status = ReconstructionStatus.Complete;
        return Status;
    }

    private ReconstructionStatus Fail(ReconstructionStatus status, string problem)
    {
        Status = status;
        Problem = problem;
        return status;
    }

    private static PartialBlock Failed(CompactBlock compact, Transaction?[] slots, ReconstructionStatus status, string problem)
    {
        var partial = new PartialBlock(compact, slots, [], status) { Problem = problem };
        return partial;
    }
}
