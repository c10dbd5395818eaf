using RustyNode.Network.Identity;
using RustyNode.Network.PubSub.Messages;

namespace RustyNode.Network.PubSub;

/// <summary>
/// A message as the router handles it and the application receives it: the wire message, its id,
/// its author (null under StrictNoSign), and the peer it came from (null for our own).
/// </summary>
public sealed record ReceivedMessage(PubSubMessage Message, MessageId Id, PeerId? Author, PeerId? ReceivedFrom)
{
    /// <summary>The topic.</summary>
    public string Topic => Message.Topic;

    /// <summary>The payload (empty when absent).</summary>
    public ReadOnlyMemory<byte> Data => Message.Data ?? ReadOnlyMemory<byte>.Empty;

    /// <summary>The author's sequence number as a 64-bit big-endian integer, or null when absent or not 8 bytes.</summary>
    public ulong? Seqno => Message.Seqno is { Length: 8 } seqno ? System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(seqno.Span) : null;
}
