using Microsoft.Extensions.Time.Testing;
using RustyNode.Consensus.Primitives;
using RustyNode.Protocols.TxProp.Scheduling;

namespace RustyNode.Protocols.TxProp.Tests.Scheduling;

public sealed class TxRequestTrackerTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero));
    private readonly TxRequestTracker<int> _tracker = new(new TxPropOptions(), new Random(1));

    private DateTimeOffset Now => _time.GetUtcNow();

    [Fact]
    [Trait("Clause", "TX-4.1")]
    public void Only_one_request_per_transaction_is_in_flight_across_peers()
    {
        var tx = Id(1);
        _tracker.ReceivedInv(1, tx, preferred: true, Now);
        _tracker.ReceivedInv(2, tx, preferred: true, Now);
        var first = _tracker.GetRequestable(1, Now).Concat(_tracker.GetRequestable(2, Now)).ToList();
        Assert.Equal([tx], first);
        Assert.Empty(_tracker.GetRequestable(1, Now));
        Assert.Empty(_tracker.GetRequestable(2, Now));
        Assert.True(_tracker.IsInFlight(tx));
    }

    [Fact]
    [Trait("Clause", "TX-4.2")]
    public void A_non_preferred_peer_is_asked_only_after_the_delay()
    {
        var tx = Id(1);
        _tracker.ReceivedInv(7, tx, preferred: false, Now);
        Assert.Empty(_tracker.GetRequestable(7, Now));
        _time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Empty(_tracker.GetRequestable(7, Now));
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal([tx], _tracker.GetRequestable(7, Now));
    }

    [Fact]
    [Trait("Clause", "TX-4.2")]
    public void A_preferred_announcer_arriving_during_the_delay_is_asked_at_once()
    {
        var tx = Id(1);
        _tracker.ReceivedInv(7, tx, preferred: false, Now);
        _time.Advance(TimeSpan.FromSeconds(1));
        _tracker.ReceivedInv(3, tx, preferred: true, Now);
        Assert.Equal([tx], _tracker.GetRequestable(3, Now));
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(_tracker.GetRequestable(7, Now));
    }

    [Fact]
    [Trait("Clause", "TX-4.3")]
    public void Among_ready_peers_preferred_ones_win_and_ties_do_not_favour_the_first_announcer()
    {
        var firstWins = 0;
        for (var i = 0; i < 90; i++)
        {
            var tx = Id(1000 + i);
            _tracker.ReceivedInv(10, tx, preferred: false, Now);
            _tracker.ReceivedInv(11, tx, preferred: false, Now);
        }

        _time.Advance(TimeSpan.FromSeconds(2));
        firstWins = _tracker.GetRequestable(10, Now).Count;
        var secondWins = _tracker.GetRequestable(11, Now).Count;
        Assert.Equal(90, firstWins + secondWins);
        Assert.InRange(firstWins, 25, 65);

        var preferredTx = Id(5);
        _tracker.ReceivedInv(10, preferredTx, preferred: false, Now);
        _tracker.ReceivedInv(12, preferredTx, preferred: true, Now);
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.DoesNotContain(preferredTx, _tracker.GetRequestable(10, Now));
        Assert.Equal([preferredTx], _tracker.GetRequestable(12, Now));
    }

    [Fact]
    [Trait("Clause", "TX-4.4")]
    public void An_expired_request_goes_to_the_next_announcer_and_never_back_to_the_same_peer()
    {
        var tx = Id(1);
        _tracker.ReceivedInv(1, tx, preferred: true, Now);
        _tracker.ReceivedInv(2, tx, preferred: false, Now);
        Assert.Equal([tx], _tracker.GetRequestable(1, Now));
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(_tracker.GetRequestable(2, Now));
        _time.Advance(TimeSpan.FromSeconds(1));
        var expired = new List<(int, Hash256)>();
        _tracker.ExpireRequests(Now, expired);
        Assert.Equal([(1, tx)], expired);
        Assert.Equal([tx], _tracker.GetRequestable(2, Now));
        _tracker.ReceivedInv(1, tx, preferred: true, Now);
        _time.Advance(TimeSpan.FromSeconds(61));
        _tracker.ExpireRequests(Now);
        Assert.Empty(_tracker.GetRequestable(1, Now));
        Assert.False(_tracker.IsTracked(tx));
    }

    [Fact]
    [Trait("Clause", "TX-4.4")]
    public void A_not_found_moves_the_request_on_at_once()
    {
        var tx = Id(1);
        _tracker.ReceivedInv(1, tx, preferred: true, Now);
        _tracker.ReceivedInv(2, tx, preferred: true, Now);
        var asked = _tracker.GetRequestable(1, Now).Count == 1 ? 1 : 2;
        var other = asked == 1 ? 2 : 1;
        if (asked == 2)
        {
            Assert.Equal([tx], _tracker.GetRequestable(2, Now));
        }

        Assert.True(_tracker.ReceivedResponse(asked, tx));
        Assert.Equal([tx], _tracker.GetRequestable(other, Now));
        Assert.True(_tracker.ReceivedResponse(other, tx));
        Assert.False(_tracker.IsTracked(tx));
    }

    [Fact]
    [Trait("Clause", "TX-4.5")]
    public void Announcements_and_requests_per_peer_are_bounded()
    {
        for (var i = 0; i < TxPropLimits.MaxTrackedAnnouncementsPerPeer; i++)
        {
            Assert.True(_tracker.ReceivedInv(1, Id(i), preferred: true, Now));
        }

        Assert.True(_tracker.IsFull(1));
        Assert.False(_tracker.ReceivedInv(1, Id(-1), preferred: true, Now));
        Assert.True(_tracker.ReceivedInv(2, Id(-1), preferred: true, Now));
        var batch = _tracker.GetRequestable(1, Now);
        Assert.Equal(TxPropLimits.MaxInFlightPerPeer, batch.Count);
        Assert.Empty(_tracker.GetRequestable(1, Now));
        _tracker.ReceivedResponse(1, batch[0]);
        _tracker.ForgetTxHash(batch[0]);
        Assert.False(_tracker.IsFull(1));
        Assert.Single(_tracker.GetRequestable(1, Now));
    }

    [Fact]
    [Trait("Clause", "TX-4.5")]
    [Trait("Clause", "TX-4.1")]
    public void A_received_transaction_frees_its_request_slot_but_is_asked_of_nobody_else_until_validated()
    {
        var tx = Id(1);
        _tracker.ReceivedInv(1, tx, preferred: true, Now);
        _tracker.ReceivedInv(2, tx, preferred: true, Now);
        var asked = _tracker.GetRequestable(1, Now).Count == 1 ? 1 : 2;
        var other = 3 - asked;
        Assert.Equal(1, _tracker.CountInFlight(asked));

        Assert.True(_tracker.ReceivedTransaction(asked, tx));
        Assert.False(_tracker.ReceivedTransaction(asked, tx));

        // Out of the in-flight bound, still in flight for the scheduler: the other announcer waits,
        // even past the expiry, which no longer applies to it.
        Assert.Equal(0, _tracker.CountInFlight(asked));
        Assert.True(_tracker.IsInFlight(tx));
        _time.Advance(new TxPropOptions().RequestExpiry + TimeSpan.FromSeconds(1));
        var expired = new List<(int Peer, Hash256 TxId)>();
        _tracker.ExpireRequests(Now, expired);
        Assert.Empty(expired);
        Assert.Empty(_tracker.GetRequestable(other, Now));

        // Validated (or refused): forgotten by every announcer.
        _tracker.ForgetTxHash(tx);
        Assert.False(_tracker.IsTracked(tx));
        Assert.Empty(_tracker.GetRequestable(other, Now));
    }

    [Fact]
    [Trait("Clause", "TX-4.8")]
    public void Requests_follow_the_peers_announcement_order()
    {
        var ids = Enumerable.Range(0, 50).Select(i => Id(100 - i)).ToList();
        foreach (var id in ids)
        {
            _tracker.ReceivedInv(4, id, preferred: true, Now);
        }

        Assert.Equal(ids, _tracker.GetRequestable(4, Now));
    }

    [Fact]
    [Trait("Clause", "TX-4.4")]
    public void A_disconnected_peers_requests_go_to_the_other_announcers()
    {
        var tx = Id(9);
        _tracker.ReceivedInv(1, tx, preferred: true, Now);
        _tracker.ReceivedInv(2, tx, preferred: true, Now);
        var asked = _tracker.GetRequestable(1, Now).Count == 1 ? 1 : 2;
        _tracker.DisconnectedPeer(asked);
        var other = asked == 1 ? 2 : 1;
        Assert.Equal([tx], _tracker.GetRequestable(other, Now));
        _tracker.DisconnectedPeer(other);
        Assert.Equal(0, _tracker.TotalCount);
        Assert.False(_tracker.IsTracked(tx));
    }

    [Fact]
    [Trait("Clause", "TX-4.5")]
    public void A_peer_answering_every_request_at_once_leaves_no_trail_of_expiries()
    {
        // 200,000 requests within one second, each answered NotFound at once: without rebuilding,
        // every one would wait in the expiry queue for its 60 s.
        var options = new TxPropOptions();
        var next = 0;
        for (var round = 0; round < 2_000; round++)
        {
            for (var i = 0; i < options.MaxInFlightPerPeer; i++)
            {
                _tracker.ReceivedInv(5, Id(next++), preferred: true, Now);
            }

            foreach (var id in _tracker.GetRequestable(5, Now))
            {
                Assert.True(_tracker.ReceivedResponse(5, id));
            }

            Assert.True(_tracker.ExpiryQueueLength <= 1_024, $"{_tracker.ExpiryQueueLength} expiries queued after {next} requests");
        }

        // What is still in flight after the rebuilds expires on time, and only that.
        var late = Id(next);
        _tracker.ReceivedInv(5, late, preferred: true, Now);
        Assert.Equal([late], _tracker.GetRequestable(5, Now));
        _time.Advance(options.RequestExpiry);
        var expired = new List<(int Peer, Hash256 TxId)>();
        _tracker.ExpireRequests(Now, expired);
        Assert.Equal([(5, late)], expired);
        Assert.Equal(0, _tracker.ExpiryQueueLength);
    }

    [Fact]
    [Trait("Clause", "TX-4.1")]
    public void Random_operations_keep_the_invariants()
    {
        var random = new Random(3);
        var tracker = new TxRequestTracker<int>(new TxPropOptions { MaxTrackedAnnouncementsPerPeer = 40, MaxInFlightPerPeer = 5 }, new Random(4));
        var requestedFrom = new HashSet<(int, Hash256)>();
        for (var step = 0; step < 20_000; step++)
        {
            var peer = random.Next(0, 6);
            var tx = Id(random.Next(0, 60));
            switch (random.Next(0, 7))
            {
                case 0: case 1: tracker.ReceivedInv(peer, tx, peer % 2 == 0, Now); break;
                case 2:
                    foreach (var id in tracker.GetRequestable(peer, Now))
                    {
                        Assert.True(requestedFrom.Add((peer, id)), "asked the same peer twice for one transaction");
                        Assert.True(tracker.CountInFlight(peer) <= 5);
                    }

                    break;
                case 3: tracker.ReceivedResponse(peer, tx); break;
                case 4: tracker.ForgetTxHash(tx); requestedFrom.RemoveWhere(p => p.Item2 == tx); break;
                case 5: _time.Advance(TimeSpan.FromSeconds(random.Next(0, 30))); tracker.ExpireRequests(Now); break;
                default:
                    if (random.Next(0, 20) == 0)
                    {
                        tracker.DisconnectedPeer(peer);
                        requestedFrom.RemoveWhere(p => p.Item1 == peer);
                    }

                    break;
            }

            Assert.True(tracker.Count(peer) <= 40);
            requestedFrom.RemoveWhere(p => !tracker.IsTracked(p.Item2));
        }

        Assert.True(tracker.TotalCount >= 0);
    }

    internal static Hash256 Id(int n)
    {
        var bytes = new byte[32];
        BitConverter.GetBytes(n).CopyTo(bytes, 0);
        bytes[31] = 0x5a;
        return new Hash256(bytes);
    }
}
