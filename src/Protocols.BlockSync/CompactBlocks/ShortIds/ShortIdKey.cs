using System.Buffers.Binary;
using System.Security.Cryptography;
using RustyNode.Consensus;
using RustyNode.Consensus.Model;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.ShortIds;

/// <summary>
/// The SipHash key of one compact block (CB-3.1): the first 16 bytes of SHA-256(header || nonce),
/// as two little-endian words. <see cref="Compute"/> gives a transaction's 48-bit short id (CB-3.2).
/// </summary>
public readonly record struct ShortIdKey(ulong K0, ulong K1)
{
    /// <summary>Bits kept of the SipHash output.</summary>
    public const ulong Mask = (1UL << (8 * CompactBlockLimits.ShortIdSize)) - 1;

    /// <summary>The key of the compact block with <paramref name="header"/> and <paramref name="nonce"/>.</summary>
    public static ShortIdKey From(BlockHeader header, ulong nonce)
    {
        ArgumentNullException.ThrowIfNull(header);
        Span<byte> input = stackalloc byte[ChainLimits.HeaderSize + sizeof(ulong)];
        header.WriteTo(input);
        BinaryPrimitives.WriteUInt64LittleEndian(input[ChainLimits.HeaderSize..], nonce);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, digest);
        return new ShortIdKey(BinaryPrimitives.ReadUInt64LittleEndian(digest), BinaryPrimitives.ReadUInt64LittleEndian(digest[8..]));
    }

    /// <summary>The short id of the transaction with <paramref name="txId"/>: SipHash-2-4 of its 32 bytes, low 48 bits.</summary>
    public ulong Compute(in Hash256 txId)
    {
        Span<byte> bytes = stackalloc byte[Hash256.Size];
        txId.WriteTo(bytes);
        return SipHash24.Hash32(
            K0,
            K1,
            BinaryPrimitives.ReadUInt64LittleEndian(bytes),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..])) & Mask;
    }
}
