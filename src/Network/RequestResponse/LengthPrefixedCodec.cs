using System.Buffers;
using System.IO.Pipelines;

namespace RustyNode.Network.RequestResponse;

/// <summary>
/// A codec whose request and response are each one varint-length-prefixed frame (RR-2). A subclass
/// only maps messages to and from payload bytes: the size first, then one write into a span; and a
/// parse of the payload, which is still in the pipe's buffers and must not be kept.
/// </summary>
public abstract class LengthPrefixedCodec<TRequest, TResponse> : IRequestResponseCodec<TRequest, TResponse>
{
    private readonly Func<ReadOnlySequence<byte>, TRequest> _parseRequest;
    private readonly Func<ReadOnlySequence<byte>, TResponse> _parseResponse;

    /// <param name="protocols">Protocol ids in order of preference.</param>
    /// <param name="maxRequestSize">Largest request payload; default 1 MiB.</param>
    /// <param name="maxResponseSize">Largest response payload; default 10 MiB.</param>
    protected LengthPrefixedCodec(
        IEnumerable<string> protocols,
        int maxRequestSize = RequestResponseLimits.DefaultMaxRequestSize,
        int maxResponseSize = RequestResponseLimits.DefaultMaxResponseSize)
    {
        ArgumentNullException.ThrowIfNull(protocols);
        Protocols = protocols.ToArray();
        if (Protocols.Count == 0 || Protocols.Any(p => string.IsNullOrEmpty(p) || p[0] != '/'))
        {
            throw new ArgumentException("A codec needs at least one protocol id, each starting with '/'.", nameof(protocols));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(maxRequestSize);
        ArgumentOutOfRangeException.ThrowIfNegative(maxResponseSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxRequestSize, RequestResponseLimits.MaxMessageSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxResponseSize, RequestResponseLimits.MaxMessageSize);
        MaxRequestSize = maxRequestSize;
        MaxResponseSize = maxResponseSize;
        _parseRequest = ParseRequest;
        _parseResponse = ParseResponse;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Protocols { get; }

    /// <inheritdoc />
    public int MaxRequestSize { get; }

    /// <inheritdoc />
    public int MaxResponseSize { get; }

    /// <inheritdoc />
    public ValueTask<TRequest> ReadRequestAsync(string protocol, PipeReader input, CancellationToken cancellationToken) =>
        RequestResponseFrame.ReadAsync(input, MaxRequestSize, _parseRequest, cancellationToken);

    /// <inheritdoc />
    public ValueTask<TResponse> ReadResponseAsync(string protocol, PipeReader input, CancellationToken cancellationToken) =>
        RequestResponseFrame.ReadAsync(input, MaxResponseSize, _parseResponse, cancellationToken);

    /// <inheritdoc />
    public ValueTask WriteRequestAsync(string protocol, PipeWriter output, TRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteRequestFrame(output, request);
        return FlushAsync(output, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask WriteResponseAsync(string protocol, PipeWriter output, TResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        WriteResponseFrame(output, response);
        return FlushAsync(output, cancellationToken);
    }

    /// <summary>Writes <paramref name="request"/> as one frame into <paramref name="writer"/> (no flush).</summary>
    public void WriteRequestFrame(IBufferWriter<byte> writer, TRequest request)
    {
        var size = GetRequestSize(request);
        WriteRequest(request, BeginFrame(writer, size, MaxRequestSize));
        writer.Advance(size);
    }

    /// <summary>Writes <paramref name="response"/> as one frame into <paramref name="writer"/> (no flush).</summary>
    public void WriteResponseFrame(IBufferWriter<byte> writer, TResponse response)
    {
        var size = GetResponseSize(response);
        WriteResponse(response, BeginFrame(writer, size, MaxResponseSize));
        writer.Advance(size);
    }

    /// <summary>The payload size of <paramref name="request"/> in bytes.</summary>
    protected abstract int GetRequestSize(TRequest request);

    /// <summary>Writes exactly <see cref="GetRequestSize"/> bytes of <paramref name="request"/>.</summary>
    protected abstract void WriteRequest(TRequest request, Span<byte> destination);

    /// <summary>Decodes a request payload; any exception it throws makes the request malformed.</summary>
    protected abstract TRequest ParseRequest(ReadOnlySequence<byte> payload);

    /// <summary>The payload size of <paramref name="response"/> in bytes.</summary>
    protected abstract int GetResponseSize(TResponse response);

    /// <summary>Writes exactly <see cref="GetResponseSize"/> bytes of <paramref name="response"/>.</summary>
    protected abstract void WriteResponse(TResponse response, Span<byte> destination);

    /// <summary>Decodes a response payload; any exception it throws makes the response malformed.</summary>
    protected abstract TResponse ParseResponse(ReadOnlySequence<byte> payload);

    private static async ValueTask FlushAsync(PipeWriter output, CancellationToken cancellationToken) =>
        await output.FlushAsync(cancellationToken);

    private static Span<byte> BeginFrame(IBufferWriter<byte> writer, int size, int limit)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (size < 0 || size > limit)
        {
            throw new MessageTooLargeException((ulong)Math.Max(size, 0), limit);
        }

        RequestResponseFrame.WriteHeader(writer, size);
        return writer.GetSpan(size)[..size];
    }
}
