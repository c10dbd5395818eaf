using RustyNode.Network.Identity;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Applications;

/// <summary>
/// An application's handler for one custom protocol id, registered with
/// <see cref="ApplicationProtocols.Register(string, ProtocolHandler)"/>. Override
/// <see cref="HandleStreamAsync"/> to own the raw stream, or keep its default and override
/// <see cref="HandleMessageAsync"/> to receive length-prefixed messages (APP-2).
/// </summary>
public abstract class ProtocolHandler
{
    /// <summary>Set when the handler is registered.</summary>
    protected internal ApplicationProtocols? Host { get; internal set; }

    /// <summary>
    /// Handles one inbound stream of this protocol. The default reads length-prefixed messages
    /// until the remote closes its side and hands each to <see cref="HandleMessageAsync"/> in order.
    /// The stream is disposed when this returns; an exception resets it.
    /// </summary>
    public virtual async Task HandleStreamAsync(ProtocolStream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var host = Host ?? throw new InvalidOperationException("The handler is not registered.");
        while (await host.ReadInboundMessageAsync(stream, cancellationToken) is { } message)
        {
            await HandleMessageAsync(stream.Peer, message, cancellationToken);
        }

        await stream.Output.CompleteAsync();
    }

    /// <summary>
    /// One message from <paramref name="peer"/>. The memory belongs to the handler (it may keep it).
    /// Messages of one stream arrive one at a time, in order. Default: ignores the message.
    /// </summary>
    public virtual ValueTask HandleMessageAsync(PeerId peer, ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    /// <summary>
    /// A peer was discovered, connected, disconnected or updated (APP-3). Called on the swarm's
    /// thread: return quickly and do not block. Default: nothing.
    /// </summary>
    public virtual void OnPeerEvent(PeerEvent peerEvent)
    {
    }
}
