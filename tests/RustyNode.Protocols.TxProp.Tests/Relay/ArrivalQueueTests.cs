using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Protocols.TxProp.Relay;

namespace RustyNode.Protocols.TxProp.Tests.Relay;

/// <summary>The queue between a request stream's reader and its validator (TX-4.9).</summary>
public sealed class ArrivalQueueTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    [Trait("Clause", "TX-4.9")]
    [Trait("Clause", "TX-4.8")]
    public async Task Batches_come_out_in_arrival_order_within_the_count_bound()
    {
        var queue = new ArrivalQueue(maxCount: 10, maxBytes: 1_000_000);
        var sent = Enumerable.Range(0, 25).Select(Tx).ToList();
        await queue.AddAsync([.. sent.Take(5)], CancellationToken.None);
        await queue.AddAsync([.. sent.Skip(5).Take(20)], CancellationToken.None);
        queue.Complete([]);

        var batches = new List<List<Transaction>>();
        var batch = new List<Transaction>();
        while (await queue.TakeBatchAsync(batch, maxBatch: 10, maxBatchBytes: 1_000_000))
        {
            batches.Add([.. batch]);
            batch.Clear();
        }

        Assert.Equal([10, 10, 5], batches.Select(b => b.Count));
        Assert.Equal(sent, batches.SelectMany(b => b));
    }

    [Fact]
    [Trait("Clause", "TX-4.9")]
    public async Task A_batch_stops_at_the_byte_bound_but_always_takes_one()
    {
        var queue = new ArrivalQueue(maxCount: 200, maxBytes: 1_000_000);
        var size = Tx(0).Size;
        await queue.AddAsync([.. Enumerable.Range(0, 5).Select(Tx)], CancellationToken.None);

        var batch = new List<Transaction>();
        Assert.True(await queue.TakeBatchAsync(batch, maxBatch: 200, maxBatchBytes: (2 * size) + 1));
        Assert.Equal(2, batch.Count);
        batch.Clear();
        Assert.True(await queue.TakeBatchAsync(batch, maxBatch: 200, maxBatchBytes: 1));
        Assert.Single(batch);
    }

    [Fact]
    [Trait("Clause", "TX-4.9")]
    public async Task The_reader_waits_while_the_queue_is_at_its_bound_and_goes_on_once_a_batch_is_taken()
    {
        var queue = new ArrivalQueue(maxCount: 10, maxBytes: 1_000_000);
        await queue.AddAsync([.. Enumerable.Range(0, 10).Select(Tx)], CancellationToken.None);
        List<Transaction> more = [Tx(10)];
        var waiting = queue.AddAsync(more, CancellationToken.None).AsTask();
        await Task.Delay(100);
        Assert.False(waiting.IsCompleted, "the reader was let past a full queue");
        Assert.Single(more);

        var batch = new List<Transaction>();
        Assert.True(await queue.TakeBatchAsync(batch, maxBatch: 4, maxBatchBytes: 1_000_000));
        await waiting.WaitAsync(Bound);
        Assert.Empty(more);
    }

    [Fact]
    [Trait("Clause", "TX-4.9")]
    public async Task The_validator_waits_for_arrivals_and_ends_after_the_last_hand_over()
    {
        var queue = new ArrivalQueue(maxCount: 10, maxBytes: 1_000_000);
        var batch = new List<Transaction>();
        var taking = queue.TakeBatchAsync(batch, 10, 1_000_000).AsTask();
        await Task.Delay(50);
        Assert.False(taking.IsCompleted);

        // What was read before the stream ended is still handed over, past the bound if need be.
        queue.Complete([.. Enumerable.Range(0, 12).Select(Tx)]);
        Assert.True(await taking.WaitAsync(Bound));
        Assert.Equal(10, batch.Count);
        batch.Clear();
        Assert.True(await queue.TakeBatchAsync(batch, 10, 1_000_000));
        Assert.Equal(2, batch.Count);
        batch.Clear();
        Assert.False(await queue.TakeBatchAsync(batch, 10, 1_000_000));
        Assert.Empty(batch);
    }

    [Fact]
    [Trait("Clause", "TX-4.9")]
    public async Task A_reader_waiting_for_room_stops_when_the_validator_gives_up()
    {
        var queue = new ArrivalQueue(maxCount: 1, maxBytes: 1_000_000);
        await queue.AddAsync([Tx(0)], CancellationToken.None);
        List<Transaction> more = [Tx(1)];
        var waiting = queue.AddAsync(more, CancellationToken.None).AsTask();
        Assert.Equal([Tx(0).TxId], queue.Abandon().Select(t => t.TxId));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(Bound));
        Assert.Single(more);
    }

    [Fact]
    [Trait("Clause", "TX-4.9")]
    [Trait("Clause", "TX-8.2")]
    public async Task What_the_validator_gives_up_on_comes_back_to_be_settled_and_nothing_is_taken_after()
    {
        var queue = new ArrivalQueue(maxCount: 10, maxBytes: 1_000_000);
        await queue.AddAsync([.. Enumerable.Range(0, 6).Select(Tx)], CancellationToken.None);
        var batch = new List<Transaction>();
        Assert.True(await queue.TakeBatchAsync(batch, maxBatch: 2, maxBatchBytes: 1_000_000));

        // The validator fails with four still queued: it gets them back, and the reader's last
        // hand-over is refused and left with it, so neither is counted as awaiting validation for ever.
        Assert.Equal(Enumerable.Range(2, 4).Select(n => Tx(n).TxId), queue.Abandon().Select(t => t.TxId));
        List<Transaction> last = [Tx(6), Tx(7)];
        Assert.False(queue.Complete(last));
        Assert.Equal(2, last.Count);
        Assert.Empty(queue.Abandon());
        batch.Clear();
        Assert.False(await queue.TakeBatchAsync(batch, 10, 1_000_000));
    }

    [Fact]
    [Trait("Clause", "TX-4.9")]
    public async Task After_a_normal_end_the_validator_has_nothing_left_to_give_up()
    {
        var queue = new ArrivalQueue(maxCount: 10, maxBytes: 1_000_000);
        Assert.True(queue.Complete([Tx(0)]));
        var batch = new List<Transaction>();
        Assert.True(await queue.TakeBatchAsync(batch, 10, 1_000_000));
        batch.Clear();
        Assert.False(await queue.TakeBatchAsync(batch, 10, 1_000_000));
        Assert.Empty(queue.Abandon());
    }

    private static Transaction Tx(int n)
    {
        var id = new byte[32];
        BitConverter.TryWriteBytes(id, n);
        return new Transaction(1, [new TxIn(new OutPoint(new Hash256(id), 0), [0x51])], [new TxOut(1_000, [0x51])], 0);
    }
}
