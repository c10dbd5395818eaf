using RustyNode.Network.Identity;
using RustyNode.Network.Swarm;

namespace RustyNode.Network.Applications;

/// <summary>One registered custom protocol: sends to one peer or to all that speak it.</summary>
public sealed class ProtocolRegistration
{
    private readonly ApplicationProtocols _host;

    internal ProtocolRegistration(ApplicationProtocols host, string protocolId, ProtocolHandler handler)
    {
        _host = host;
        ProtocolId = protocolId;
        Handler = handler;
    }

    /// <summary>The protocol id.</summary>
    public string ProtocolId { get; }

    /// <summary>The application's handler.</summary>
    public ProtocolHandler Handler { get; }

    /// <inheritdoc cref="ApplicationProtocols.SendAsync" />
    public Task SendAsync(PeerId peer, ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        _host.SendAsync(peer, ProtocolId, message, cancellationToken);

    /// <inheritdoc cref="ApplicationProtocols.BroadcastAsync" />
    public Task<int> BroadcastAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        _host.BroadcastAsync(ProtocolId, message, cancellationToken);

    /// <inheritdoc cref="ApplicationProtocols.OpenStreamAsync" />
    public Task<ProtocolStream> OpenStreamAsync(PeerId peer, CancellationToken cancellationToken) =>
        _host.OpenStreamAsync(peer, ProtocolId, cancellationToken);
}
