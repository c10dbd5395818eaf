using System.Buffers;
using RustyNode.Network.RequestResponse;
using RustyNode.Protocols.BlockSync.CompactBlocks.Messages;

namespace RustyNode.Protocols.BlockSync.CompactBlocks.Wire;

/// <summary>
/// The request/response codec of <c>/rusty/compact-blocks/1.0</c> (CB-1): one varint-length frame each
/// way, payloads at most <see cref="CompactBlockLimits.MaxMessageSize"/>, a response code in a request
/// (or the reverse) malformed (CB-2.8).
/// </summary>
public sealed class CompactBlocksCodec : LengthPrefixedCodec<CompactMessage, CompactMessage>
{
    /// <summary>The protocol id (CB-1.1).</summary>
    public const string ProtocolId = "/rusty/compact-blocks/1.0";

    public CompactBlocksCodec()
        : base([ProtocolId], CompactBlockLimits.MaxMessageSize, CompactBlockLimits.MaxMessageSize)
    {
    }

    protected override int GetRequestSize(CompactMessage request) => CompactMessageCodec.GetSize(request);

    protected override void WriteRequest(CompactMessage request, Span<byte> destination) => CompactMessageCodec.Write(request, destination);

    protected override CompactMessage ParseRequest(ReadOnlySequence<byte> payload)
    {
        var message = CompactMessageCodec.Read(payload);
        return CompactMessageCodec.IsRequest(message.Code)
            ? message
            : throw new CompactBlockProtocolException($"{message.Code} is not a request.");
    }

    protected override int GetResponseSize(CompactMessage response) => CompactMessageCodec.GetSize(response);

    protected override void WriteResponse(CompactMessage response, Span<byte> destination) => CompactMessageCodec.Write(response, destination);

    protected override CompactMessage ParseResponse(ReadOnlySequence<byte> payload)
    {
        var message = CompactMessageCodec.Read(payload);
        return CompactMessageCodec.IsResponse(message.Code)
            ? message
            : throw new CompactBlockProtocolException($"{message.Code} is not a response.");
    }
}
