using System.Buffers;
using System.IO.Pipelines;
using RustyNode.Network.Framing;
using RustyNode.Network.Multiformats;

namespace RustyNode.Network.RequestResponse;

/// <summary>
/// The framing of <see cref="LengthPrefixedCodec{TRequest, TResponse}"/>: the shared
/// <see cref="LengthPrefixed"/> framing (an unsigned varint length, then that many payload bytes,
/// RR-2.1, the limit checked before the payload is buffered, RR-2.2), with its errors reported as
/// request/response errors.
/// </summary>
public static class RequestResponseFrame
{
    /// <summary>Tries to take one complete frame off the front of <paramref name="buffer"/>.</summary>
    /// <returns>False when more bytes are needed (<paramref name="buffer"/> is then unchanged).</returns>
    /// <exception cref="MessageTooLargeException">The declared length is over <paramref name="maxLength"/>.</exception>
    /// <exception cref="RequestResponseProtocolException">The length prefix is not a minimal varint.</exception>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxLength, out ReadOnlySequence<byte> payload)
    {
        try
        {
            return LengthPrefixed.TryRead(ref buffer, maxLength, out payload);
        }
        catch (Exception ex) when (ex is FrameTooLargeException or MultiformatException)
        {
            throw Translate(ex);
        }
    }

    /// <summary>Writes a frame's length prefix; the caller then writes exactly <paramref name="length"/> bytes.</summary>
    public static void WriteHeader(IBufferWriter<byte> writer, int length) => LengthPrefixed.WriteHeader(writer, length);

    /// <summary>
    /// Reads one frame and hands its payload to <paramref name="parse"/> while it is still in the
    /// pipe's buffers (no copy); consumes exactly the frame.
    /// </summary>
    /// <exception cref="EndOfStreamException">The stream ended before the frame began.</exception>
    /// <exception cref="RequestResponseProtocolException">Malformed, over the limit, or cut short.</exception>
    public static async ValueTask<T> ReadAsync<T>(PipeReader input, int maxLength, Func<ReadOnlySequence<byte>, T> parse, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parse);
        try
        {
            return await LengthPrefixed.ReadAsync(input, maxLength, payload => Parse(payload, parse), cancellationToken);
        }
        catch (Exception ex) when (ex is FrameTooLargeException or MultiformatException or FrameTruncatedException)
        {
            throw Translate(ex);
        }
    }

    private static RequestResponseProtocolException Translate(Exception ex) => ex switch
    {
        FrameTooLargeException tooLarge => new MessageTooLargeException(tooLarge.Length, tooLarge.Limit),
        MultiformatException => new RequestResponseProtocolException($"Bad length prefix: {ex.Message}", ex),
        _ => new RequestResponseProtocolException(ex.Message, ex),
    };

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
