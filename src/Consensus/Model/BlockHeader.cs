using RustyNode.Consensus.Primitives;
using RustyNode.Consensus.Serialization;

namespace RustyNode.Consensus.Model;

/// <summary>
/// The 80-byte block header (CHAIN-1.5): version, previous block hash, merkle root, time, nBits and
/// nonce, little-endian. Its id is the double SHA-256 of those 80 bytes, computed once.
/// </summary>
public sealed class BlockHeader
{
    private Hash256? _hash;

    public BlockHeader(int version, Hash256 previousHash, Hash256 merkleRoot, uint time, uint bits, uint nonce)
    {
        Version = version;
        PreviousHash = previousHash;
        MerkleRoot = merkleRoot;
        Time = time;
        Bits = bits;
        Nonce = nonce;
    }

    public int Version { get; }

    public Hash256 PreviousHash { get; }

    public Hash256 MerkleRoot { get; }

    /// <summary>Seconds since the Unix epoch.</summary>
    public uint Time { get; }

    /// <summary>The compact target (<see cref="CompactTarget"/>).</summary>
    public uint Bits { get; }

    public uint Nonce { get; }

    /// <summary>The block id: double SHA-256 of the 80 serialized bytes.</summary>
    public Hash256 Hash => _hash ??= ComputeHash();

    /// <summary>A copy with another nonce (used by the regtest miner).</summary>
    public BlockHeader WithNonce(uint nonce) => new(Version, PreviousHash, MerkleRoot, Time, Bits, nonce);

    /// <summary>Writes the 80 bytes.</summary>
    public void WriteTo(Span<byte> destination)
    {
        var writer = new SpanWriter(destination);
        writer.WriteInt32(Version);
        writer.WriteHash(PreviousHash);
        writer.WriteHash(MerkleRoot);
        writer.WriteUInt32(Time);
        writer.WriteUInt32(Bits);
        writer.WriteUInt32(Nonce);
    }

    /// <summary>The 80 bytes as a new array.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[ChainLimits.HeaderSize];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Parses exactly 80 bytes.</summary>
    public static BlockHeader FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != ChainLimits.HeaderSize)
        {
            throw new ConsensusFormatException($"A header is 80 bytes, not {bytes.Length}.");
        }

        var header = new BlockHeader(
            System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes),
            new Hash256(bytes.Slice(4, 32)),
            new Hash256(bytes.Slice(36, 32)),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes[68..]),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes[72..]),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes[76..]));
        header._hash = Hashes.DoubleSha256(bytes);
        return header;
    }

    private Hash256 ComputeHash()
    {
        Span<byte> bytes = stackalloc byte[ChainLimits.HeaderSize];
        WriteTo(bytes);
        return Hashes.DoubleSha256(bytes);
    }

    public override string ToString() => Hash.ToString();
}
