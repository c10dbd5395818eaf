using System.Buffers.Binary;
using System.Globalization;

namespace RustyNode.Consensus.Primitives;

/// <summary>
/// A 32-byte hash held as four little-endian 64-bit words, so it is a cheap dictionary key.
/// Bytes are kept in the internal (serialized) order; <see cref="ToString"/> shows them reversed,
/// the way Bitcoin displays block hashes and txids (CHAIN-1.4). As a number it is the little-endian
/// 256-bit integer of its bytes, which is how proof of work compares it with a target.
/// </summary>
public readonly struct Hash256 : IEquatable<Hash256>, IComparable<Hash256>
{
    /// <summary>Size in bytes.</summary>
    public const int Size = 32;

    private readonly ulong _w0;
    private readonly ulong _w1;
    private readonly ulong _w2;
    private readonly ulong _w3;

    /// <summary>Reads 32 bytes in serialized order.</summary>
    public Hash256(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException("A hash is 32 bytes.", nameof(bytes));
        }

        _w0 = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        _w1 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
        _w2 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]);
        _w3 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]);
    }

    /// <summary>The all-zero hash (the previous hash of a genesis header, the null prevout).</summary>
    public static Hash256 Zero => default;

    /// <summary>True when every byte is zero.</summary>
    public bool IsZero => (_w0 | _w1 | _w2 | _w3) == 0;

    /// <summary>Writes the 32 bytes in serialized order.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, _w0);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], _w1);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[16..], _w2);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[24..], _w3);
    }

    /// <summary>The bytes in serialized order, as a new array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Parses the displayed (byte-reversed) hex form, as printed by <see cref="ToString"/>.</summary>
    public static Hash256 Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (!TryParse(hex, out var hash))
        {
            throw new FormatException("A hash is 64 hex digits.");
        }

        return hash;
    }

    /// <summary>Parses the displayed (byte-reversed) hex form; false when it is not 64 hex digits.</summary>
    public static bool TryParse(string? hex, out Hash256 hash)
    {
        hash = default;
        if (hex is null || hex.Length != Size * 2)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Size];
        for (var i = 0; i < Size; i++)
        {
            if (!byte.TryParse(hex.AsSpan(i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                return false;
            }

            bytes[Size - 1 - i] = b;
        }

        hash = new Hash256(bytes);
        return true;
    }

    /// <summary>Builds a hash from bytes given in displayed (big-endian) order.</summary>
    public static Hash256 FromDisplayBytes(ReadOnlySpan<byte> bigEndian)
    {
        Span<byte> bytes = stackalloc byte[Size];
        bigEndian.CopyTo(bytes);
        bytes.Reverse();
        return new Hash256(bytes);
    }

    /// <summary>Compares the two hashes as little-endian 256-bit unsigned integers.</summary>
    public int CompareTo(Hash256 other)
    {
        var c = _w3.CompareTo(other._w3);
        if (c != 0)
        {
            return c;
        }

        c = _w2.CompareTo(other._w2);
        if (c != 0)
        {
            return c;
        }

        c = _w1.CompareTo(other._w1);
        return c != 0 ? c : _w0.CompareTo(other._w0);
    }

    public bool Equals(Hash256 other) =>
        _w0 == other._w0 && _w1 == other._w1 && _w2 == other._w2 && _w3 == other._w3;

    public override bool Equals(object? obj) => obj is Hash256 other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_w0, _w1, _w2, _w3);

    /// <summary>Hex of the bytes in reversed (display) order.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        WriteTo(bytes);
        bytes.Reverse();
        return Convert.ToHexStringLower(bytes);
    }

    public static bool operator ==(Hash256 left, Hash256 right) => left.Equals(right);

    public static bool operator !=(Hash256 left, Hash256 right) => !left.Equals(right);

    public static bool operator <(Hash256 left, Hash256 right) => left.CompareTo(right) < 0;

    public static bool operator <=(Hash256 left, Hash256 right) => left.CompareTo(right) <= 0;

    public static bool operator >(Hash256 left, Hash256 right) => left.CompareTo(right) > 0;

    public static bool operator >=(Hash256 left, Hash256 right) => left.CompareTo(right) >= 0;
}
