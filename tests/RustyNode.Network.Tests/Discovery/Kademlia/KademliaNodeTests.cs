using RustyNode.Network.Addressing;
using RustyNode.Network.Discovery.Kademlia;
using RustyNode.Network.Discovery.Kademlia.Messages;
using RustyNode.Network.Discovery.Kademlia.Routing;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Tests.Discovery.Kademlia;

public class KademliaNodeTests
{
    [Fact]
    [Trait("Clause", "KAD-1.3")]
    public async Task Peers_named_in_answers_enter_the_table_only_once_they_answer_themselves()
    {
        await using var net = await KadTestNetwork.CreateAsync(3, join: false);
        var (a, b, c) = (net.Nodes[0], net.Nodes[1], net.Nodes[2]);
        Assert.True(await b.AddSeedAsync(c.LocalPeerId, [InProcessKadNetwork.AddressOf(2)], CancellationToken.None));

        Assert.True(await a.AddSeedAsync(b.LocalPeerId, [InProcessKadNetwork.AddressOf(1)], CancellationToken.None));
        Assert.NotNull(a.Routing.Get(b.LocalPeerId));
        Assert.Null(a.Routing.Get(c.LocalPeerId));
        Assert.Null(c.Routing.Get(a.LocalPeerId));

        await a.GetClosestPeersAsync(c.LocalPeerId.ToBytes(), CancellationToken.None);
        Assert.NotNull(a.Routing.Get(c.LocalPeerId));
    }

    [Fact]
    [Trait("Clause", "KAD-1.4")]
    public async Task A_full_bucket_keeps_an_oldest_entry_that_answers_and_replaces_one_that_does_not()
    {
        await using var net = await KadTestNetwork.CreateAsync(1, join: false);
        var local = net.AddNode(1, o => o.BucketSize = 1);
        var localKey = KadKey.ForPeer(local.LocalPeerId);
        var sameBucket = new List<KademliaNode>();
        for (var seed = 100UL; sameBucket.Count < 3; seed++)
        {
            if (localKey.BucketIndex(KadKey.ForPeer(Ed25519PrivateKey.FromSeedNumber(seed).PeerId)) == 255)
            {
                sameBucket.Add(net.AddNode(seed));
            }
        }

        Assert.True(await local.AddSeedAsync(sameBucket[0].LocalPeerId, [], CancellationToken.None));
        Assert.True(await local.AddSeedAsync(sameBucket[1].LocalPeerId, [], CancellationToken.None));

        // The oldest entry was seen just now: it stays without a check (one request: the seed's answer).
        var before = local.RequestsSent;
        Assert.True(await local.AddSeedAsync(sameBucket[1].LocalPeerId, [], CancellationToken.None));
        Assert.Equal(before + 1, local.RequestsSent);

        // Ten minutes on, the oldest entry is checked with a PING; it answers and stays.
        net.Time.Advance(local.Options.RefreshInterval);
        before = local.RequestsSent;
        Assert.True(await local.AddSeedAsync(sameBucket[1].LocalPeerId, [], CancellationToken.None));
        await Eventually.TrueAsync(() => local.RequestsSent >= before + 2, "the liveness check of the oldest entry");
        Assert.Equal([sameBucket[0].LocalPeerId], local.Routing.Bucket(255).Select(e => e.Peer));

        net.Time.Advance(local.Options.RefreshInterval);
        net.Network.TakeDown(sameBucket[0].LocalPeerId);
        Assert.True(await local.AddSeedAsync(sameBucket[2].LocalPeerId, [], CancellationToken.None));
        await Eventually.TrueAsync(() => local.Routing.Get(sameBucket[2].LocalPeerId) is not null, "the newcomer replacing the silent entry");
        Assert.Null(local.Routing.Get(sameBucket[0].LocalPeerId));
    }

