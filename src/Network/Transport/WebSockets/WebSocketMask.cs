using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace RustyNode.Network.Transport.WebSockets;

/// <summary>
/// The XOR masking of RFC 6455 section 5.3 (WS-2.3): byte i of a payload is XORed with byte
/// (i mod 4) of the key. Applying it twice restores the input. Vectorised; allocates nothing.
/// </summary>
public static class WebSocketMask
{
    /// <summary>
    /// Writes <paramref name="source"/> XOR the key into <paramref name="destination"/> (which may be
    /// the same memory), starting at key byte <paramref name="offset"/>; returns the offset to
    /// continue with (payload position mod 4).
    /// </summary>
    /// <param name="key">The masking key in wire order (big-endian), as in <see cref="WebSocketFrameHeader.MaskKey"/>.</param>
    public static int Apply(ReadOnlySpan<byte> source, Span<byte> destination, uint key, int offset)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException("The destination is shorter than the source.", nameof(destination));
        }

        // The key rotated so that its first byte is the one at position `offset`, in memory order.
        var rotated = BitOperations.RotateLeft(key, (offset & 3) * 8);
        var i = 0;
        if (Vector.IsHardwareAccelerated && source.Length >= Vector<byte>.Count)
        {
            var keyVector = Vector.AsVectorByte(new Vector<uint>(ToMemoryOrder(rotated)));
            var sourceVectors = MemoryMarshal.Cast<byte, Vector<byte>>(source);
            var count = sourceVectors.Length;
            var destinationVectors = MemoryMarshal.Cast<byte, Vector<byte>>(destination[..(count * Vector<byte>.Count)]);
            for (var v = 0; v < count; v++)
            {
                destinationVectors[v] = sourceVectors[v] ^ keyVector;
            }

            i = count * Vector<byte>.Count;
        }

        var word = ToMemoryOrder(rotated);
        for (; i + 4 <= source.Length; i += 4)
        {
            MemoryMarshal.Write(destination[i..], MemoryMarshal.Read<uint>(source[i..]) ^ word);
        }

        Span<byte> keyBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(keyBytes, rotated);
        for (var k = 0; i < source.Length; i++, k++)
        {
            destination[i] = (byte)(source[i] ^ keyBytes[k]);
        }

        return (offset + source.Length) & 3;
    }

    /// <summary>The big-endian key as a native uint whose bytes in memory are the key's bytes in order.</summary>
    private static uint ToMemoryOrder(uint bigEndianKey) =>
        BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(bigEndianKey) : bigEndianKey;
}
