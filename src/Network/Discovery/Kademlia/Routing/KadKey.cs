using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using RustyNode.Network.Identity;

namespace RustyNode.Network.Discovery.Kademlia.Routing;

/// <summary>
/// A point of the DHT's 256-bit key space (KAD-1.1): the SHA-256 of a peer id's bytes or of a
/// record or provider key. Held as four big-endian 64-bit words so XOR distances and their
/// comparison cost a few instructions and no allocation.
/// </summary>
public readonly record struct KadKey(ulong W0, ulong W1, ulong W2, ulong W3) : IComparable<KadKey>
{
    /// <summary>Bits in a key.</summary>
    public const int Bits = 256;

    public static bool operator <(KadKey left, KadKey right) => left.CompareTo(right) < 0;

    public static bool operator <=(KadKey left, KadKey right) => left.CompareTo(right) <= 0;

    public static bool operator >(KadKey left, KadKey right) => left.CompareTo(right) > 0;

    public static bool operator >=(KadKey left, KadKey right) => left.CompareTo(right) >= 0;

    /// <summary>The key of a peer: SHA-256 of its id's multihash bytes.</summary>
    public static KadKey ForPeer(PeerId peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return Hash(peer.AsSpan());
    }

    /// <summary>The key of a record or provider key: SHA-256 of its bytes.</summary>
    public static KadKey Hash(ReadOnlySpan<byte> bytes)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(bytes, digest);
        return FromDigest(digest);
    }

    /// <summary>A key from 32 raw bytes (no hashing).</summary>
    public static KadKey FromDigest(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != 32)
        {
            throw new ArgumentException("A key is 32 bytes.", nameof(digest));
        }

        return new KadKey(
            BinaryPrimitives.ReadUInt64BigEndian(digest),
            BinaryPrimitives.ReadUInt64BigEndian(digest[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(digest[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(digest[24..]));
    }

    /// <summary>The XOR distance to <paramref name="other"/>, itself a key-sized number.</summary>
    public KadKey Xor(KadKey other) => new(W0 ^ other.W0, W1 ^ other.W1, W2 ^ other.W2, W3 ^ other.W3);

    /// <summary>Leading zero bits (256 for the zero key).</summary>
    public int LeadingZeros() =>
        W0 != 0 ? BitOperations.LeadingZeroCount(W0)
        : W1 != 0 ? 64 + BitOperations.LeadingZeroCount(W1)
        : W2 != 0 ? 128 + BitOperations.LeadingZeroCount(W2)
        : W3 != 0 ? 192 + BitOperations.LeadingZeroCount(W3)
        : 256;

    /// <summary>
    /// The bucket <paramref name="other"/> falls in seen from this key (KAD-1.2): 255 minus the
    /// common prefix length, so bucket 255 holds the farthest half of the space; -1 for the key itself.
    /// </summary>
    public int BucketIndex(KadKey other) => Bits - 1 - Xor(other).LeadingZeros();

    /// <summary>True when this key is closer to <paramref name="target"/> than <paramref name="other"/> is.</summary>
    public bool IsCloserTo(KadKey target, KadKey other) => Xor(target).CompareTo(other.Xor(target)) < 0;

    /// <summary>Unsigned big-endian comparison (as distances compare).</summary>
    public int CompareTo(KadKey other) =>
        W0 != other.W0 ? W0.CompareTo(other.W0)
        : W1 != other.W1 ? W1.CompareTo(other.W1)
        : W2 != other.W2 ? W2.CompareTo(other.W2)
        : W3.CompareTo(other.W3);

    /// <summary>A random key whose bucket seen from this key is <paramref name="bucket"/> (for refreshes, KAD-6.1).</summary>
    public KadKey RandomInBucket(int bucket)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bucket);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(bucket, Bits);
        Span<byte> random = stackalloc byte[32];
        RandomNumberGenerator.Fill(random);
        var distance = FromDigest(random);

        // Keep the common prefix (bits above the bucket's bit zero), set the bucket's bit, keep the rest random.
        var prefixBits = Bits - 1 - bucket;
        distance = distance.ClearTopBits(prefixBits).SetBit(prefixBits);
        return Xor(distance);
    }

    /// <summary>32 big-endian bytes.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[32];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, W0);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), W1);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(16), W2);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(24), W3);
        return bytes;
    }

    /// <inheritdoc />
    public override string ToString() => Convert.ToHexStringLower(ToBytes());

    private KadKey ClearTopBits(int count)
    {
        Span<ulong> words = [W0, W1, W2, W3];
        for (var i = 0; i < 4; i++)
        {
            var bitsHere = Math.Clamp(count - (i * 64), 0, 64);
            words[i] = bitsHere == 64 ? 0 : bitsHere == 0 ? words[i] : words[i] & (ulong.MaxValue >> bitsHere);
        }

        return new KadKey(words[0], words[1], words[2], words[3]);
    }

    private KadKey SetBit(int fromTop)
    {
        Span<ulong> words = [W0, W1, W2, W3];
        words[fromTop / 64] |= 1UL << (63 - (fromTop % 64));
        return new KadKey(words[0], words[1], words[2], words[3]);
    }
}
