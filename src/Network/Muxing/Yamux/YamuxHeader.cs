using System.Buffers;
using System.Buffers.Binary;

namespace RustyNode.Network.Muxing.Yamux;

/// <summary>
/// The 12-byte yamux frame header: version (1), type (1), flags (2), stream id (4), length (4), all
/// big-endian (specs/network/06-yamux.md, YMX-1).
/// </summary>
public readonly record struct YamuxHeader(YamuxFrameType Type, YamuxFlags Flags, uint StreamId, uint Length)
{
    /// <summary>Size of the header on the wire.</summary>
    public const int Size = 12;

    /// <summary>Writes the header into the first <see cref="Size"/> bytes of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            throw new ArgumentException("A yamux header needs 12 bytes.", nameof(destination));
        }

        destination[0] = YamuxLimits.Version;
        destination[1] = (byte)Type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)Flags);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], StreamId);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], Length);
    }

    /// <summary>Writes the header to <paramref name="writer"/>.</summary>
    public void Write(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Write(writer.GetSpan(Size));
        writer.Advance(Size);
    }

    /// <summary>Reads a header from the start of <paramref name="source"/>.</summary>
    /// <returns>False when fewer than 12 bytes are available.</returns>
    /// <exception cref="YamuxProtocolException">Unknown version or frame type.</exception>
    public static bool TryRead(ReadOnlySpan<byte> source, out YamuxHeader header)
    {
        if (source.Length < Size)
        {
            header = default;
            return false;
        }

        if (source[0] != YamuxLimits.Version)
        {
            throw new YamuxProtocolException($"Unknown yamux version {source[0]}.");
        }

        if (source[1] > (byte)YamuxFrameType.GoAway)
        {
            throw new YamuxProtocolException($"Unknown yamux frame type {source[1]}.");
        }

        header = new YamuxHeader(
            (YamuxFrameType)source[1],
            (YamuxFlags)BinaryPrimitives.ReadUInt16BigEndian(source[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[8..]));
        return true;
    }

    /// <summary>
    /// Reads a header from the start of <paramref name="buffer"/> and slices it off on success; on
    /// false (fewer than 12 bytes) <paramref name="buffer"/> is unchanged.
    /// </summary>
    /// <exception cref="YamuxProtocolException">Unknown version or frame type.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out YamuxHeader header)
    {
        if (buffer.Length < Size)
        {
            header = default;
            return false;
        }

        bool read;
        if (buffer.FirstSpan.Length >= Size)
        {
            read = TryRead(buffer.FirstSpan, out header);
        }
        else
        {
            Span<byte> copy = stackalloc byte[Size];
            buffer.Slice(0, Size).CopyTo(copy);
            read = TryRead(copy, out header);
        }

        buffer = buffer.Slice(Size);
        return read;
    }
}
