using System.Buffers;

namespace RustyNode.Network.RequestResponse;

/// <summary>
/// A length-prefixed codec whose request and response are plain byte arrays: for applications
/// that bring their own serialization, and for tests.
/// </summary>
public sealed class BytesCodec : LengthPrefixedCodec<byte[], byte[]>
{
    /// <inheritdoc cref="LengthPrefixedCodec{TRequest, TResponse}(IEnumerable{string}, int, int)" />
    public BytesCodec(
        IEnumerable<string> protocols,
        int maxRequestSize = RequestResponseLimits.DefaultMaxRequestSize,
        int maxResponseSize = RequestResponseLimits.DefaultMaxResponseSize)
        : base(protocols, maxRequestSize, maxResponseSize)
    {
    }

    /// <inheritdoc />
    protected override int GetRequestSize(byte[] request) => request.Length;

    /// <inheritdoc />
    protected override void WriteRequest(byte[] request, Span<byte> destination) => request.CopyTo(destination);

    /// <inheritdoc />
    protected override byte[] ParseRequest(ReadOnlySequence<byte> payload) => payload.ToArray();

    /// <inheritdoc />
    protected override int GetResponseSize(byte[] response) => response.Length;

    /// <inheritdoc />
    protected override void WriteResponse(byte[] response, Span<byte> destination) => response.CopyTo(destination);

    /// <inheritdoc />
    protected override byte[] ParseResponse(ReadOnlySequence<byte> payload) => payload.ToArray();
}
