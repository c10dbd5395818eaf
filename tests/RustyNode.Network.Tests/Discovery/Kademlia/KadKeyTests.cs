using System.Security.Cryptography;
using RustyNode.Network.Discovery.Kademlia.Routing;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Tests.Discovery.Kademlia;

public class KadKeyTests
{
    [Fact]
    [Trait("Clause", "KAD-1.1")]
    public void A_peers_key_is_the_sha256_of_its_id_bytes()
    {
        var peer = Ed25519PrivateKey.FromSeedNumber(1).PeerId;

        Assert.Equal(SHA256.HashData(peer.AsSpan()), KadKey.ForPeer(peer).ToBytes());
        Assert.Equal(KadKey.Hash(peer.AsSpan()), KadKey.ForPeer(peer));
    }

    [Fact]
    [Trait("Clause", "KAD-1.2")]
    public void The_bucket_is_255_minus_the_common_prefix_length()
    {
        var zero = KadKey.FromDigest(new byte[32]);
        var top = new byte[32];
        top[0] = 0x80;
        var low = new byte[32];
        low[31] = 0x01;
        var mid = new byte[32];
        mid[1] = 0x10;

        Assert.Equal(255, zero.BucketIndex(KadKey.FromDigest(top)));
        Assert.Equal(0, zero.BucketIndex(KadKey.FromDigest(low)));
        Assert.Equal(255 - 11, zero.BucketIndex(KadKey.FromDigest(mid)));
        Assert.Equal(-1, zero.BucketIndex(zero));
    }

    [Fact]
    [Trait("Clause", "KAD-1.1")]
    public void Distances_compare_as_unsigned_big_endian_numbers()
    {
        var target = KadKey.FromDigest(new byte[32]);
        var near = new byte[32];
        near[31] = 0xff;
        var far = new byte[32];
        far[0] = 0x01;

        Assert.True(KadKey.FromDigest(near).IsCloserTo(target, KadKey.FromDigest(far)));
        Assert.False(KadKey.FromDigest(far).IsCloserTo(target, KadKey.FromDigest(near)));
        Assert.True(KadKey.FromDigest(far) > KadKey.FromDigest(near));
    }

    [Fact]
    [Trait("Clause", "KAD-6.1")]
    public void A_random_key_for_a_bucket_falls_in_that_bucket()
    {
        var local = KadKey.ForPeer(Ed25519PrivateKey.FromSeedNumber(3).PeerId);
        foreach (var bucket in new[] { 0, 1, 63, 64, 65, 127, 128, 200, 254, 255 })
        {
            for (var i = 0; i < 20; i++)
            {
                Assert.Equal(bucket, local.BucketIndex(local.RandomInBucket(bucket)));
            }
        }
    }
}
