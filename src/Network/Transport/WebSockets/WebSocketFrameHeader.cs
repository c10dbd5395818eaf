using System.Buffers;
using System.Buffers.Binary;

namespace RustyNode.Network.Transport.WebSockets;

/// <summary>
/// A WebSocket frame header (RFC 6455 section 5.2; specs/network/17-websocket.md, WS-2): FIN, the
/// opcode, the payload length in 7, 7+16 or 7+64 bits, and the masking key when MASK is set.
/// Reserved bits must be zero: we negotiate no extension.
/// </summary>
/// <param name="Fin">The last frame of its message.</param>
/// <param name="Opcode">What the frame carries.</param>
/// <param name="PayloadLength">Length of the payload that follows the header.</param>
/// <param name="MaskKey">The masking key in wire order (big-endian), when <paramref name="Masked"/>.</param>
/// <param name="Masked">Whether the payload is masked (every client-to-server frame, no server-to-client frame).</param>
public readonly record struct WebSocketFrameHeader(bool Fin, WebSocketOpcode Opcode, long PayloadLength, uint MaskKey, bool Masked)
{
    /// <summary>True for Close, Ping and Pong.</summary>
    public bool IsControl => ((byte)Opcode & 0x8) != 0;

    /// <summary>Length of this header on the wire (2 to 14 bytes).</summary>
    public int Size => GetSize(PayloadLength, Masked);

    /// <summary>Length of a header for a payload of <paramref name="payloadLength"/> bytes, with the smallest length encoding.</summary>
    public static int GetSize(long payloadLength, bool masked) =>
        (payloadLength < 126 ? 2 : payloadLength <= ushort.MaxValue ? 4 : 10) + (masked ? 4 : 0);

    /// <summary>Writes the header with the smallest length encoding; returns its size.</summary>
    public int Write(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(PayloadLength);
        var size = Size;
        if (destination.Length < size)
        {
            throw new ArgumentException($"A WebSocket header of {size} bytes does not fit.", nameof(destination));
        }

        destination[0] = (byte)((Fin ? 0x80 : 0) | (byte)Opcode);
        var maskBit = Masked ? 0x80 : 0;
        int offset;
        if (PayloadLength < 126)
        {
            destination[1] = (byte)(maskBit | (int)PayloadLength);
            offset = 2;
        }
        else if (PayloadLength <= ushort.MaxValue)
        {
            destination[1] = (byte)(maskBit | 126);
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)PayloadLength);
            offset = 4;
        }
        else
        {
            destination[1] = (byte)(maskBit | 127);
            BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)PayloadLength);
            offset = 10;
        }

        if (Masked)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], MaskKey);
        }

        return size;
    }

    /// <summary>Writes the header to <paramref name="writer"/>.</summary>
    public void Write(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Advance(Write(writer.GetSpan(WebSocketLimits.MaxFrameHeaderLength)));
    }

    /// <summary>
    /// Reads a header from the start of <paramref name="buffer"/> and slices it off on success; on
    /// false (the header is not complete yet) <paramref name="buffer"/> is unchanged. Every rule
    /// that the header alone decides is checked here, before any payload is read.
    /// </summary>
    /// <param name="buffer">Received bytes.</param>
    /// <param name="expectMasked">True on the server side (client frames must be masked), false on the client side (server frames must not be).</param>
    /// <param name="header">The header read.</param>
    /// <exception cref="WebSocketProtocolException">
    /// Reserved bits set, an unknown opcode, a fragmented or oversized control frame, a wrong MASK
    /// bit, a 64-bit length with its top bit set (1002), or a data frame over
    /// <see cref="WebSocketLimits.MaxFramePayloadLength"/> (1009).
    /// </exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, bool expectMasked, out WebSocketFrameHeader header)
    {
        header = default;
        if (buffer.Length < 2)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[WebSocketLimits.MaxFrameHeaderLength];
        var available = (int)Math.Min(buffer.Length, WebSocketLimits.MaxFrameHeaderLength);
        buffer.Slice(0, available).CopyTo(bytes);
        var first = bytes[0];
        var second = bytes[1];
        var masked = (second & 0x80) != 0;
        var lengthCode = second & 0x7F;
        var size = 2 + (lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0) + (masked ? 4 : 0);
        CheckFirstByte(first, masked, expectMasked, lengthCode);
        if (available < size)
        {
            return false;
        }

        long length = lengthCode switch
        {
            126 => BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]),
            127 => BinaryPrimitives.ReadUInt64BigEndian(bytes[2..]) is var wide && wide > long.MaxValue
                ? throw new WebSocketProtocolException("A WebSocket frame length has its most significant bit set.")
                : (long)wide,
            _ => lengthCode,
        };
        var opcode = (WebSocketOpcode)(first & 0x0F);
        if (((byte)opcode & 0x8) == 0 && length > WebSocketLimits.MaxFramePayloadLength)
        {
            throw new WebSocketProtocolException(
                WebSocketCloseCode.MessageTooBig,
                $"frame of {length} bytes exceeds the limit of {WebSocketLimits.MaxFramePayloadLength}");
        }

        var key = masked ? BinaryPrimitives.ReadUInt32BigEndian(bytes[(size - 4)..]) : 0u;
        header = new WebSocketFrameHeader((first & 0x80) != 0, opcode, length, key, masked);
        buffer = buffer.Slice(size);
        return true;
    }

    private static void CheckFirstByte(byte first, bool masked, bool expectMasked, int lengthCode)
    {
        if ((first & 0x70) != 0)
        {
            throw new WebSocketProtocolException("A WebSocket frame has reserved bits set but no extension was negotiated.");
        }

        var opcode = first & 0x0F;
        if (opcode is not ((>= 0x0 and <= 0x2) or (>= 0x8 and <= 0xA)))
        {
            throw new WebSocketProtocolException($"Unknown WebSocket opcode 0x{opcode:X}.");
        }

        if ((opcode & 0x8) != 0)
        {
            if ((first & 0x80) == 0)
            {
                throw new WebSocketProtocolException("A WebSocket control frame is fragmented.");
            }

            if (lengthCode > WebSocketLimits.MaxControlPayloadLength)
            {
                throw new WebSocketProtocolException("A WebSocket control frame is longer than 125 bytes.");
            }
        }

        if (masked != expectMasked)
        {
            throw new WebSocketProtocolException(expectMasked
                ? "A WebSocket client frame is not masked."
                : "A WebSocket server frame is masked.");
        }
    }
}
