using RustyNode.Network.Identity;

namespace RustyNode.Network.Applications;

/// <summary>A <see cref="ProtocolHandler"/> made of an application's callbacks.</summary>
internal sealed class DelegateProtocolHandler(
    Func<PeerId, ReadOnlyMemory<byte>, CancellationToken, ValueTask> onMessage,
    Action<PeerEvent>? onPeerEvent) : ProtocolHandler
{
    public override ValueTask HandleMessageAsync(PeerId peer, ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        onMessage(peer, message, cancellationToken);

    public override void OnPeerEvent(PeerEvent peerEvent) => onPeerEvent?.Invoke(peerEvent);
}
