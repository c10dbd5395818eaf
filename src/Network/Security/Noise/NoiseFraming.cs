using System.Buffers;
using System.Buffers.Binary;

namespace RustyNode.Network.Security.Noise;

/// <summary>
/// Noise message framing (NOISE-3.1): a 2-byte big-endian length, then that many bytes.
/// </summary>
internal static class NoiseFraming
{
    public const int HeaderLength = 2;

    /// <summary>
    /// Takes one complete frame off the front of <paramref name="buffer"/>.
    /// </summary>
    /// <returns><c>false</c> when the frame is not complete yet (nothing consumed).</returns>
    /// <exception cref="NoiseProtocolException">The declared length is over <paramref name="maxLength"/>
    /// or under <paramref name="minLength"/>; raised before any of the body is buffered.</exception>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int minLength, int maxLength, out ReadOnlySequence<byte> frame)
    {
        frame = default;
        if (buffer.Length < HeaderLength)
        {
            return false;
        }

        int length;
        var first = buffer.FirstSpan;
        if (first.Length >= HeaderLength)
        {
            length = BinaryPrimitives.ReadUInt16BigEndian(first);
        }
        else
        {
            Span<byte> header = stackalloc byte[HeaderLength];
            buffer.Slice(0, HeaderLength).CopyTo(header);
            length = BinaryPrimitives.ReadUInt16BigEndian(header);
        }

        if (length > maxLength)
        {
            throw new NoiseProtocolException($"Noise message of {length} bytes exceeds the limit of {maxLength}.");
        }

        if (length < minLength)
        {
            throw new NoiseProtocolException($"Noise message of {length} bytes is shorter than its {minLength}-byte authentication tag.");
        }

        if (buffer.Length < HeaderLength + length)
        {
            return false;
        }

        frame = buffer.Slice(HeaderLength, length);
        buffer = buffer.Slice(frame.End);
        return true;
    }

    /// <summary>Writes the length prefix of a <paramref name="length"/>-byte message.</summary>
    public static void WriteHeader(Span<byte> destination, int length) =>
        BinaryPrimitives.WriteUInt16BigEndian(destination, checked((ushort)length));
}
