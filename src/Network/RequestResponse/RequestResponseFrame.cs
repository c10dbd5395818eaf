using System.Buffers;
using System.IO.Pipelines;
using RustyNode.Network.Multiformats;

namespace RustyNode.Network.RequestResponse;

/// <summary>
/// The framing of <see cref="LengthPrefixedCodec{TRequest, TResponse}"/>: an unsigned varint
/// length, then that many payload bytes (RR-2.1). The length is checked against the limit before
/// the payload is waited for or buffered (RR-2.2).
/// </summary>
public static class RequestResponseFrame
{
    /// <summary>Tries to take one complete frame off the front of <paramref name="buffer"/>.</summary>
    /// <returns>False when more bytes are needed (<paramref name="buffer"/> is then unchanged).</returns>
    /// <exception cref="MessageTooLargeException">The declared length is over <paramref name="maxLength"/>.</exception>
    /// <exception cref="RequestResponseProtocolException">The length prefix is not a minimal varint.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxLength, out ReadOnlySequence<byte> payload)
    {
        var reader = new SequenceReader<byte>(buffer);
        ulong length;
        try
        {
            if (!Varint.TryRead(ref reader, out length))
            {
                payload = default;
                return false;
            }
        }
        catch (MultiformatException ex)
        {
            throw new RequestResponseProtocolException($"Bad length prefix: {ex.Message}", ex);
        }

        if (length > (ulong)maxLength)
        {
            throw new MessageTooLargeException(length, maxLength);
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

    /// <summary>Writes a frame's length prefix; the caller then writes exactly <paramref name="length"/> bytes.</summary>
    public static void WriteHeader(IBufferWriter<byte> writer, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Varint.Write(writer, (ulong)length);
    }

    /// <summary>
    /// Reads one frame and hands its payload to <paramref name="parse"/> while it is still in the
    /// pipe's buffers (no copy); consumes exactly the frame.
    /// </summary>
    /// <exception cref="EndOfStreamException">The stream ended before the frame began.</exception>
    /// <exception cref="RequestResponseProtocolException">Malformed, over the limit, or cut short.</exception>
    public static async ValueTask<T> ReadAsync<T>(PipeReader input, int maxLength, Func<ReadOnlySequence<byte>, T> parse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(parse);
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var consumed = buffer.Start;
            try
            {
                if (TryRead(ref buffer, maxLength, out var payload))
                {
                    consumed = buffer.Start;
                    return Parse(payload, parse);
                }

                if (result.IsCompleted)
                {
                    throw buffer.IsEmpty
                        ? new EndOfStreamException("The stream ended before a message.")
                        : new RequestResponseProtocolException($"The stream ended inside a message ({buffer.Length} bytes of it).");
                }
            }
            finally
            {
                input.AdvanceTo(consumed, result.Buffer.End);
            }
        }
    }

    private static T Parse<T>(ReadOnlySequence<byte> payload, Func<ReadOnlySequence<byte>, T> parse)
    {
        try
        {
            return parse(payload);
        }
        catch (Exception ex) when (ex is not (RequestResponseProtocolException or OperationCanceledException))
        {
            // The payload is hostile input: whatever the decoder throws is a malformed message.
            throw new RequestResponseProtocolException($"The message could not be decoded: {ex.Message}", ex);
        }
    }
}
