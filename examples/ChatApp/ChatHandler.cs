using System.Text;
using System.Threading.Channels;
using RustyNode.Network.Applications;
using RustyNode.Network.Identity;

namespace RustyNode.Examples.ChatApp;

/// <summary>The chat protocol's handler: each message is one line of UTF-8 text.</summary>
internal sealed class ChatHandler(ChannelWriter<ChatLine> lines) : ProtocolHandler
{
    public override ValueTask HandleMessageAsync(PeerId peer, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(message.Span);
        }
        catch (DecoderFallbackException)
        {
            text = "(a message that is not UTF-8)";
        }

        return lines.WriteAsync(new ChatLine(peer, text, IsEvent: false), cancellationToken);
    }

    public override void OnPeerEvent(PeerEvent peerEvent)
    {
        var text = peerEvent.Kind switch
        {
            PeerEventKind.Discovered => $"discovered at {string.Join(", ", peerEvent.Addresses)}",
            PeerEventKind.Connected => $"connected ({string.Join(", ", peerEvent.Addresses)})",
            PeerEventKind.Disconnected => "disconnected",
            PeerEventKind.Updated => $"listens on {string.Join(", ", peerEvent.Addresses)}",
            _ => peerEvent.Kind.ToString(),
        };
        lines.TryWrite(new ChatLine(peerEvent.Peer, text, IsEvent: true));
    }
}
