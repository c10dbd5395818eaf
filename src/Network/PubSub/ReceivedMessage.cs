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

    /// <summary>The author's sequence number (a big-endian integer of up to 8 bytes), or null when absent or longer.</summary>
    public ulong? Seqno
    {
        get
        {
            if (Message.Seqno is not { Length: > 0 and <= 8 } seqno)
            {
                return null;
            }

            var value = 0UL;
            foreach (var b in seqno.Span)
            {
                value = (value << 8) | b;
            }

            return value;
        }
    }
}
