using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RustyNode.Consensus.Chain;
using RustyNode.Consensus.Mining;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Service;
using RustyNode.Network.Addressing;
using RustyNode.Network.ConnectionManagement;
using RustyNode.Network.Identity;
using RustyNode.Network.Protection;
using RustyNode.Network.Swarm;
using RustyNode.Protocols.TxProp.Messages;
using RustyNode.Protocols.TxProp.Relay;

namespace RustyNode.Node.Tests.TxRelay;

/// <summary>
/// The long-lived request stream (TX-1.1) and what its GetData messages cost (TX-5.2), answered by
/// the relay behaviour the daemon runs, with its default options and the daemon's default budgets,
/// in a swarm of this process whose clock only the test moves (so a budget wait is a wait until the
/// test advances it), asked by a scripted peer over TCP.
/// </summary>
public sealed class TxRelayRequestStreamTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    [Trait("Clause", "TX-1.1")]
    [Trait("Clause", "TX-5.1")]
    public async Task One_request_stream_carries_every_GetData_and_each_is_answered_in_turn()
    {
        await using var node = await ClockedRelay.StartAsync();
        var (a, b) = (TxRelayHostileTests.Valid(2), TxRelayHostileTests.Valid(3));
        await node.AnnounceAsync(a, b);
        var stream = await node.Peer.Swarm.OpenStreamAsync(node.Swarm.LocalPeerId, [TxPropBehaviour.ProtocolId], CancellationToken.None);

        await HostileTxPeer.SendAsync(stream, new GetDataMessage([a.TxId]));
        var first = Assert.Single(await HostileTxPeer.ReadAsync(stream, 1));
        Assert.Equal(a.TxId, Assert.IsType<TxDataMessage>(first).Transaction.TxId);

        // The same stream, still open: the next GetData, answered with the one it has, then NotFound.
        var unknown = new Hash256(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        await HostileTxPeer.SendAsync(stream, new GetDataMessage([unknown, b.TxId]));
        var second = await HostileTxPeer.ReadAsync(stream, 2);
        Assert.Equal(b.TxId, Assert.IsType<TxDataMessage>(second[0]).Transaction.TxId);
        Assert.Equal([unknown], Assert.IsType<NotFoundMessage>(second[1]).TxIds);

        // Half-closed by the requester, the stream is closed by the responder with nothing more on it.
        await stream.Output.CompleteAsync();
        using var timeout = new CancellationTokenSource(Bound);
        var end = await stream.Input.ReadAsync(timeout.Token);
        Assert.True(end.IsCompleted);
        Assert.True(end.Buffer.IsEmpty);
    }

    [Fact]
    [Trait("Clause", "TX-5.2")]
    [Trait("Clause", "PROT-2.2")]
    public async Task Asking_for_the_same_transaction_again_and_again_is_held_to_the_message_budget()
    {
        await using var node = await ClockedRelay.StartAsync();
        var tx = TxRelayHostileTests.Valid(6);
        await node.AnnounceAsync(tx);
        var stream = await node.Peer.Swarm.OpenStreamAsync(node.Swarm.LocalPeerId, [TxPropBehaviour.ProtocolId], CancellationToken.None);

        // 300 GetData for one transaction: served once for free, then each serving again costs a
        // message of a budget of 200 (burst) and 100 per second, so with the clock stopped the
        // answers stop short of 300 and go on only when time passes.
        const int asks = 300;
        await HostileTxPeer.SendAsync(stream, [.. Enumerable.Range(0, asks).Select(_ => new GetDataMessage([tx.TxId]))]);
        var answered = await CountUntilQuietAsync(stream);
        Assert.InRange(answered, 1, asks - 1);

        node.Clock.Advance(TimeSpan.FromSeconds(5));
        var rest = await HostileTxPeer.ReadAsync(stream, asks - answered);
        Assert.All(rest, m => Assert.Equal(tx.TxId, Assert.IsType<TxDataMessage>(m).Transaction.TxId));
    }

    [Fact]
    [Trait("Clause", "TX-4.9")]
    [Trait("Clause", "TX-7.3")]
    [Trait("Clause", "TX-4.8")]
    public async Task Answers_that_arrive_together_are_validated_together_in_order_and_each_is_judged_alone()
    {
        await using var node = await ClockedRelay.StartAsync();
        var accepted = new List<IReadOnlyList<Hash256>>();
        node.Chain.TransactionsAccepted += (_, e) =>
        {
            lock (accepted)
            {
                accepted.Add([.. e.Transactions.Select(t => t.TxId)]);
            }
        };

        // Nine good transactions and, among them, one signed correctly that pays out more than it
        // spends: the peer's fault (TX-7.3). The peer serves all ten in one write.
        var valid = new[] { 1, 2, 3, 4, 6, 7, 8, 9, 10 }.Select(TxRelayHostileTests.Valid).ToList();
        var invalid = TxRelayHostileTests.Overspend(5);
        List<Transaction> served = [.. valid.Take(4), invalid, .. valid.Skip(4)];
        node.Peer.Serve.AddRange(served);
        node.Peer.ServeOnlyRequested = true;
        var announce = await node.Peer.Swarm.OpenStreamAsync(node.Swarm.LocalPeerId, [TxPropBehaviour.ProtocolId], CancellationToken.None);
        await HostileTxPeer.SendAsync(announce, new InvMessage([.. served.Select(t => t.TxId)]));

        var deadline = Stopwatch.StartNew();
        while (node.Chain.GetMempoolInfo().Count < valid.Count || node.Protection.GetReputation(node.Peer.Swarm.LocalPeerId) >= 0)
        {
            Assert.True(deadline.Elapsed < Bound, "the transactions were not all validated and judged");
            node.Clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(20);
        }

        Assert.Single(node.Peer.Requests);
        Assert.Equal(valid.Select(t => t.TxId.ToString()).Order(), node.Chain.GetMempoolInfo().TxIds.Order());
        // Scored once (-50), not per transaction of the batch; the score decays a little as the
        // test's clock moves, so the bound is a range (a second penalty would take it below -90).
        Assert.InRange(node.Protection.GetReputation(node.Peer.Swarm.LocalPeerId), -50.0, -40.0);
        lock (accepted)
        {
            // In the order served, and in batches: one write of ten came as one read.
            Assert.Equal(valid.Select(t => t.TxId), accepted.SelectMany(batch => batch));
            Assert.Contains(accepted, batch => batch.Count > 1);
        }
    }

    [Fact]
    [Trait("Clause", "TX-4.9")]
    [Trait("Clause", "TX-4.5")]
    public async Task The_request_stream_is_read_on_while_a_batch_is_validated_but_only_a_bounded_way_ahead()
    {
        await using var node = await ClockedRelay.StartAsync();
        var txs = new RegtestWallet(RegtestKeys.Miner, 2_000).Build(Enumerable.Range(1, 10).Select(TxRelayHostileTests.Coinbase), 1_000);
        Assert.Equal(1_000, txs.Count);

        // The first batch's validation does not end until the test says so.
        using var release = new ManualResetEventSlim();
        var held = 0;
        node.Chain.TransactionsAccepted += (_, _) =>
        {
            if (Interlocked.Exchange(ref held, 1) == 0)
            {
                release.Wait(Bound);
            }
        };

        node.Peer.Serve.AddRange(txs);
        node.Peer.ServeOnlyRequested = true;
        var announce = await node.Peer.Swarm.OpenStreamAsync(node.Swarm.LocalPeerId, [TxPropBehaviour.ProtocolId], CancellationToken.None);
        await HostileTxPeer.SendAsync(announce, new InvMessage([.. txs.Select(t => t.TxId)]));

        // A reader that validated before reading on would stop at 200 asked (its first two GetData
        // and the two their arrival freed) until the batch was done. This one reads on and asks more.
        int Asked() => node.Peer.Requests.Sum(r => r.TxIds.Count);
        var deadline = Stopwatch.StartNew();
        while (Asked() < 300)
        {
            Assert.True(deadline.Elapsed < Bound, $"only {Asked()} asked while a batch was validated");
            node.Clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(20);
        }

        // But no further than its bounds: the batch being validated (200), a queue that takes one more
        // hand-over while under 200 (399), the hand-over waiting for room (200) and 100 in flight.
        var asked = Asked();
        var quiet = Stopwatch.StartNew();
        while (quiet.Elapsed < TimeSpan.FromSeconds(1))
        {
            Assert.True(deadline.Elapsed < Bound, "the requests never stopped while validation was held");
            node.Clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(50);
            if (Asked() != asked)
            {
                (asked, quiet) = (Asked(), Stopwatch.StartNew());
            }
        }

        Assert.InRange(asked, 300, 899);
        Assert.Equal(1, Volatile.Read(ref held));

        release.Set();
        while (node.Chain.GetMempoolInfo().Count < txs.Count)
        {
            Assert.True(deadline.Elapsed < Bound, $"{node.Chain.GetMempoolInfo().Count} of {txs.Count} validated after the batch was let go");
            node.Clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(20);
        }

        Assert.Equal(txs.Count, Asked());
    }

    [Fact]
    [Trait("Clause", "TX-8.2")]
    public async Task Busy_time_runs_while_transactions_wait_for_validation_and_stops_when_all_are_done()
    {
        await using var node = await ClockedRelay.StartAsync();
        TimeSpan Busy() => node.Relay.GetStats().BusyTime;

        // Nothing to relay: the clock moves, the busy time does not.
        node.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.Zero, Busy());

        using var release = new ManualResetEventSlim();
        var held = 0;
        node.Chain.TransactionsAccepted += (_, _) =>
        {
            Interlocked.Exchange(ref held, 1);
            release.Wait(Bound);
        };

        var txs = Enumerable.Range(1, 5).Select(TxRelayHostileTests.Valid).ToList();
        node.Peer.Serve.AddRange(txs);
        node.Peer.ServeOnlyRequested = true;
        var announce = await node.Peer.Swarm.OpenStreamAsync(node.Swarm.LocalPeerId, [TxPropBehaviour.ProtocolId], CancellationToken.None);
        await HostileTxPeer.SendAsync(announce, new InvMessage([.. txs.Select(t => t.TxId)]));
        var deadline = Stopwatch.StartNew();
        while (Volatile.Read(ref held) == 0)
        {
            Assert.True(deadline.Elapsed < Bound, "the transactions were not validated");
            await Task.Delay(20);
        }

        // Validation is held: busy for as long as the clock moves.
        var before = Busy();
        node.Clock.Advance(TimeSpan.FromSeconds(7));
        Assert.Equal(before + TimeSpan.FromSeconds(7), Busy());

        release.Set();
        while (node.Chain.GetMempoolInfo().Count < txs.Count || node.Relay.GetStats().InFlight > 0)
        {
            Assert.True(deadline.Elapsed < Bound, "the transactions were not all validated");
            await Task.Delay(20);
        }

        // All validated and nothing in flight: idle once the validator is done, whatever the clock does.
        var done = await SettledBusyTimeAsync(node, deadline);
        Assert.InRange(done, TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7) + TimeSpan.FromSeconds(60));
    }

    [Fact]
    [Trait("Clause", "TX-4.1")]
    [Trait("Clause", "TX-4.4")]
    [Trait("Clause", "TX-8.2")]
    public async Task When_validation_fails_what_it_did_not_validate_is_asked_of_the_next_announcer_and_the_relay_goes_idle()
    {
        await using var node = await ClockedRelay.StartAsync();
        var other = await node.AddPeerAsync();
        var txs = new RegtestWallet(RegtestKeys.Miner, 2_000).Build(Enumerable.Range(1, 10).Select(TxRelayHostileTests.Coinbase), 300);

        // The first batch's validation fails after its transactions entered the mempool, as a bug
        // would: the request stream's validator gives up on everything behind that batch.
        var failed = 0;
        node.Chain.TransactionsAccepted += (_, _) =>
        {
            if (Interlocked.Exchange(ref failed, 1) == 0)
            {
                throw new InvalidOperationException("validation failed (injected by the test)");
            }
        };

        node.Peer.Serve.AddRange(txs);
        node.Peer.ServeOnlyRequested = true;
        var announce = await node.Peer.Swarm.OpenStreamAsync(node.Swarm.LocalPeerId, [TxPropBehaviour.ProtocolId], CancellationToken.None);
        await HostileTxPeer.SendAsync(announce, new InvMessage([.. txs.Select(t => t.TxId)]));
        var deadline = Stopwatch.StartNew();
        while (Volatile.Read(ref failed) == 0 || node.Relay.GetStats().InFlight > 0)
        {
            Assert.True(deadline.Elapsed < Bound, "the first peer's requests never settled");
            node.Clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(20);
        }

        // The first peer stays connected. A second announces the same transactions: what the failed
        // validator did not validate is asked of it, and nothing is received twice (TX-4.4).
        other.Serve.AddRange(txs);
        other.ServeOnlyRequested = true;
        var announceAgain = await other.Swarm.OpenStreamAsync(node.Swarm.LocalPeerId, [TxPropBehaviour.ProtocolId], CancellationToken.None);
        await HostileTxPeer.SendAsync(announceAgain, new InvMessage([.. txs.Select(t => t.TxId)]));
        while (node.Chain.GetMempoolInfo().Count < txs.Count || node.Relay.GetStats().InFlight > 0)
        {
            Assert.True(deadline.Elapsed < Bound, $"{node.Chain.GetMempoolInfo().Count} of {txs.Count} in the mempool: what the failed validator left was never asked of the next announcer");
            node.Clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(20);
        }

        var askedFirst = node.Peer.Requests.SelectMany(r => r.TxIds).ToHashSet();
        Assert.Contains(other.Requests.SelectMany(r => r.TxIds), askedFirst.Contains);
        Assert.Equal(0, node.Relay.GetStats().Totals.DuplicatesReceived);
        Assert.Contains(node.Relay.GetStats().Peers, p => p.Peer == node.Peer.Swarm.LocalPeerId);

        // Nothing is left counted as awaiting validation: the busy clock stops (TX-8.2).
        await SettledBusyTimeAsync(node, deadline);
    }

    /// <summary>
    /// Moves the clock a second at a time until the relay's busy time stops growing, checks it then
    /// stays put over another minute, and returns it; fails if it never stops within the test's bound.
    /// </summary>
    private static async Task<TimeSpan> SettledBusyTimeAsync(ClockedRelay node, Stopwatch deadline)
    {
        var settled = node.Relay.GetStats().BusyTime;
        while (true)
        {
            Assert.True(deadline.Elapsed < Bound, "the relay stayed busy with nothing to do");
            node.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
            var now = node.Relay.GetStats().BusyTime;
            if (now == settled)
            {
                break;
            }

            settled = now;
        }

        node.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(settled, node.Relay.GetStats().BusyTime);
        return settled;
    }

    /// <summary>
    /// Reads TxData answers until, after the first, none has come for half a second; returns how many
    /// came. (A pause of the machine can only make it return early, so the test then proves less; it
    /// cannot make a held stream look unheld.)
    /// </summary>
    private static async Task<int> CountUntilQuietAsync(ProtocolStream stream)
    {
        var count = 0;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Assert.True(deadline.Elapsed < Bound, "the answers never stopped");
            using var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            using var cancel = quiet.Token.Register(() => stream.Input.CancelPendingRead());
            var waited = Stopwatch.StartNew();
            var result = await stream.Input.ReadAsync(CancellationToken.None);
            var buffer = result.Buffer;
            var before = count;
            while (TxMessageCodec.TryRead(ref buffer, out var message))
            {
                Assert.IsType<TxDataMessage>(message);
                count++;
            }

            stream.Input.AdvanceTo(buffer.Start, buffer.End);
            Assert.False(result.IsCompleted, "the stream ended");
            // A cancel that fires just after a read returned data cancels the next read at once: only
            // a read that waited out the half second is quiet.
            if (result.IsCanceled && count == before && count > 0 && waited.ElapsedMilliseconds >= 450)
            {
                return count;
            }
        }
    }

    /// <summary>
    /// The relay behaviour and peer protection the daemon runs, at their defaults, on a chain with
    /// mature coins and a fake clock; it dials one scripted peer.
    /// </summary>
    private sealed class ClockedRelay : IAsyncDisposable
    {
        private readonly string _dataDir;
        private readonly ChainService _chain;
        private readonly TxPropBehaviour _relay;
        private readonly List<HostileTxPeer> _others = [];

        private ClockedRelay(string dataDir, ChainService chain, TxPropBehaviour relay, Swarm swarm, HostileTxPeer peer, FakeTimeProvider clock, PeerProtection protection)
        {
            (_dataDir, _chain, _relay, Swarm, Peer, Clock, Protection) = (dataDir, chain, relay, swarm, peer, clock, protection);
        }

        public ChainService Chain => _chain;

        public TxPropBehaviour Relay => _relay;

        public PeerProtection Protection { get; }

        public Swarm Swarm { get; }

        public HostileTxPeer Peer { get; }

        public FakeTimeProvider Clock { get; }

        public static async Task<ClockedRelay> StartAsync()
        {
            var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
            var dataDir = TxRelayNetwork.SeedDataDir();
            var chain = ChainService.Open(Path.Combine(dataDir, "regtest"), ChainParameters.Regtest);
            var relay = new TxPropBehaviour(chain, random: new Random(7));
            var protection = new PeerProtection(new ProtectionOptions(), PeerStore.InMemory(), timeProvider: clock);
            var options = new SwarmOptions();
            options.ListenAddresses.Add(Multiaddr.Parse("/ip4/127.0.0.1/tcp/0"));
            var swarm = new Swarm(Ed25519PrivateKey.Generate(), options, [protection, relay], NullLoggerFactory.Instance, clock);
            await swarm.StartAsync(CancellationToken.None);
            var peer = await HostileTxPeer.StartAsync();
            await swarm.DialAsync(Multiaddr.Parse(peer.Address), CancellationToken.None);
            var node = new ClockedRelay(dataDir, chain, relay, swarm, peer, clock, protection);
            try
            {
                await TxRelayExpiryTests.WaitUntilAsync(() => relay.GetStats().Peers.Count == 1, "the relay did not see the peer");
            }
            catch
            {
                await node.DisposeAsync();
                throw;
            }

            return node;
        }

        /// <summary>Dials one more scripted peer and waits until the relay sees it.</summary>
        public async Task<HostileTxPeer> AddPeerAsync()
        {
            var peer = await HostileTxPeer.StartAsync();
            _others.Add(peer);
            var expected = _relay.GetStats().Peers.Count + 1;
            await Swarm.DialAsync(Multiaddr.Parse(peer.Address), CancellationToken.None);
            await TxRelayExpiryTests.WaitUntilAsync(() => _relay.GetStats().Peers.Count == expected, "the relay did not see the added peer");
            return peer;
        }

        /// <summary>Puts the transactions in the mempool and moves the clock until they are announced to the peer.</summary>
        public async Task AnnounceAsync(params Transaction[] txs)
        {
            foreach (var tx in txs)
            {
                var result = _chain.AcceptTransaction(tx);
                Assert.True(result.IsAccepted, result.Result.Reason.ToString());
            }

            var deadline = Stopwatch.StartNew();
            while (!txs.All(tx => Peer.Announced.Contains(tx.TxId)))
            {
                Assert.True(deadline.Elapsed < Bound, "the transactions were not announced");
                Clock.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(20);
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var other in _others)
            {
                await other.DisposeAsync();
            }

            await Peer.DisposeAsync();
            await Swarm.DisposeAsync();
            await _relay.DisposeAsync();
            _chain.Dispose();
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
