using System.IO.Pipelines;
using RustyNode.Network.Addressing;

namespace RustyNode.Network.Transport;

/// <summary>
/// One connection of a transport as a duplex pipe: what the peer sends appears on
/// <see cref="IDuplexPipe.Input"/> in order; what is flushed to <see cref="IDuplexPipe.Output"/> is
/// sent in order; completing the output ends our sending side. Disposing closes it (twice is safe).
/// </summary>
public interface ITransportConnection : IDuplexPipe, IAsyncDisposable
{
    /// <summary>Our end, in the transport's own form (e.g. <c>/ip4/127.0.0.1/tcp/50123/ws</c>).</summary>
    Multiaddr LocalAddress { get; }

    /// <summary>The peer's end as we observe it, in the same form.</summary>
    Multiaddr RemoteAddress { get; }
}
