using System.Threading.Channels;
using RustyNode.Consensus.Primitives;

namespace RustyNode.Protocols.TxProp.Relay;

/// <summary>
/// Our one request stream to a peer (TX-1.1): the GetData messages asked on it and not yet answered,
/// oldest first. The peer answers them in that order, so each answer belongs to the oldest. Fields
/// other than the channel and the token are guarded by the behaviour's lock.
/// </summary>
internal sealed class RequestStream
{
    /// <summary>GetData messages for the stream's writer, in the order they were asked.</summary>
    public Channel<PendingGetData> ToWrite { get; } = Channel.CreateUnbounded<PendingGetData>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });

    /// <summary>Asked (written or about to be) and not fully answered, oldest first.</summary>
    public Queue<PendingGetData> Outstanding { get; } = new();

    /// <summary>Cancelled to give the stream up (the peer let a request expire, TX-4.4).</summary>
    public CancellationTokenSource Abort { get; } = new();

    /// <summary>The stream was given up because a request on it expired.</summary>
    public bool Expired { get; set; }
}

/// <summary>One GetData on a request stream and the ids it asked that are not answered yet.</summary>
internal sealed class PendingGetData(List<Hash256> txIds)
{
    public List<Hash256> TxIds { get; } = txIds;

    /// <summary>Neither received nor listed as not found yet; touched only by the stream's reader (and its cleanup once the reader ended).</summary>
    public HashSet<Hash256> Pending { get; } = [.. txIds];
}
