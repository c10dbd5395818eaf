using RustyNode.Network.Addressing;
using RustyNode.Network.Discovery.Kademlia.Routing;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Tests.Discovery.Kademlia;

public class RoutingTableTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Multiaddr[] NoAddresses = [];

    [Fact]
    [Trait("Clause", "KAD-1.2")]
    public void Peers_land_in_the_bucket_of_their_common_prefix_and_never_ourselves()
    {
        var local = Ed25519PrivateKey.FromSeedNumber(1).PeerId;
        var table = new RoutingTable(local, 20);

        Assert.Equal(RoutingUpdate.Refused, table.TryAdd(local, NoAddresses, T0, out _));
        for (ulong i = 2; i < 60; i++)
        {
            var peer = Ed25519PrivateKey.FromSeedNumber(i).PeerId;
            table.TryAdd(peer, NoAddresses, T0, out _);
        }

        for (var b = 0; b < KadKey.Bits; b++)
        {
            Assert.All(table.Bucket(b), e => Assert.Equal(b, table.LocalKey.BucketIndex(e.Key)));
            Assert.True(table.Bucket(b).Count <= 20);
        }
    }

    [Fact]
    [Trait("Clause", "KAD-1.3")]
    public void A_known_peer_moves_to_the_fresh_end_of_its_bucket()
    {
        var (table, bucket) = FullBucket(k: 3, out var peers);

        Assert.Equal(RoutingUpdate.Refreshed, table.TryAdd(peers[0], NoAddresses, T0.AddMinutes(5), out _));

        Assert.Equal([peers[1], peers[2], peers[0]], table.Bucket(bucket).Select(e => e.Peer));
        Assert.Equal(T0.AddMinutes(5), table.Get(peers[0])!.LastSeen);
    }

    [Fact]
    [Trait("Clause", "KAD-1.4")]
    public void A_full_bucket_names_its_oldest_entry_and_changes_nothing_until_told()
    {
        var (table, bucket) = FullBucket(k: 3, out var peers);
        var newcomer = PeerInBucket(table, bucket, skip: peers);

        Assert.Equal(RoutingUpdate.BucketFull, table.TryAdd(newcomer, NoAddresses, T0, out var oldest));
        Assert.Equal(peers[0], oldest!.Peer);
        Assert.Null(table.Get(newcomer));

        Assert.True(table.Replace(peers[0], newcomer, NoAddresses, T0));
        Assert.Equal([peers[1], peers[2], newcomer], table.Bucket(bucket).Select(e => e.Peer));
        Assert.False(table.Replace(peers[0], newcomer, NoAddresses, T0));
    }

    [Fact]
    [Trait("Clause", "KAD-1.2")]
    public void Closest_returns_the_nearest_peers_in_order_of_distance()
    {
        var local = Ed25519PrivateKey.FromSeedNumber(1).PeerId;
        var table = new RoutingTable(local, 20);
        var all = new List<PeerId>();
        for (ulong i = 2; i < 300; i++)
        {
            var peer = Ed25519PrivateKey.FromSeedNumber(i).PeerId;
            if (table.TryAdd(peer, NoAddresses, T0, out _) == RoutingUpdate.Added)
            {
                all.Add(peer);
            }
        }

        var target = KadKey.ForPeer(Ed25519PrivateKey.FromSeedNumber(5000).PeerId);
        var expected = all.OrderBy(p => KadKey.ForPeer(p).Xor(target)).Take(20).ToArray();

        Assert.Equal(expected, table.Closest(target, 20).Select(e => e.Peer));
    }

    private static (RoutingTable Table, int Bucket) FullBucket(int k, out PeerId[] peers)
    {
        var local = Ed25519PrivateKey.FromSeedNumber(1).PeerId;
        var table = new RoutingTable(local, k);
        var list = new List<PeerId>();
        var bucket = KadKey.Bits - 1;
        for (var seed = 2UL; list.Count < k; seed++)
        {
            var peer = Ed25519PrivateKey.FromSeedNumber(seed).PeerId;
            if (table.LocalKey.BucketIndex(KadKey.ForPeer(peer)) == bucket)
            {
                Assert.Equal(RoutingUpdate.Added, table.TryAdd(peer, NoAddresses, T0.AddSeconds(list.Count), out _));
                list.Add(peer);
            }
        }

        peers = [.. list];
        return (table, bucket);
    }

    private static PeerId PeerInBucket(RoutingTable table, int bucket, PeerId[] skip)
    {
        for (var seed = 1000UL; ; seed++)
        {
            var peer = Ed25519PrivateKey.FromSeedNumber(seed).PeerId;
            if (!skip.Contains(peer) && table.LocalKey.BucketIndex(KadKey.ForPeer(peer)) == bucket)
            {
                return peer;
            }
        }
    }
}
