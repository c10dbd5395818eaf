namespace RustyNode.Network.Muxing;

/// <summary>One multiplexed connection: opens and accepts streams.</summary>
public interface IMuxedConnection : IAsyncDisposable
{
    /// <summary>Opens a new outbound stream.</summary>
    /// <exception cref="MuxerClosedException">The session has ended or is going away.</exception>
    ValueTask<IMuxedStream> OpenStreamAsync(CancellationToken cancellationToken = default);

    /// <summary>Waits for the next stream the remote opened.</summary>
    /// <exception cref="MuxerClosedException">The session has ended; no more streams will come.</exception>
    ValueTask<IMuxedStream> AcceptStreamAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes when the session has ended: successfully after a clean close, faulted with a
    /// <see cref="Libp2pProtocolException"/> when the remote broke the protocol.
    /// </summary>
    Task Completion { get; }

    /// <summary>Number of streams currently open (either direction).</summary>
    int StreamCount { get; }

    /// <summary>
    /// Closes the session gracefully (yamux sends go-away), then ends it. Safe to call more than once.
    /// </summary>
    ValueTask CloseAsync(CancellationToken cancellationToken = default);
}
