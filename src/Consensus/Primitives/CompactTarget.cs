using System.Numerics;

namespace RustyNode.Consensus.Primitives;

/// <summary>
/// The compact "nBits" encoding of a 256-bit target (CHAIN-1.6), defined as in Bitcoin so that
/// Bitcoin Core's examples apply: the high byte is a base-256 exponent, the low 23 bits a
/// mantissa, bit 23 a sign.
/// </summary>
public static class CompactTarget
{
    private static readonly BigInteger Two256 = BigInteger.One << 256;

    /// <summary>
    /// Decodes <paramref name="bits"/> into a 256-bit little-endian number. Reports whether the
    /// encoding is negative or overflows 256 bits; a target is valid only when neither holds and it is non-zero.
    /// </summary>
    public static Hash256 Decode(uint bits, out bool negative, out bool overflow)
    {
        var exponent = (int)(bits >> 24);
        var mantissa = bits & 0x007f_ffff;
        if (exponent <= 3)
        {
            mantissa >>= 8 * (3 - exponent);
        }

        negative = mantissa != 0 && (bits & 0x0080_0000) != 0;
        overflow = mantissa != 0 && (exponent > 34 || (mantissa > 0xff && exponent > 33) || (mantissa > 0xffff && exponent > 32));

        Span<byte> bytes = stackalloc byte[Hash256.Size];
        bytes.Clear();
        if (!overflow)
        {
            if (exponent <= 3)
            {
                bytes[0] = (byte)mantissa;
                bytes[1] = (byte)(mantissa >> 8);
                bytes[2] = (byte)(mantissa >> 16);
            }
            else
            {
                for (var i = 0; i < 3; i++)
                {
                    var position = exponent - 3 + i;
                    var b = (byte)(mantissa >> (8 * i));
                    if (position < Hash256.Size)
                    {
                        bytes[position] = b;
                    }
                }
            }
        }

        return new Hash256(bytes);
    }

    /// <summary>Decodes <paramref name="bits"/> as a target: false when negative, zero or overflowing.</summary>
    public static bool TryDecodeTarget(uint bits, out Hash256 target)
    {
        target = Decode(bits, out var negative, out var overflow);
        return !negative && !overflow && !target.IsZero;
    }

    /// <summary>Encodes a non-negative number in the compact form (Bitcoin's GetCompact).</summary>
    public static uint Encode(BigInteger value, bool negative = false)
    {
        if (value.Sign < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Only non-negative values are encoded.");
        }

        var size = value.IsZero ? 0 : value.GetByteCount(isUnsigned: true);
        uint compact = size <= 3
            ? (uint)(value << (8 * (3 - size)))
            : (uint)(value >> (8 * (size - 3)));
        if ((compact & 0x0080_0000) != 0)
        {
            compact >>= 8;
            size++;
        }

        compact |= (uint)size << 24;
        if (negative && (compact & 0x007f_ffff) != 0)
        {
            compact |= 0x0080_0000;
        }

        return compact;
    }

    /// <summary>The number a hash or target stands for.</summary>
    public static BigInteger ToBigInteger(in Hash256 value)
    {
        Span<byte> bytes = stackalloc byte[Hash256.Size];
        value.WriteTo(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
    }

    /// <summary>The 256-bit number as a hash value; throws when it does not fit.</summary>
    public static Hash256 FromBigInteger(BigInteger value)
    {
        if (value.Sign < 0 || value >= Two256)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "The value must fit in 256 unsigned bits.");
        }

        Span<byte> bytes = stackalloc byte[Hash256.Size];
        bytes.Clear();
        value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return new Hash256(bytes);
    }

    /// <summary>
    /// The expected number of hashes to meet a target, 2^256 / (target + 1) (CHAIN-4.5); zero for
    /// an invalid encoding.
    /// </summary>
    public static BigInteger WorkForBits(uint bits)
    {
        if (!TryDecodeTarget(bits, out var target))
        {
            return BigInteger.Zero;
        }

        return Two256 / (ToBigInteger(target) + 1);
    }
}