    [Fact]
    [Trait("Clause", "KAD-1.5")]
    public async Task Peers_that_fail_twice_in_a_row_or_score_badly_leave_the_table()
    {
        var reputations = new Dictionary<PeerId, double>();
        await using var net = await KadTestNetwork.CreateAsync(4, join: false);
        var probe = new KademliaNode(
            Ed25519PrivateKey.FromSeedNumber(77).PeerId, new KademliaOptions(), net.Network.MessengerFor(Ed25519PrivateKey.FromSeedNumber(77).PeerId),
            KadTestNetwork.Validators(), () => [], net.Time, reputation: p => reputations.GetValueOrDefault(p));
        foreach (var node in net.Nodes)
        {
            Assert.True(await probe.AddSeedAsync(node.LocalPeerId, [], CancellationToken.None));
        }

        var failing = net.Nodes[0].LocalPeerId;
        net.Network.TakeDown(failing);
        Assert.False(await probe.AddSeedAsync(failing, [], CancellationToken.None));
        Assert.NotNull(probe.Routing.Get(failing));
        Assert.False(await probe.AddSeedAsync(failing, [], CancellationToken.None));
        Assert.Null(probe.Routing.Get(failing));

        var disliked = net.Nodes[1].LocalPeerId;
        reputations[disliked] = -50;
        await probe.RefreshAsync(CancellationToken.None);
        Assert.Null(probe.Routing.Get(disliked));
        Assert.True(await probe.AddSeedAsync(disliked, [], CancellationToken.None));
        Assert.Null(probe.Routing.Get(disliked));
        Assert.Equal(2, probe.Routing.Count);
    }

    [Fact]
    [Trait("Clause", "KAD-1.5")]
    public async Task Failure_counts_of_peers_that_never_answer_stay_bounded()
    {
        await using var net = await KadTestNetwork.CreateAsync(1);
        var node = net.Nodes[0];
        for (var i = 0; i < KadLimits.MaxTrackedFailures + 100; i++)
        {
            // Distinct ids: an identity multihash of a fresh key is costly, so vary a sha2-256 digest instead.
            var digest = new byte[32];
            BitConverter.TryWriteBytes(digest, i);
            node.OnPeerFailed(PeerId.FromBytes([0x12, 0x20, .. digest]));
        }

        Assert.True(node.TrackedFailures <= KadLimits.MaxTrackedFailures);
    }

    [Fact]
    [Trait("Clause", "KAD-3.1")]
    [Trait("Clause", "KAD-3.3")]
    [Trait("Clause", "KAD-6.2")]
    public async Task Every_peer_of_a_joined_network_is_found_by_id()
    {
        await using var net = await KadTestNetwork.CreateAsync(40);
        var random = new Random(3);
        for (var i = 0; i < net.Nodes.Count; i++)
        {
            var target = net.Nodes[(i + 1 + random.Next(net.Nodes.Count - 1)) % net.Nodes.Count];
            var result = await net.Nodes[i].FindPeerAsync(target.LocalPeerId, CancellationToken.None);

            Assert.NotNull(result.Peer);
            Assert.Equal(target.LocalPeerId, result.Peer!.Id);
            Assert.Equal(InProcessKadNetwork.AddressOf(net.Nodes.IndexOf(target)), Assert.Single(result.Peer.Addresses));
        }
    }

    [Fact]
    [Trait("Clause", "KAD-3.2")]
    public async Task A_lookup_keeps_alpha_requests_in_flight_and_never_more()
    {
        await using var net = await KadTestNetwork.CreateAsync(30);
        var probeId = Ed25519PrivateKey.FromSeedNumber(99).PeerId;
        var gate = new GatedMessenger(net.Network.MessengerFor(probeId));
        await using var probe = new KademliaNode(probeId, new KademliaOptions(), gate, KadTestNetwork.Validators(), () => [], net.Time);
        foreach (var node in net.Nodes.Take(10))
        {
            var adding = probe.AddSeedAsync(node.LocalPeerId, [], CancellationToken.None);
            gate.ReleaseOldest();
            Assert.True(await adding);
        }

        var lookup = probe.GetClosestPeersAsync(Ed25519PrivateKey.FromSeedNumber(12345).PeerId.ToBytes(), CancellationToken.None);
        while (!lookup.IsCompleted)
        {
            await Task.WhenAny(lookup, gate.WaitingAsync());
            gate.ReleaseOldest();
        }

        var result = await lookup;
        Assert.Equal(3, gate.MaxInFlight);
        Assert.Equal(20, result.Closest.Count);
    }

