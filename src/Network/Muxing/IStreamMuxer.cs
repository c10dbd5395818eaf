using System.IO.Pipelines;

namespace RustyNode.Network.Muxing;

/// <summary>
/// A stream multiplexer (yamux, mplex): turns one secured connection into many streams.
/// Negotiated by its <see cref="ProtocolId"/> with multistream-select after the security handshake.
/// </summary>
public interface IStreamMuxer
{
    /// <summary>The multistream-select protocol id, e.g. "/yamux/1.0.0".</summary>
    string ProtocolId { get; }

    /// <summary>
    /// Starts a session over <paramref name="connection"/>. The session owns the connection from
    /// now on: it runs its read loop until the remote closes, a protocol error occurs, or the
    /// session is disposed.
    /// </summary>
    /// <param name="connection">The secured connection (Noise channel, or any duplex pipe in tests).</param>
    /// <param name="isInitiator">True on the side that dialed; decides stream id parity.</param>
    IMuxedConnection Start(IDuplexPipe connection, bool isInitiator) => Start(connection, isInitiator, MuxerResources.None);

    /// <summary>As <see cref="Start(IDuplexPipe, bool)"/>, charging the remote's unasked traffic and buffering to <paramref name="resources"/>.</summary>
    IMuxedConnection Start(IDuplexPipe connection, bool isInitiator, MuxerResources resources);
}
