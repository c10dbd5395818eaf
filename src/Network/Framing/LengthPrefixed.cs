using System.Buffers;
using System.IO.Pipelines;
using RustyNode.Network.Multiformats;

namespace RustyNode.Network.Framing;

/// <summary>
/// Messages framed as <c>varint(length) payload</c> on a stream: the framing of identify, of
/// request/response codecs and of application messages. The length is checked against the
/// caller's limit before any payload is buffered (ENC-1.4).
/// </summary>
public static class LengthPrefixed
{
    /// <summary>Tries to take one complete message off the front of <paramref name="buffer"/>.</summary>
    /// <returns>False when more bytes are needed (<paramref name="buffer"/> is then unchanged).</returns>
    /// <exception cref="MultiformatException">The length prefix is not a minimal varint.</exception>
    /// <exception cref="FrameTooLargeException">The declared length is over <paramref name="maxLength"/>.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxLength, out ReadOnlySequence<byte> payload)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!Varint.TryRead(ref reader, out var length))
        {
            payload = default;
            return false;
        }

        if (length > (ulong)maxLength)
        {
            throw new FrameTooLargeException(length, maxLength);
        }

        if (reader.Remaining < (long)length)
        {
            payload = default;
            return false;
        }

        payload = buffer.Slice(reader.Position, (long)length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    /// <summary>
    /// Reads one message and hands its payload to <paramref name="parse"/> while it is still in
    /// the pipe's buffers (no copy); consumes exactly the message.
    /// </summary>
    /// <exception cref="EndOfStreamException">The stream ended cleanly before the message began.</exception>
    /// <exception cref="FrameTruncatedException">The stream ended inside the message.</exception>
    /// <exception cref="MultiformatException">The length prefix is not a minimal varint.</exception>
    /// <exception cref="FrameTooLargeException">The declared length is over <paramref name="maxLength"/>.</exception>
    public static async ValueTask<T> ReadAsync<T>(PipeReader reader, int maxLength, Func<ReadOnlySequence<byte>, T> parse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(parse);
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var consumed = buffer.Start;
            var examined = result.Buffer.End;
            try
            {
                if (TryRead(ref buffer, maxLength, out var payload))
                {
                    // Only the message was examined: bytes after it (the next message, already
                    // buffered) must wake the next read at once rather than wait for more data.
                    consumed = examined = buffer.Start;
                    return parse(payload);
                }

                if (result.IsCompleted)
                {
                    throw buffer.IsEmpty
                        ? new EndOfStreamException("The stream ended before a message.")
                        : new FrameTruncatedException($"The stream ended inside a message ({buffer.Length} bytes of it).");
                }
            }
            finally
            {
                reader.AdvanceTo(consumed, examined);
            }
        }
    }

    /// <summary>Reads one message into a new array.</summary>
    /// <returns>The payload, or null when the stream ended cleanly before the message began.</returns>
    /// <exception cref="FrameTruncatedException">The stream ended inside the message.</exception>
    /// <exception cref="MultiformatException">The length prefix is not a minimal varint.</exception>
    /// <exception cref="FrameTooLargeException">The declared length is over <paramref name="maxLength"/>.</exception>
    public static async ValueTask<byte[]?> ReadAsync(PipeReader reader, int maxLength, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync(reader, maxLength, static payload => payload.ToArray(), cancellationToken);
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }

    /// <summary>Writes a message's length prefix; the caller then writes exactly <paramref name="length"/> bytes.</summary>
    public static void WriteHeader(IBufferWriter<byte> writer, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Varint.Write(writer, (ulong)length);
    }

    /// <summary>Writes one message (prefix and payload) into <paramref name="writer"/>.</summary>
    public static void Write(IBufferWriter<byte> writer, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteHeader(writer, payload.Length);
        writer.Write(payload);
    }
}
