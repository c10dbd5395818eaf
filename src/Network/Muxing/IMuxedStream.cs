using System.IO.Pipelines;

namespace RustyNode.Network.Muxing;

/// <summary>
/// One stream of a multiplexed connection, as a duplex pipe.
/// Completing <see cref="IDuplexPipe.Output"/> half-closes the stream (FIN / close); reading
/// <see cref="IDuplexPipe.Input"/> yields IsCompleted once the remote half-closed; a reset makes
/// pending and later reads and writes fail with <see cref="StreamResetException"/>.
/// Disposing closes both halves (it resets the stream if the remote has not finished).
/// </summary>
public interface IMuxedStream : IDuplexPipe, IAsyncDisposable
{
    /// <summary>The muxer's stream id.</summary>
    long Id { get; }

    /// <summary>True when this side opened the stream.</summary>
    bool IsOutbound { get; }

    /// <summary>Aborts the stream in both directions and tells the remote (RST / reset).</summary>
    void Reset();

    /// <summary>
    /// The stream's protocol meters what the remote sends on it with a byte budget of its own
    /// (PROT-2.5): from now on its payload is not charged to the connection's budget for unasked
    /// traffic and its window credit is never held back for that budget. Only for streams the
    /// remote opened; on our own streams it changes nothing.
    /// </summary>
    void MeterBytesByProtocol();
}
