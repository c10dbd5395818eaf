using System.Buffers;
using RustyNode.Network.Multiformats;

namespace RustyNode.Network.Muxing.Mplex;

/// <summary>
/// An mplex frame header: varint(stream id &lt;&lt; 3 | flag), varint(payload length); the payload
/// follows (specs/network/07-mplex.md, MPX-1).
/// </summary>
public readonly record struct MplexFrameHeader(long StreamId, MplexFlag Flag, int Length)
{
    /// <summary>The longest header: two 9-byte varints.</summary>
    public const int MaxSize = 2 * Varint.MaxLength;

    /// <summary>Bytes the header takes on the wire.</summary>
    public int GetSize() => Varint.GetSize(Key) + Varint.GetSize((ulong)Length);

    private ulong Key => ((ulong)StreamId << 3) | (byte)Flag;

    /// <summary>Writes the header at the start of <paramref name="destination"/>; returns its size.</summary>
    public int Write(Span<byte> destination)
    {
        if (StreamId is < 0 or > MplexLimits.MaxStreamId || Length < 0)
        {
            throw new InvalidOperationException($"Stream id {StreamId} or length {Length} cannot be encoded.");
        }

        var written = Varint.Write(destination, Key);
        return written + Varint.Write(destination[written..], (ulong)Length);
    }

    /// <summary>Writes the header to <paramref name="writer"/>.</summary>
    public void Write(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Advance(Write(writer.GetSpan(MaxSize)));
    }

    /// <summary>
    /// Reads a header from the start of <paramref name="buffer"/> and slices it off on success; on
    /// false (the header is incomplete) <paramref name="buffer"/> is unchanged. The payload is not
    /// required to be present.
    /// </summary>
    /// <exception cref="MplexProtocolException">
    /// A malformed varint, an unknown flag, or a length over <see cref="MplexLimits.MaxMessageSize"/>.
    /// </exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out MplexFrameHeader header)
    {
        var reader = new SequenceReader<byte>(buffer);
        ulong key;
        ulong length;
        try
        {
            if (!Varint.TryRead(ref reader, out key) || !Varint.TryRead(ref reader, out length))
            {
                header = default;
                return false;
            }
        }
        catch (MultiformatException ex)
        {
            throw new MplexProtocolException($"Malformed mplex frame header: {ex.Message}", ex);
        }

        var flag = key & 7;
        if (flag > (ulong)MplexFlag.ResetInitiator)
        {
            throw new MplexProtocolException($"Unknown mplex flag {flag}.");
        }

        if (length > MplexLimits.MaxMessageSize)
        {
            throw new MplexProtocolException(
                $"Mplex frame of {length} bytes exceeds the limit of {MplexLimits.MaxMessageSize}.");
        }

        header = new MplexFrameHeader((long)(key >> 3), (MplexFlag)flag, (int)length);
        buffer = buffer.Slice(reader.Position);
        return true;
    }
}
