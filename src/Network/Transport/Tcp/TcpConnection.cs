using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using RustyNode.Network.Addressing;

namespace RustyNode.Network.Transport.Tcp;

/// <summary>
/// One TCP connection as a duplex pipe (specs/network/08-tcp.md). A receive loop reads the socket
/// straight into the input pipe's buffers; a send loop writes what the application flushed to the
/// output pipe. Pipe thresholds give backpressure both ways. The remote side's close completes
/// <see cref="Input"/>; completing <see cref="Output"/> half-closes (FIN) our sending side.
/// Socket failures surface as <see cref="IOException"/> from the pipes, never as crashes.
/// </summary>
public sealed partial class TcpConnection : ITransportConnection
{
    private readonly Socket _socket;
    private readonly TcpTransportOptions _options;
    private readonly ILogger _logger;
    private readonly Pipe _input;
    private readonly Pipe _output;
    private readonly Task _receiveTask;
    private readonly Task _sendTask;
    private readonly TaskCompletionSource _disposed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposeStarted;
    private volatile bool _aborted;

    private TcpConnection(Socket socket, TcpTransportOptions options, ILogger logger)
    {
        _socket = socket;
        _options = options;
        _logger = logger;
        LocalAddress = Multiaddr.FromIPEndPoint((IPEndPoint)socket.LocalEndPoint!);
        RemoteAddress = Multiaddr.FromIPEndPoint((IPEndPoint)socket.RemoteEndPoint!);
        _input = new Pipe(new PipeOptions(
            pauseWriterThreshold: options.InputPauseThreshold,
            resumeWriterThreshold: options.InputResumeThreshold,
            useSynchronizationContext: false));
        _output = new Pipe(new PipeOptions(
            pauseWriterThreshold: options.OutputPauseThreshold,
            resumeWriterThreshold: options.OutputResumeThreshold,
            minimumSegmentSize: options.OutputSegmentSize,
            useSynchronizationContext: false));
        _receiveTask = ReceiveLoopAsync();
        _sendTask = SendLoopAsync();
    }

    /// <summary>Bytes received from the peer. Completes when the peer closes its sending side.</summary>
    public PipeReader Input => _input.Reader;

    /// <summary>Bytes to send. <see cref="PipeWriter.Complete(Exception?)"/> half-closes the connection.</summary>
    public PipeWriter Output => _output.Writer;

    /// <summary>Our end, e.g. <c>/ip4/127.0.0.1/tcp/50123</c>.</summary>
    public Multiaddr LocalAddress { get; }

    /// <summary>The peer's end, e.g. <c>/ip4/127.0.0.1/tcp/4001</c>.</summary>
    public Multiaddr RemoteAddress { get; }

    /// <summary>Completes when both loops have ended (the connection is fully closed).</summary>
    public Task Completion => Task.WhenAll(_receiveTask, _sendTask);

    /// <summary>
    /// Ends the connection at once with a reset: unsent data is dropped and pending reads and
    /// flushes end with an <see cref="IOException"/>. Safe to call at any time and more than once.
    /// </summary>
    public void Abort()
    {
        if (_aborted)
        {
            return;
        }

        _aborted = true;
        try
        {
            _socket.LingerState = new LingerOption(enable: true, seconds: 0);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed: nothing to reset.
        }

        _socket.Dispose();
        _output.Reader.CancelPendingRead();
    }

    /// <summary>
    /// Closes the connection: stops reading, lets flushed data drain (bounded by
    /// <see cref="TcpTransportOptions.CloseTimeout"/>), closes the socket and awaits both loops.
    /// Safe to call more than once; every call waits for the close to finish.
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
            await _input.Reader.CompleteAsync();
            await _output.Writer.CompleteAsync();
            await _sendTask.WaitAsync(_options.CloseTimeout, _options.TimeProvider).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!_sendTask.IsCompleted)
            {
                Log.TcpCloseTimedOut(_logger, RemoteAddress);
                Abort();
            }

            _socket.Dispose();
            await _receiveTask.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await _sendTask.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            Log.TcpClosed(_logger, RemoteAddress);
        }
        finally
        {
            _disposed.TrySetResult();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{LocalAddress} <-> {RemoteAddress}";

    /// <summary>Configures <paramref name="socket"/> and starts the connection's loops.</summary>
    internal static TcpConnection Start(Socket socket, TcpTransportOptions options, ILogger logger)
    {
        socket.NoDelay = options.NoDelay;
        if (options.SocketReceiveBufferSize is { } receive)
        {
            socket.ReceiveBufferSize = receive;
        }

        if (options.SocketSendBufferSize is { } send)
        {
            socket.SendBufferSize = send;
        }

        return new TcpConnection(socket, options, logger);
    }
}
