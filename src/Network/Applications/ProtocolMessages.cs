using System.Buffers;
using System.IO.Pipelines;
using RustyNode.Network.RequestResponse;

namespace RustyNode.Network.Applications;

/// <summary>
/// The message framing of custom protocols (APP-2.1): each message is a varint length and that
/// many bytes, the framing of request/response (RR-2). For applications that stream many messages
/// on one stream they opened with <see cref="ApplicationProtocols.OpenStreamAsync"/>.
/// </summary>
public static class ProtocolMessages
{
    /// <summary>Writes and flushes one message.</summary>
    public static async ValueTask WriteAsync(PipeWriter output, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        RequestResponseFrame.WriteHeader(output, message.Length);
        output.Write(message.Span);
        await output.FlushAsync(cancellationToken);
    }

    /// <summary>Reads one message (a fresh array the caller owns); null when the stream ended cleanly first.</summary>
    /// <exception cref="RequestResponseProtocolException">Malformed, over <paramref name="maxSize"/>, or cut short.</exception>
    public static async ValueTask<byte[]?> ReadAsync(PipeReader input, int maxSize, CancellationToken cancellationToken)
    {
        try
        {
            return await RequestResponseFrame.ReadAsync(input, maxSize, static payload => payload.ToArray(), cancellationToken);
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }

    /// <summary>Waits for the remote's end of the stream, discarding anything it still sends.</summary>
    public static async ValueTask ReadToEndAsync(PipeReader input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            input.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }
}
