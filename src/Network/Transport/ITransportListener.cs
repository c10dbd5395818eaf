using RustyNode.Network.Addressing;

namespace RustyNode.Network.Transport;

/// <summary>A listening endpoint of a transport. Dispose it to stop listening (twice is safe).</summary>
public interface ITransportListener : IAsyncDisposable
{
    /// <summary>The address actually bound, in the transport's own form; port 0 is replaced by the chosen port.</summary>
    Multiaddr ListenAddress { get; }

    /// <summary>
    /// Waits for the next inbound connection. It may still have a transport-level handshake to
    /// finish; until then its input delivers nothing, and a failed handshake ends the input with
    /// an error.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The listener was disposed (also ends a pending accept).</exception>
    /// <exception cref="IOException">Accepting failed; the listener remains usable.</exception>
    ValueTask<ITransportConnection> AcceptAsync(CancellationToken ct);
}
