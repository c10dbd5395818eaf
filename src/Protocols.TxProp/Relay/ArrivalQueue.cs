using RustyNode.Consensus.Model;

namespace RustyNode.Protocols.TxProp.Relay;

/// <summary>
/// Transactions read from one request stream and not yet validated, in arrival order (TX-4.9): the
/// stream's reader hands over what arrived together, its validator takes batches. Bounded by a
/// transaction count and a byte count: while it is at either, the reader waits, so the peer's further
/// answers back up in flow control and memory per peer stays bounded. For one reader and one validator.
/// </summary>
internal sealed class ArrivalQueue(int maxCount, int maxBytes)
{
    private readonly Lock _gate = new();
    private readonly Queue<Transaction> _queue = new();
    private int _bytes;
    private bool _completed;
    private TaskCompletionSource? _room;
    private TaskCompletionSource? _work;

    /// <summary>
    /// Moves <paramref name="arrived"/> to the queue once it has room (it is empty, or under both
    /// bounds), and leaves the list empty. The queue can thus hold up to one hand-over beyond its bounds.
    /// </summary>
    public async ValueTask AddAsync(List<Transaction> arrived, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arrived);
        while (true)
        {
            Task room;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_completed, this);
                if (_queue.Count == 0 || (_queue.Count < maxCount && _bytes < maxBytes))
                {
                    Enqueue(arrived);
                    return;
                }

                _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                room = _room.Task;
            }

            await room.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Hands over <paramref name="arrived"/> without waiting for room, and adds nothing after it: the
    /// reader's last hand-over when the stream ended or broke (those transactions are still validated).
    /// Returns false, leaving the list as it was, when the validator has already given up
    /// (<see cref="Abandon"/>): nobody will validate those, and the caller must settle them.
    /// </summary>
    public bool Complete(List<Transaction> arrived)
    {
        ArgumentNullException.ThrowIfNull(arrived);
        lock (_gate)
        {
            var handedOver = !_completed;
            if (handedOver)
            {
                Enqueue(arrived);
                _completed = true;
            }

            Signal(ref _work);
            Signal(ref _room);
            return handedOver;
        }
    }

    /// <summary>
    /// The validator's last call: completes the queue (a reader waiting for room, or handing over
    /// later, is refused) and returns what was still queued, which nobody will validate now. Empty
    /// when the validator took everything the reader completed the queue with.
    /// </summary>
    public List<Transaction> Abandon()
    {
        lock (_gate)
        {
            _completed = true;
            var left = new List<Transaction>(_queue);
            _queue.Clear();
            _bytes = 0;
            Signal(ref _work);
            Signal(ref _room);
            return left;
        }
    }

    /// <summary>
    /// Waits until something arrived, then moves into <paramref name="batch"/> what is waiting, oldest
    /// first: at most <paramref name="maxBatch"/> transactions and, past the first, at most
    /// <paramref name="maxBatchBytes"/> bytes. Returns false, taking nothing, once the queue is
    /// completed and empty.
    /// </summary>
    public async ValueTask<bool> TakeBatchAsync(List<Transaction> batch, int maxBatch, int maxBatchBytes)
    {
        ArgumentNullException.ThrowIfNull(batch);
        while (true)
        {
            Task work;
            lock (_gate)
            {
                if (_queue.Count > 0)
                {
                    var bytes = 0;
                    while (_queue.Count > 0 && batch.Count < maxBatch && (batch.Count == 0 || bytes + _queue.Peek().Size <= maxBatchBytes))
                    {
                        var tx = _queue.Dequeue();
                        bytes += tx.Size;
                        batch.Add(tx);
                    }

                    _bytes -= bytes;
                    Signal(ref _room);
                    return true;
                }

                if (_completed)
                {
                    return false;
                }

                _work ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                work = _work.Task;
            }

            await work;
        }
    }

    private void Enqueue(List<Transaction> arrived)
    {
        foreach (var tx in arrived)
        {
            _queue.Enqueue(tx);
            _bytes += tx.Size;
        }

        arrived.Clear();
        if (_queue.Count > 0)
        {
            Signal(ref _work);
        }
    }

    private static void Signal(ref TaskCompletionSource? waiter)
    {
        waiter?.TrySetResult();
        waiter = null;
    }
}