    [Fact]
    [Trait("Clause", "KAD-3.4")]
    public async Task A_lookup_whose_peers_never_answer_ends_at_the_query_timeout()
    {
        await using var net = await KadTestNetwork.CreateAsync(5);
        var probeId = Ed25519PrivateKey.FromSeedNumber(98).PeerId;
        var silent = new SilentMessenger();
        await using var probe = new KademliaNode(probeId, new KademliaOptions { RequestTimeout = TimeSpan.FromMinutes(5) }, silent, KadTestNetwork.Validators(), () => [], net.Time);
        foreach (var node in net.Nodes)
        {
            probe.OnPeerAnswered(node.LocalPeerId, []);
        }

        var lookup = probe.GetClosestPeersAsync([1, 2, 3], CancellationToken.None);
        await Eventually.TrueAsync(() => silent.Waiting == 3, "three requests in flight");
        Assert.False(lookup.IsCompleted);
        net.Time.Advance(TimeSpan.FromSeconds(61));

        var result = await lookup.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(result.TimedOut);
        Assert.Empty(result.Closest);
    }

    [Fact]
    [Trait("Clause", "KAD-4.2")]
    public async Task Find_node_answers_name_the_k_closest_peers_without_the_requester()
    {
        await using var net = await KadTestNetwork.CreateAsync(40);
        var server = net.Nodes[0];
        var requester = net.Nodes[5].LocalPeerId;
        var target = KadKey.ForPeer(requester);

        var answer = server.HandleRequest(requester, KadMessage.Request(KadMessageType.FindNode, requester.ToBytes()))!;

        var expected = server.Routing.Entries.Where(e => e.Peer != requester).OrderBy(e => e.Key.Xor(target)).Take(20).Select(e => e.Peer);
        Assert.Equal(expected, answer.CloserPeers.Select(p => p.Id));
        Assert.All(answer.CloserPeers, p => Assert.NotEmpty(p.Addresses));
    }

    [Fact]
    [Trait("Clause", "KAD-4.2")]
    public async Task Find_node_for_a_connected_client_names_it_with_its_addresses()
    {
        await using var net = await KadTestNetwork.CreateAsync(3);
        var client = Ed25519PrivateKey.FromSeedNumber(555).PeerId;
        var address = Multiaddr.Parse("/ip4/127.0.0.1/tcp/9999");

        var answer = net.Nodes[0].HandleRequest(net.Nodes[1].LocalPeerId, KadMessage.Request(KadMessageType.FindNode, client.ToBytes()), p => p == client ? [address] : null)!;

        Assert.Equal(client, answer.CloserPeers[0].Id);
        Assert.Equal([address], answer.CloserPeers[0].Addresses);
    }

    [Fact]
    [Trait("Clause", "KAD-4.6")]
    public async Task Ping_is_answered_with_ping()
    {
        await using var net = await KadTestNetwork.CreateAsync(1);

        var answer = net.Nodes[0].HandleRequest(Ed25519PrivateKey.FromSeedNumber(5).PeerId, KadMessage.Request(KadMessageType.Ping, []));

        Assert.Equal(KadMessageType.Ping, answer!.Type);
    }

    [Fact]
    [Trait("Clause", "KAD-6.1")]
    public async Task The_refresh_timer_runs_rounds_on_the_clock_and_sweeps_expired_records()
    {
        await using var net = await KadTestNetwork.CreateAsync(10);
        var node = net.Nodes[3];
        node.Records.Put(new Network.Discovery.Kademlia.Records.StoredRecord(
            new KadRecord(VersionedValidator.Key("old"), [1]), net.Time.GetUtcNow(), net.Time.GetUtcNow().AddMinutes(1), net.Time.GetUtcNow(), false));
        node.Start();

        net.Time.Advance(node.Options.RefreshInterval);
        await Eventually.TrueAsync(() => node.MaintenanceRounds >= 1, "a refresh round");

        Assert.Equal(0, node.Records.Count);
        var deepest = Math.Min(node.Routing.MaxCommonPrefix(), 15);
        for (var prefix = 0; prefix <= deepest; prefix++)
        {
            Assert.Equal(net.Time.GetUtcNow(), node.Routing.LastLookup(KadKey.Bits - 1 - prefix));
        }
    }

    private sealed class SilentMessenger : IKadMessenger
    {
        private int _waiting;

        public int Waiting => Volatile.Read(ref _waiting);

        public async Task<KadMessage?> SendAsync(PeerId peer, IReadOnlyList<Multiaddr> addresses, KadMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _waiting);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return null;
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }
    }
}
