using System.IO.Pipelines;

namespace RustyNode.Network.RequestResponse;

/// <summary>
/// Reads and writes one protocol's requests and responses, one of each per stream (RR-1). A
/// reader takes exactly one message and must check its size limit before buffering the payload.
/// <see cref="LengthPrefixedCodec{TRequest, TResponse}"/> is the ready-made base.
/// </summary>
/// <remarks>
/// Readers raise <see cref="EndOfStreamException"/> when the stream ended cleanly before the message
/// began (the remote sent nothing: a refusal), <see cref="MessageTooLargeException"/> when the
/// message is over the limit, and <see cref="RequestResponseProtocolException"/> for anything else
/// malformed, including a stream that ends inside a message.
/// </remarks>
public interface IRequestResponseCodec<TRequest, TResponse>
{
    /// <summary>The protocol ids, in order of preference; the requester offers them in this order.</summary>
    IReadOnlyList<string> Protocols { get; }

    /// <summary>Largest request payload accepted or sent, in bytes.</summary>
    int MaxRequestSize { get; }

    /// <summary>Largest response payload accepted or sent, in bytes.</summary>
    int MaxResponseSize { get; }

    /// <summary>Reads the one request of a stream negotiated to <paramref name="protocol"/>.</summary>
    ValueTask<TRequest> ReadRequestAsync(string protocol, PipeReader input, CancellationToken cancellationToken);

    /// <summary>Reads the one response of a stream negotiated to <paramref name="protocol"/>.</summary>
    ValueTask<TResponse> ReadResponseAsync(string protocol, PipeReader input, CancellationToken cancellationToken);

    /// <summary>Writes and flushes a request (the behaviour half-closes afterwards).</summary>
    /// <exception cref="MessageTooLargeException">The request is over <see cref="MaxRequestSize"/>; nothing was written.</exception>
    ValueTask WriteRequestAsync(string protocol, PipeWriter output, TRequest request, CancellationToken cancellationToken);

    /// <summary>Writes and flushes a response (the behaviour closes afterwards).</summary>
    /// <exception cref="MessageTooLargeException">The response is over <see cref="MaxResponseSize"/>; nothing was written.</exception>
    ValueTask WriteResponseAsync(string protocol, PipeWriter output, TResponse response, CancellationToken cancellationToken);
}
