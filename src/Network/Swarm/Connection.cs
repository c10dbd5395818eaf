using RustyNode.Network.Addressing;
using RustyNode.Network.Identity;
using RustyNode.Network.Muxing;
using RustyNode.Network.Security.Noise;

namespace RustyNode.Network.Swarm;

/// <summary>
/// A live, fully upgraded connection to one peer: TCP, secured by Noise, multiplexed.
/// Owned by the <see cref="Swarm"/>; behaviours see it to learn who is on the other end.
/// </summary>
public sealed class Connection : IAsyncDisposable
{
    private readonly IAsyncDisposable _transport;
    private readonly SecureChannel _secure;
    private int _disposed;

    internal Connection(
        long id,
        ConnectionDirection direction,
        Multiaddr localAddress,
        Multiaddr remoteAddress,
        IAsyncDisposable transport,
        SecureChannel secure,
        IMuxedConnection muxer,
        string muxerProtocol,
        DateTimeOffset openedAt,
        int maxOutboundNegotiations)
    {
        OutboundNegotiations = new SemaphoreSlim(maxOutboundNegotiations);
        Id = id;
        Direction = direction;
        LocalAddress = localAddress;
        RemoteAddress = remoteAddress;
        _transport = transport;
        _secure = secure;
        Muxer = muxer;
        MuxerProtocol = muxerProtocol;
        OpenedAt = openedAt;
    }

    /// <summary>Process-unique id of this connection.</summary>
    public long Id { get; }

    /// <summary>The proven identity of the remote peer.</summary>
    public PeerId RemotePeer => _secure.RemotePeer;

    /// <summary>The remote's identity key as proven in the Noise handshake.</summary>
    public PublicKey RemotePublicKey => _secure.RemotePublicKey;

    /// <summary>Who dialed.</summary>
    public ConnectionDirection Direction { get; }

    /// <summary>Our end of the TCP connection.</summary>
    public Multiaddr LocalAddress { get; }

    /// <summary>The remote end of the TCP connection (as we observe it).</summary>
    public Multiaddr RemoteAddress { get; }

    /// <summary>The negotiated muxer, e.g. "/yamux/1.0.0".</summary>
    public string MuxerProtocol { get; }

    /// <summary>When the upgrade completed.</summary>
    public DateTimeOffset OpenedAt { get; }

    /// <summary>The stream multiplexer running over this connection.</summary>
    public IMuxedConnection Muxer { get; }

    /// <summary>The connection's share of the memory budget, when the swarm has a resource manager.</summary>
    internal IMuxerMemory? Memory { get; init; }

    /// <summary>Bounds how many of our outbound streams negotiate their protocol at once.</summary>
    internal SemaphoreSlim OutboundNegotiations { get; }

    /// <summary>Completes when the connection has ended for any reason.</summary>
    public Task Completion => Muxer.Completion;

    /// <summary>Closes the muxer gracefully, then the secure channel and the socket. Safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await Muxer.CloseAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or Libp2pProtocolException or MuxerClosedException)
        {
            // The remote is gone or misbehaving; closing goes on regardless.
        }

        await Muxer.DisposeAsync();
        await _secure.DisposeAsync();
        await _transport.DisposeAsync();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Direction} connection {Id} to {RemotePeer} at {RemoteAddress}";
}
