using RustyNode.Protocols.TxProp.Announcing;
using static RustyNode.Protocols.TxProp.Tests.Scheduling.TxRequestTrackerTests;

namespace RustyNode.Protocols.TxProp.Tests.Announcing;

public sealed class PeerAnnouncerTests
{
    [Fact]
    [Trait("Clause", "TX-3.3")]
    public void Nothing_is_announced_twice_nor_to_a_peer_that_has_it()
    {
        var announcer = new PeerAnnouncer();
        announcer.MarkKnown(Id(1));
        Assert.False(announcer.Enqueue(new RelayCandidate(Id(1), 1000, 1, 0)));
        Assert.True(announcer.Enqueue(new RelayCandidate(Id(2), 1000, 1, 1)));
        Assert.Equal([Id(2)], announcer.TakeBatch(10, _ => true));
        Assert.False(announcer.Enqueue(new RelayCandidate(Id(2), 1000, 1, 2)));
        Assert.Empty(announcer.TakeBatch(10, _ => true));
    }

    [Fact]
    [Trait("Clause", "TX-5.1")]
    public void The_oldest_queued_sequence_bounds_what_was_announced_when_a_trickle_leaves_some_queued()
    {
        var announcer = new PeerAnnouncer();
        Assert.Null(announcer.OldestQueuedSequence);
        announcer.Enqueue(new RelayCandidate(Id(1), 1_000, 1, 10));
        announcer.Enqueue(new RelayCandidate(Id(2), 1_000, 1, 11));
        announcer.Enqueue(new RelayCandidate(Id(3), 1_000, 1, 12));
        announcer.Enqueue(new RelayCandidate(Id(4), 1_000, 2, 13));
        Assert.Equal(10, announcer.OldestQueuedSequence);

        // A bounded trickle takes 10 and 11: everything accepted before 12 was announced, whatever
        // the known-inventory filter still remembers.
        Assert.Equal([Id(1), Id(2)], announcer.TakeBatch(2, _ => true));
        Assert.Equal(12, announcer.OldestQueuedSequence);

        // A deeper child stays behind a newer parent: it holds the bound back to its own sequence.
        announcer.Enqueue(new RelayCandidate(Id(5), 1_000, 1, 14));
        Assert.Equal([Id(3), Id(5)], announcer.TakeBatch(2, _ => true));
        Assert.Equal(13, announcer.OldestQueuedSequence);
        Assert.Equal([Id(4)], announcer.TakeBatch(2, _ => true));
        Assert.Null(announcer.OldestQueuedSequence);
    }

    [Fact]
    [Trait("Clause", "TX-3.4")]
    public void Parents_come_before_children_then_higher_fee_rates_and_a_trickle_is_bounded()
    {
        var announcer = new PeerAnnouncer();
        announcer.Enqueue(new RelayCandidate(Id(1), 9_000, 2, 0));
        announcer.Enqueue(new RelayCandidate(Id(2), 1_000, 1, 1));
        announcer.Enqueue(new RelayCandidate(Id(3), 5_000, 1, 2));
        announcer.Enqueue(new RelayCandidate(Id(4), 5_000, 1, 3));
        Assert.Equal([Id(3), Id(4), Id(2)], announcer.TakeBatch(3, _ => true));
        Assert.Equal(1, announcer.QueuedCount);
        Assert.Equal([Id(1)], announcer.TakeBatch(3, _ => true));
    }

    [Fact]
    [Trait("Clause", "TX-3.5")]
    [Trait("Clause", "TX-3.6")]
    public void The_fee_filter_and_mempool_departures_are_honoured()
    {
        var announcer = new PeerAnnouncer { FeeFilter = 2_000 };
        announcer.Enqueue(new RelayCandidate(Id(1), 1_999, 1, 0));
        announcer.Enqueue(new RelayCandidate(Id(2), 2_000, 1, 1));
        announcer.Enqueue(new RelayCandidate(Id(3), 50_000, 1, 2));
        Assert.Equal([Id(2)], announcer.TakeBatch(10, id => id != Id(3)));
        Assert.Equal(0, announcer.QueuedCount);
    }

    [Fact]
    [Trait("Clause", "TX-3.3")]
    public void The_known_filter_forgets_only_beyond_its_capacity()
    {
        var filter = new RollingTxIdFilter(1_000);
        for (var i = 0; i < 1_000; i++)
        {
            Assert.True(filter.Add(Id(i)));
        }

        Assert.All(Enumerable.Range(0, 1_000), i => Assert.True(filter.Contains(Id(i))));
        for (var i = 1_000; i < 3_000; i++)
        {
            filter.Add(Id(i));
        }

        Assert.False(filter.Contains(Id(0)));
        Assert.True(filter.Contains(Id(2_999)));
        Assert.InRange(filter.Count, 1_000, 1_000);
    }
}
