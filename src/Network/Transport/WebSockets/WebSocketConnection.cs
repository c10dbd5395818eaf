using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using RustyNode.Network.Addressing;
using RustyNode.Network.Transport.Tcp;

namespace RustyNode.Network.Transport.WebSockets;

/// <summary>
/// One WebSocket connection as a duplex pipe (specs/network/17-websocket.md): the byte stream the
/// application flushes goes out as binary frames (masked when we dialed), and the payload of the
/// peer's binary frames comes in, in order, whatever their framing. A receive loop parses frames
/// from the TCP connection and answers pings and closes; a send loop frames the output. Completing
/// <see cref="Output"/> sends a Close frame; the peer's Close completes <see cref="Input"/>.
/// A frame that breaks the rules or a limit ends the input with a <see cref="WebSocketProtocolException"/>
/// and the connection with a Close frame that carries its code and reason.
/// </summary>
public sealed partial class WebSocketConnection : ITransportConnection
{
    private readonly TcpConnection _tcp;
    private readonly WebSocketTransportOptions _options;
    private readonly ILogger _logger;
    private readonly bool _isServer;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly TaskCompletionSource _handshake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _receiveEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource? _handshakeDeadline;
    private readonly Task _receiveTask;
    private readonly Task _sendTask;
    private CloseRequest? _close;
    private int _disposeStarted;
    private volatile bool _aborted;
    private volatile bool _stopReceiving;

    private WebSocketConnection(TcpConnection tcp, bool isServer, WebSocketTransportOptions options, ILogger logger)
    {
        _tcp = tcp;
        _isServer = isServer;
        _options = options;
        _logger = logger;
        LocalAddress = tcp.LocalAddress.Encapsulate(WebSocketTransport.WsComponent);
        RemoteAddress = tcp.RemoteAddress.Encapsulate(WebSocketTransport.WsComponent);
        _input = new Pipe(new PipeOptions(
            pauseWriterThreshold: options.InputPauseThreshold,
            resumeWriterThreshold: options.InputResumeThreshold,
            minimumSegmentSize: options.ReceiveSegmentSize,
            useSynchronizationContext: false));
        _output = new Pipe(new PipeOptions(
            pauseWriterThreshold: options.OutputPauseThreshold,
            resumeWriterThreshold: options.OutputResumeThreshold,
            minimumSegmentSize: options.OutputSegmentSize,
            useSynchronizationContext: false));
        if (isServer)
        {
            // The handshake time counts from the TCP accept (WS-1.5).
            _handshakeDeadline = new CancellationTokenSource(WebSocketLimits.HandshakeTimeout, options.TimeProvider);
        }
        else
        {
            // The dialer finished the opening handshake before the connection was made.
            _handshake.SetResult();
        }

        _receiveTask = ReceiveLoopAsync();
        _sendTask = SendLoopAsync();
    }

    /// <summary>Payload bytes from the peer. Completes at the peer's Close frame (or the end of the TCP connection).</summary>
    public PipeReader Input => _input.Reader;

    /// <summary>Bytes to send. <see cref="PipeWriter.Complete(Exception?)"/> sends a Close frame (1000).</summary>
    public PipeWriter Output => _output.Writer;

    /// <summary>Our end, e.g. <c>/ip4/127.0.0.1/tcp/50123/ws</c>.</summary>
    public Multiaddr LocalAddress { get; }

    /// <summary>The peer's end, e.g. <c>/ip4/127.0.0.1/tcp/4001/ws</c>.</summary>
    public Multiaddr RemoteAddress { get; }

    /// <summary>True on the side that accepted the connection (it receives masked frames and sends unmasked ones).</summary>
    public bool IsServer => _isServer;

    /// <summary>Completes when the opening handshake succeeded; faults with why it failed.</summary>
    public Task Handshake => _handshake.Task;

    /// <summary>The status code of the peer's Close frame, once one arrived (1005 when it carried none).</summary>
    public int? PeerCloseCode { get; private set; }

    /// <summary>The reason of the peer's Close frame, once one arrived.</summary>
    public string? PeerCloseReason { get; private set; }

    /// <summary>Completes when both loops have ended.</summary>
    public Task Completion => Task.WhenAll(_receiveTask, _sendTask);

    /// <summary>Ends the connection at once with a TCP reset, without a Close frame. Safe to call more than once.</summary>
    public void Abort()
    {
        if (_aborted)
        {
            return;
        }

        _aborted = true;
        _tcp.Abort();
        _output.Reader.CancelPendingRead();
    }

    /// <summary>
    /// Closes the connection: sends a Close frame after the flushed data, waits a bounded time for
    /// the peer's Close, then closes the TCP connection. Safe to call more than once.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposeStarted, 1) == 1)
        {
            await _disposed.Task;
            return;
        }

        try
        {
            if (!_handshake.Task.IsCompleted)
            {
                // Closed before the opening handshake finished (e.g. refused by a connection
                // gate): give up on it at once rather than wait for the client or the deadline.
                await _handshakeDeadline!.CancelAsync();
            }

            await _input.Reader.CompleteAsync();
            await _output.Writer.CompleteAsync();
            await _sendTask.WaitAsync(WebSocketLimits.CloseTimeout * 2, _options.TimeProvider).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!_sendTask.IsCompleted)
            {
                Abort();
            }

            _stopReceiving = true;
            if (!_receiveTask.IsCompleted)
            {
                _tcp.Input.CancelPendingRead();
            }

            await _receiveTask.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await _sendTask.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await _tcp.DisposeAsync();
            _handshakeDeadline?.Dispose();
        }
        finally
        {
            _disposed.TrySetResult();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{LocalAddress} <-> {RemoteAddress}";

    /// <summary>A dialed connection whose handshake is done: starts its loops.</summary>
    internal static WebSocketConnection StartClient(TcpConnection tcp, WebSocketTransportOptions options, ILogger logger) =>
        new(tcp, isServer: false, options, logger);

    /// <summary>An accepted connection: its receive loop answers the opening handshake first.</summary>
    internal static WebSocketConnection StartServer(TcpConnection tcp, WebSocketTransportOptions options, ILogger logger) =>
        new(tcp, isServer: true, options, logger);

    /// <summary>Asks the send loop to close with <paramref name="request"/> (the first request wins) and wakes it.</summary>
    private void RequestClose(CloseRequest request)
    {
        Interlocked.CompareExchange(ref _close, request, null);
        _output.Reader.CancelPendingRead();
    }

    /// <summary>A Close frame the send loop owes: our own failure, or the answer to the peer's Close.</summary>
    private sealed record CloseRequest(ushort Code, string Reason, bool IsFailure);
}
