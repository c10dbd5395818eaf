using System.Buffers;
using RustyNode.Network.RequestResponse;
using RustyNode.Protocols.Masternode.Messages;

namespace RustyNode.Protocols.Masternode.Wire;

/// <summary>
/// The request/response codec of <see cref="MasternodeProtocol.ProtocolId"/> (MN-1.1, MN-6.1): one
/// length-prefixed frame each way, requests at most <see cref="MasternodeLimits.MaxRequestSize"/>,
/// responses at most <see cref="MasternodeLimits.MaxResponseSize"/> (both checked before the payload
/// is buffered). A request frame must hold a request code and a response frame a response code; the
/// other way round is malformed, so a peer cannot make us parse a 4 MiB "request".
/// </summary>
public sealed class MasternodeWireCodec : LengthPrefixedCodec<IMasternodeMessage, IMasternodeMessage>
{
    public MasternodeWireCodec()
        : base([MasternodeProtocol.ProtocolId], MasternodeLimits.MaxRequestSize, MasternodeLimits.MaxResponseSize)
    {
    }

    /// <summary>The response type that answers <paramref name="request"/>.</summary>
    public static MasternodeMessageType ResponseTypeFor(MasternodeMessageType request) => request switch
    {
        MasternodeMessageType.ListRequest => MasternodeMessageType.ListResponse,
        MasternodeMessageType.ListSyncRequest => MasternodeMessageType.ListSync,
        MasternodeMessageType.PoSeChallenge => MasternodeMessageType.PoSeResponse,
        _ => throw new ArgumentOutOfRangeException(nameof(request), request, "not a request code"),
    };

    /// <summary>True for the codes that answer a request (MN-1.2).</summary>
    public static bool IsResponse(MasternodeMessageType type) =>
        type is MasternodeMessageType.ListResponse or MasternodeMessageType.ListSync or MasternodeMessageType.PoSeResponse;

    /// <inheritdoc />
    protected override int GetRequestSize(IMasternodeMessage request) => MasternodeMessageCodec.GetSize(Checked(request, true));

    /// <inheritdoc />
    protected override void WriteRequest(IMasternodeMessage request, Span<byte> destination) => MasternodeMessageCodec.Write(request, destination);

    /// <inheritdoc />
    protected override IMasternodeMessage ParseRequest(ReadOnlySequence<byte> payload)
    {
        var message = MasternodeMessageCodec.Parse(payload);
        return MasternodeMessageCodec.IsRequest(message.Type)
            ? message
            : throw new MasternodeProtocolException($"a {message.Type} message sent as a request");
    }

    /// <inheritdoc />
    protected override int GetResponseSize(IMasternodeMessage response) => MasternodeMessageCodec.GetSize(Checked(response, false));

    /// <inheritdoc />
    protected override void WriteResponse(IMasternodeMessage response, Span<byte> destination) => MasternodeMessageCodec.Write(response, destination);

    /// <inheritdoc />
    protected override IMasternodeMessage ParseResponse(ReadOnlySequence<byte> payload)
    {
        var message = MasternodeMessageCodec.Parse(payload);
        return IsResponse(message.Type)
            ? message
            : throw new MasternodeProtocolException($"a {message.Type} message sent as a response");
    }

    private static IMasternodeMessage Checked(IMasternodeMessage message, bool request)
    {
        ArgumentNullException.ThrowIfNull(message);
        return (request ? MasternodeMessageCodec.IsRequest(message.Type) : IsResponse(message.Type))
            ? message
            : throw new ArgumentException($"A {message.Type} message is not a {(request ? "request" : "response")}.", nameof(message));
    }
}
