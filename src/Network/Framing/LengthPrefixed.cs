using System.Buffers;
using System.IO.Pipelines;
using RustyNode.Network.Multiformats;

namespace RustyNode.Network.Framing;

/// <summary>
/// Messages framed as <c>varint(length) payload</c> on a stream, the framing of identify and of
/// request/response codecs. The length is checked against the caller's limit before any payload
/// is buffered (ENC-1.4).
/// </summary>
public static class LengthPrefixed
{
    /// <summary>Tries to take one complete message off the front of <paramref name="buffer"/>.</summary>
    /// <returns>False when more bytes are needed.</returns>
    /// <exception cref="MultiformatException">Bad varint or a length over <paramref name="maxLength"/>.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxLength, out ReadOnlySequence<byte> payload)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!Varint.TryReadLength(ref reader, maxLength, out var length) || reader.Remaining < length)
        {
            payload = default;
            return false;
        }

        payload = buffer.Slice(reader.Position, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    /// <summary>Reads one message.</summary>
    /// <returns>The payload, or null when the stream ended cleanly before the message began.</returns>
    /// <exception cref="MultiformatException">Bad varint or a length over <paramref name="maxLength"/>.</exception>
    /// <exception cref="EndOfStreamException">The stream ended inside a message.</exception>
    public static async ValueTask<byte[]?> ReadAsync(PipeReader reader, int maxLength, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var consumed = buffer.Start;
            try
            {
                if (TryRead(ref buffer, maxLength, out var payload))
                {
                    consumed = buffer.Start;
                    return payload.ToArray();
                }

                if (result.IsCompleted)
                {
                    return buffer.IsEmpty ? null : throw new EndOfStreamException("The stream ended inside a length-prefixed message.");
                }
            }
            finally
            {
                reader.AdvanceTo(consumed, buffer.End);
            }
        }
    }

    /// <summary>Writes one message (prefix and payload) into <paramref name="writer"/>.</summary>
    public static void Write(IBufferWriter<byte> writer, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Varint.Write(writer, (ulong)payload.Length);
        writer.Write(payload);
    }
}
