using System.Buffers;

namespace RustyNode.Network.Multiformats;

/// <summary>
/// The multiformats unsigned varint (LEB128): 7 bits per byte, least significant group first,
/// high bit set on every byte but the last. At most 9 bytes (63 bits) and always minimally
/// encoded; anything else is malformed (specs/network/01-encodings.md, ENC-1).
/// </summary>
public static class Varint
{
    /// <summary>The longest varint the multiformats spec allows.</summary>
    public const int MaxLength = 9;

    /// <summary>Number of bytes <paramref name="value"/> takes.</summary>
    public static int GetSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    /// <summary>Writes <paramref name="value"/> at the start of <paramref name="destination"/>.</summary>
    /// <returns>The number of bytes written.</returns>
    public static int Write(Span<byte> destination, ulong value)
    {
        if (value > long.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "A multiformats varint holds at most 63 bits.");
        }

        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>Writes <paramref name="value"/> to <paramref name="writer"/>.</summary>
    public static void Write(IBufferWriter<byte> writer, ulong value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var span = writer.GetSpan(MaxLength);
        writer.Advance(Write(span, value));
    }

    /// <summary>Encodes <paramref name="value"/> into a new array.</summary>
    public static byte[] Encode(ulong value)
    {
        var bytes = new byte[GetSize(value)];
        Write(bytes, value);
        return bytes;
    }

    /// <summary>
    /// Reads a varint from the start of <paramref name="source"/>.
    /// </summary>
    /// <returns>False when <paramref name="source"/> ends before the varint does.</returns>
    /// <exception cref="MultiformatException">Longer than 9 bytes or not minimally encoded.</exception>
    public static bool TryRead(ReadOnlySpan<byte> source, out ulong value, out int consumed)
    {
        value = 0;
        for (var i = 0; i < source.Length; i++)
        {
            if (i == MaxLength)
            {
                throw new MultiformatException("Varint is longer than 9 bytes.");
            }

            var b = source[i];
            value |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                if (b == 0 && i > 0)
                {
                    throw new MultiformatException("Varint is not minimally encoded.");
                }

                consumed = i + 1;
                return true;
            }
        }

        if (source.Length >= MaxLength)
        {
            throw new MultiformatException("Varint is longer than 9 bytes.");
        }

        consumed = 0;
        value = 0;
        return false;
    }

    /// <summary>Reads a varint from <paramref name="reader"/>, advancing it only on success.</summary>
    /// <returns>False when the sequence ends before the varint does.</returns>
    /// <exception cref="MultiformatException">Longer than 9 bytes or not minimally encoded.</exception>
    public static bool TryRead(ref SequenceReader<byte> reader, out ulong value)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        var available = (int)Math.Min(reader.Remaining, MaxLength);
        if (!reader.TryCopyTo(buffer[..available]))
        {
            value = 0;
            return false;
        }

        if (!TryRead(buffer[..available], out value, out var consumed))
        {
            return false;
        }

        reader.Advance(consumed);
        return true;
    }

    /// <summary>Reads a varint that must fit in an <see cref="int"/> no larger than <paramref name="max"/>.</summary>
    /// <exception cref="MultiformatException">Malformed, or larger than <paramref name="max"/>.</exception>
    public static bool TryReadLength(ref SequenceReader<byte> reader, int max, out int length)
    {
        if (!TryRead(ref reader, out var value))
        {
            length = 0;
            return false;
        }

        if (value > (ulong)max)
        {
            throw new MultiformatException($"Length prefix {value} exceeds the limit of {max} bytes.");
        }

        length = (int)value;
        return true;
    }
}
